import { describe, expect, it, vi } from 'vitest'
import { createFlashbackServer } from '../src/server.js'
import { people } from './support/world.js'

describe('createFlashbackServer options', () => {
  it('calls onUnhandledRequest for a path the document does not have, and still answers 404', async () => {
    const onUnhandledRequest = vi.fn()
    const server = createFlashbackServer({ onUnhandledRequest })
    const url = await server.listen(0)
    try {
      const response = await fetch(`${url}/organisation/typo`)
      expect(response.status).toBe(404)
      expect(onUnhandledRequest).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', path: '/organisation/typo' }))
    } finally {
      await server.close()
    }
  })

  it('answers in process through a named world without listening, and closes without having listened', async () => {
    const server = createFlashbackServer({ strict: true })
    const alice = server.world('alice')
    alice.fail('getUserProfile', { status: 503 }, { times: 1 })
    const asOwner = { headers: { Authorization: `Bearer ${alice.tokenFor(people.owner.id)}` } }
    expect((await alice.fetch('/user/profile', asOwner)).status).toBe(503)
    expect((await alice.fetch('/user/profile', asOwner)).status).toBe(200)
    expect((await server.mock.fetch('/user/profile', asOwner)).status).toBe(401)
    expect(alice.journal().map((e) => [e.world, e.status])).toEqual([
      ['alice', 503],
      ['alice', 200],
    ])
    await expect(server.close()).resolves.toBeUndefined()
  })

  it('refuses a world name that breaks the rule, naming it', () => {
    const server = createFlashbackServer()
    expect(() => server.world('no spaces')).toThrow(/1 to 64 letters, digits/)
  })

  it('answers with one Content-Type through the core and msw engines alike', async () => {
    const types = []
    for (const engine of ['core', 'msw'] as const) {
      const server = createFlashbackServer({ engine })
      const url = await server.listen(0)
      const response = await fetch(`${url}/user/profile`, { headers: { Authorization: `Bearer ${server.mock.tokenFor(people.owner.id)}` } })
      types.push(response.headers.get('content-type'))
      await server.close()
    }
    expect(types).toEqual(['application/json', 'application/json'])
  })
})
