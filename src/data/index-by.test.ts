import { afterEach, describe, expect, it, vi } from 'vitest'
import { FlashbackStore, userKeys } from './store.js'
import { TokenSigner } from './tokens.js'
import type { UserRecord } from './record-schemas.js'

const user = (id: string, orgId: string | null, email = `${id}@acme.com`): UserRecord => ({
  id, email, name: id, lastName: 'Test', orgId, orgRole: 0, validated: true, deletedAt: null,
  password: 'Password123!', authMethod: 'LOCAL', createdAt: '2025-01-01T00:00:00.000Z',
})

describe('the store indexes', () => {
  it('finds users by id, e-mail (any case) and organization after create, update and delete', async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    await store.addUser(user('a', 'acme'))
    await store.addUser(user('b', 'acme'))
    await store.addUser(user('c', 'globex'))
    expect(store.user('b')?.name).toBe('b')
    expect(store.userByEmail('B@ACME.COM')?.id).toBe('b')
    expect(store.usersOf('acme').map((u) => u.id)).toEqual(['a', 'b'])

    await store.updateUser('a', { name: 'Ann', deletedAt: '2025-02-01T00:00:00.000Z' })
    expect(store.user('a')?.name).toBe('Ann')
    expect(store.usersOf('acme').map((u) => u.id)).toEqual(['a', 'b'])

    await store.updateUser('b', { orgId: 'globex' })
    expect(store.usersOf('globex').map((u) => u.id)).toEqual(['c', 'b'])

    store.users.delete((q) => q.where({ id: 'c' }))
    expect(store.user('c')).toBeUndefined()
    expect(store.usersOf('globex').map((u) => u.id)).toEqual(['b'])
    expect(store.tokenOf('c')).toBeUndefined()
    expect(store.tokenOwner(store.tokenOf('b')!)).toBe('b')
  })

  it("lists an organization's members as they are after each create, update and delete", async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    await store.addUser(user('a', 'acme'))
    await store.addUser(user('b', 'acme'))
    const members = () => store.usersOf('acme').map((u) => `${u.id}:${u.name}`)
    expect(members()).toEqual(['a:a', 'b:b'])
    await store.addUser(user('c', 'acme'))
    expect(members()).toEqual(['a:a', 'b:b', 'c:c'])
    await store.updateUser('b', { name: 'Bea' })
    expect(members()).toEqual(['a:a', 'b:Bea', 'c:c'])
    await store.users.update((q) => q.where({ id: 'c' }), { data: (draft) => void (draft.name = 'Cy') })
    expect(members()).toEqual(['a:a', 'b:Bea', 'c:Cy'])
    store.users.delete((q) => q.where({ id: 'a' }))
    expect(members()).toEqual(['b:Bea', 'c:Cy'])
  })

  it('finds the remaining user by e-mail after another with the same e-mail is deleted or changes it', async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    await store.addUser(user('a', 'acme', 'same@acme.com'))
    await store.addUser(user('b', 'acme', 'SAME@acme.com'))
    await store.addUser(user('c', 'acme', 'same@acme.com'))
    expect(store.userByEmail('same@acme.com')?.id).toBe('a')
    store.users.delete((q) => q.where({ id: 'a' }))
    expect(store.userByEmail('same@acme.com')?.id).toBe('b')
    await store.updateUser('b', { email: 'other@acme.com' })
    expect(store.userByEmail('same@acme.com')?.id).toBe('c')
    expect(store.userByEmail('other@acme.com')?.id).toBe('b')
    store.users.delete((q) => q.where({ id: 'c' }))
    expect(store.userByEmail('same@acme.com')).toBeUndefined()
  })

  it("gives loaded and created users their id as @msw/data's primary key, and updates and deletes still find them", async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    const organization = { id: 'acme', name: 'Acme', domain: 'acme.com', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false }
    await store.load({ organizations: [organization, { ...organization, id: 'globex' }], users: [user('a', 'acme'), user('b', 'globex')] })
    await store.addUser(user('c', 'acme'))
    const primaryKey = (record: object) => {
      const symbol = Object.getOwnPropertySymbols(record).find((s) => s.description === 'kPrimaryKey')!
      return (record as Record<symbol, unknown>)[symbol]
    }
    expect(store.users.all().map(primaryKey)).toEqual(['a', 'b', 'c'])
    expect(primaryKey(store.organization('globex')!)).toBe('globex')
    await store.users.update((q) => q.where({ id: 'b' }), { data: (draft) => void (draft.name = 'Bea') })
    expect(store.user('b')?.name).toBe('Bea')
    store.users.delete(store.users.findFirst((q) => q.where({ id: 'a' }))!)
    expect(store.users.all().map((u) => u.id)).toEqual(['b', 'c'])
  })

  it('refuses a record that breaks the collection schema', async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    await expect(store.addUser({ ...user('x', 'acme'), email: 'not an e-mail' })).rejects.toThrow()
    expect(store.user('x')).toBeUndefined()
  })
})

describe('writes', () => {
  afterEach(() => vi.restoreAllMocks())

  // How many times the index computes a key while one user is created, updated and deleted in a world of `count` users.
  async function keysComputedForOneWrite(count: number, write: (store: FlashbackStore) => Promise<unknown>) {
    const store = new FlashbackStore(new TokenSigner('test'))
    await store.load({ organizations: [], users: Array.from({ length: count }, (_, i) => user(`u${i}`, 'acme')) })
    await store.addUser(user('first-write', 'acme'))
    const keyFunctions = [vi.spyOn(userKeys, 'primary'), vi.spyOn(userKeys.groups!, 'orgId'), vi.spyOn(userKeys.groups!, 'email')]
    await write(store)
    const calls = keyFunctions.reduce((sum, spy) => sum + spy.mock.calls.length, 0)
    vi.restoreAllMocks()
    return calls
  }

  it.each([
    ['creating a user', (store: FlashbackStore) => store.addUser(user('new', 'acme'))],
    ['renaming a user', (store: FlashbackStore) => store.updateUser('u3', { name: 'Renamed' })],
    ['moving a user to another organization', (store: FlashbackStore) => store.updateUser('u3', { orgId: 'globex' })],
    ['deleting a user', async (store: FlashbackStore) => store.users.delete((q) => q.where({ id: 'u3' }))],
  ])('%s computes as many index keys among 5,000 users as among 10', async (_, write) => {
    const few = await keysComputedForOneWrite(10, write)
    const many = await keysComputedForOneWrite(5_000, write)
    expect(few).toBeGreaterThan(0)
    expect(many).toBe(few)
  })
})
