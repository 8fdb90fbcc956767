import { Collection, Query } from '@msw/data'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { organizationSchema, userSchema, type UserRecord } from './record-schemas.js'
import { RecordWriter } from './record-writer.js'

const user = (id: string, changes: Partial<UserRecord> = {}): UserRecord => ({
  id, email: `${id}@acme.com`, name: id, lastName: 'Test', orgId: 'acme', orgRole: 0, validated: true, deletedAt: null,
  password: 'Password123!', authMethod: 'LOCAL', createdAt: '2025-01-01T00:00:00.000Z', ...changes,
})

async function loaded(count: number) {
  const users = new Collection({ schema: userSchema })
  const writer = new RecordWriter<UserRecord>(users, userSchema, (u) => u.id)
  await writer.load(Array.from({ length: count }, (_, i) => user(`u${i}`)))
  return { users, writer }
}

const find = (users: Collection<typeof userSchema>, id: string) => users.findFirst((q) => q.where({ id }))

describe('RecordWriter', () => {
  afterEach(() => vi.restoreAllMocks())

  it('loads records that @msw/data queries, updates, deletes and copies as its own', async () => {
    const { users } = await loaded(5)
    expect(users.all().map((u) => u.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4'])
    expect(find(users, 'u3')?.name).toBe('u3')
    await users.update((q) => q.where({ id: 'u3' }), { data: (draft) => void (draft.name = 'Renamed') })
    expect(find(users, 'u3')?.name).toBe('Renamed')
    users.delete((q) => q.where({ id: 'u1' }))
    expect(users.all().map((u) => u.id)).toEqual(['u0', 'u2', 'u3', 'u4'])
    // Internals are not enumerable: a spread copy is plain data, and creating from it makes a new record.
    const copy = await users.create({ ...find(users, 'u4')!, id: 'u5' })
    expect(Object.getOwnPropertySymbols({ ...copy })).toEqual([])
    expect(users.count()).toBe(5)
  })

  it('loads none of a list in which one record breaks the schema, and names it', async () => {
    const users = new Collection({ schema: userSchema })
    const writer = new RecordWriter<UserRecord>(users, userSchema, (u) => u.id)
    await expect(writer.load([user('a'), user('b', { email: 'not an e-mail' })])).rejects.toThrow(/record "b".*email/)
    expect(users.count()).toBe(0)
  })

  it.each([10, 10_000])('updates a user among %i without testing any other record', async (count) => {
    const { users, writer } = await loaded(count)
    const last = find(users, `u${count - 1}`)!
    const tested = vi.spyOn(Query.prototype, 'test')
    const updated = await writer.update(last, { name: 'Last' })
    expect(tested).not.toHaveBeenCalled()
    tested.mockRestore()
    expect(updated.name).toBe('Last')
    expect(find(users, `u${count - 1}`)).toBe(updated)
    expect(users.count()).toBe(count)
  })

  it('emits one update event per changed field, and undoes a change a listener prevents', async () => {
    const { users, writer } = await loaded(3)
    const events: string[] = []
    users.hooks.on('update', (event) => {
      events.push(`${String(event.data.path)}: ${String(event.data.prevValue)} -> ${String(event.data.nextValue)}`)
      if (event.data.path[0] === 'orgRole') event.preventDefault()
    })
    const updated = await writer.update(find(users, 'u1')!, { name: 'Ann', lastName: 'Test', orgRole: 2 })
    expect(events).toEqual(['name: u1 -> Ann', 'orgRole: 0 -> 2'])
    expect(updated).toMatchObject({ name: 'Ann', orgRole: 0 })
    expect(find(users, 'u1')).toBe(updated)
  })

  it('keeps the very record when an update changes nothing, and emits no event', async () => {
    const { users, writer } = await loaded(3)
    const before = find(users, 'u1')!
    const events = vi.fn()
    users.hooks.on('update', events)
    expect(await writer.update(before, { name: 'u1', orgRole: 0 })).toBe(before)
    expect(find(users, 'u1')).toBe(before)
    expect(events).not.toHaveBeenCalled()
  })

  it('refuses an update that breaks the schema and keeps the record', async () => {
    const { users, writer } = await loaded(3)
    const before = find(users, 'u1')!
    await expect(writer.update(before, { email: 'not an e-mail' })).rejects.toThrow(/record "u1".*email/)
    expect(find(users, 'u1')).toBe(before)
  })

  it('finds records again after a delete through @msw/data moved them, and after creates', async () => {
    const { users, writer } = await loaded(5)
    await writer.update(find(users, 'u4')!, { name: 'Four' })
    users.delete((q) => q.where({ id: 'u0' }))
    await users.create(user('u5'))
    await writer.update(find(users, 'u4')!, { name: 'Four again' })
    await writer.update(find(users, 'u5')!, { name: 'Five' })
    expect(users.all().map((u) => `${u.id}:${u.name}`)).toEqual(['u1:u1', 'u2:u2', 'u3:u3', 'u4:Four again', 'u5:Five'])
  })

  it('updates through @msw/data a record that has relations', async () => {
    const organizations = new Collection({ schema: organizationSchema })
    const { users, writer } = await loaded(3)
    // A relation the store never defines, as a test of its own might.
    users.defineRelations((({ one }: any) => ({ organization: one(organizations) })) as any)
    const related = find(users, 'u2')!
    const tested = vi.spyOn(Query.prototype, 'test')
    const updated = await writer.update(related, { name: 'Related' })
    expect(tested).toHaveBeenCalled()
    expect(find(users, 'u2')?.name).toBe('Related')
    expect(updated.name).toBe('Related')
  })
})
