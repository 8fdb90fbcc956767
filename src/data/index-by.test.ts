import { describe, expect, it } from 'vitest'
import { FlashbackStore } from './store.js'
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

  it('refuses a record that breaks the collection schema', async () => {
    const store = new FlashbackStore(new TokenSigner('test'))
    await expect(store.addUser({ ...user('x', 'acme'), email: 'not an e-mail' })).rejects.toThrow()
    expect(store.user('x')).toBeUndefined()
  })
})
