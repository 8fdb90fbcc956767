import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { people } from './support/world.js'

const user = (email: string) => ({ email, password: 'Password123!', firstName: 'Para', lastName: 'Llel' })

describe.each(transports)('parallel requests through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('lands every one of 50 parallel creates with distinct e-mails', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.request('POST', '/organization/users', { as: 'owner', json: user(`parallel.${i}@acme.com`) })),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201))
    expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(50)
    const list = await t.request('GET', '/organization/users', { as: 'owner' })
    expect(list.body.data.filter((u: { email: string }) => u.email.startsWith('parallel.'))).toHaveLength(50)
  })

  it('gives exactly one 201 and 400 to the rest for 20 parallel creates of one e-mail', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.request('POST', '/organization/users', { as: 'owner', json: user(i % 2 ? 'SAME@acme.com' : 'same@acme.com') })),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([201, ...Array(19).fill(400)])
    expect(t.mock.db.users.all().filter((u) => u.email.toLowerCase() === 'same@acme.com')).toHaveLength(1)
  })

  it('ends consistent after parallel deletes and activations of one user', async () => {
    const path = `/organization/users/${people.user.id}`
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.request(i % 2 ? 'DELETE' : 'POST', i % 2 ? path : `${path}/activate`, { as: 'owner' })),
    )
    for (const r of responses) expect([200, 400]).toContain(r.status)
    // Each success flips the state, so the number of successes decides where it ends.
    const deletes = responses.filter((r, i) => i % 2 && r.status === 200).length
    const activations = responses.filter((r, i) => !(i % 2) && r.status === 200).length
    expect(deletes - activations).toBeGreaterThanOrEqual(0)
    expect(deletes - activations).toBeLessThanOrEqual(1)
    const final = await t.request('GET', path, { as: 'owner' })
    expect(final.body.deletedAt === null).toBe(deletes === activations)
  })
})
