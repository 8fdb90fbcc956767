import { describe, expect, it } from 'vitest'
import { useStandaloneServer } from './support/transports.js'
import { ACME, people } from './support/world.js'

const { server, url } = useStandaloneServer({ strict: true, maxWorlds: 3 })

interface Call {
  world?: string
  cookie?: string
  token?: string
  json?: unknown
  headers?: Record<string, string>
}

async function call(method: string, path: string, { world, cookie, token, json, headers = {} }: Call = {}) {
  const response = await fetch(`${url()}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(world === undefined ? {} : { 'x-mock-world': world }),
      ...(cookie === undefined ? {} : { cookie }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

const ownerOf = (world: string) => server.world(world).tokenFor(people.owner.id)
const usersIn = async (world: string) => (await call('GET', '/organization/users', { world, token: ownerOf(world) })).body.total as number

describe('a world per request on the standalone server', () => {
  it('keeps a user created in one world out of every other world', async () => {
    const before = await usersIn('isolation-b')
    const created = await call('POST', '/organization/users', {
      world: 'isolation-a',
      token: ownerOf('isolation-a'),
      json: { email: 'only.in.a@acme.com', password: 'SecurePassword123!', firstName: 'Only', lastName: 'InA' },
    })
    expect(created.status).toBe(201)
    expect(await usersIn('isolation-a')).toBe(before + 1)
    expect(await usersIn('isolation-b')).toBe(before)
    expect(await usersIn('default')).toBe(before)
    expect(server.mock.users().some((u) => u.email === 'only.in.a@acme.com')).toBe(false)
  })

  it('answers 401 to a token of one world sent to another, though both have the same user', async () => {
    const token = ownerOf('tokens-a')
    expect((await call('GET', '/user/profile', { world: 'tokens-a', token })).status).toBe(200)
    const elsewhere = await call('GET', '/user/profile', { world: 'tokens-b', token })
    expect(elsewhere.status).toBe(401)
    expect((await call('GET', '/user/profile', { token })).status).toBe(401)
  })

  it('answers 401 in another world to the tokens a sign-in gave', async () => {
    const login = await call('POST', '/user/login', { world: 'login-a', json: { email: people.user.email, password: 'Password123!' } })
    expect(login.status).toBe(200)
    const accessToken = login.body.accessToken as string
    expect((await call('GET', '/user/profile', { world: 'login-a', token: accessToken })).status).toBe(200)
    expect((await call('GET', '/user/profile', { world: 'login-b', token: accessToken })).status).toBe(401)
  })

  it('uses the world of the cookie a browser got from the enter URL, and the header over the cookie', async () => {
    const entered = await call('GET', '/__mock/worlds/cookie-world/enter?then=/user/profile')
    expect(entered.status).toBe(302)
    expect(entered.headers.get('location')).toBe('/user/profile')
    const cookie = entered.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toBe('flashback_mock_world=cookie-world')
    await call('POST', '/__mock/clock', { cookie, json: { advance: '1d' } })
    const inCookieWorld = await call('GET', '/__mock/journal', { cookie })
    expect(inCookieWorld.status).toBe(200)
    await call('GET', '/user/profile', { cookie, token: ownerOf('cookie-world') })
    const journal = (await call('GET', '/__mock/journal', { cookie })).body.journal
    expect(journal.at(-1)).toMatchObject({ world: 'cookie-world', operationId: 'getUserProfile', status: 200 })
    // The header wins: the same cookie with another world's header is in that world.
    expect((await call('GET', '/user/profile', { cookie, world: 'header-world', token: ownerOf('cookie-world') })).status).toBe(401)
  })

  it('answers 400 naming the rule to a world name that breaks it, and records it nowhere', async () => {
    const before = server.mock.journal().length
    for (const bad of ['has space', 'a/b', 'x'.repeat(65), 'ünïcode']) {
      // A header carries Latin-1 only: a name in other letters arrives with them replaced.
      const answer = await call('GET', '/user/profile', { headers: { 'x-mock-world': bad.replace(/[^\x20-\x7e]/g, '?') }, token: ownerOf('default') })
      expect(answer.status, bad).toBe(400)
      expect(answer.body.message).toContain('1 to 64 letters, digits, "-", "_" or "."')
    }
    const control = await call('GET', '/__mock/users', { world: 'has space' })
    expect(control.status).toBe(400)
    expect(server.mock.journal()).toHaveLength(before)
  })
})

describe('everything of a world is its own', () => {
  it('fails a request only in the world that set the fault', async () => {
    const faulted = await call('POST', '/__mock/faults', { world: 'faults-a', json: { operationId: 'getUserProfile', status: 503, times: 1 } })
    expect(faulted.status).toBe(201)
    expect((await call('GET', '/user/profile', { world: 'faults-b', token: ownerOf('faults-b') })).status).toBe(200)
    expect((await call('GET', '/user/profile', { token: ownerOf('default') })).status).toBe(200)
    expect((await call('GET', '/user/profile', { world: 'faults-a', token: ownerOf('faults-a') })).status).toBe(503)
    expect((await call('GET', '/user/profile', { world: 'faults-a', token: ownerOf('faults-a') })).status).toBe(200)
  })

  it('moves the clock of one world only, so only its sign-ins expire', async () => {
    const tokens: Record<string, string> = {}
    for (const world of ['clock-a', 'clock-b']) {
      tokens[world] = (await call('POST', '/user/login', { world, json: { email: people.user.email, password: 'Password123!' } })).body.accessToken
    }
    const moved = await call('POST', '/__mock/clock', { world: 'clock-a', json: { advance: '61m' } })
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(59 * 60_000)
    expect((await call('GET', '/user/profile', { world: 'clock-a', token: tokens['clock-a'] })).status).toBe(401)
    expect((await call('GET', '/user/profile', { world: 'clock-b', token: tokens['clock-b'] })).status).toBe(200)
    expect(Math.abs(server.mock.clock.now().getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('journals and resets per world, naming the world in each entry', async () => {
    await call('GET', '/user/profile', { world: 'journal-a', token: ownerOf('journal-a') })
    await call('GET', '/organization/users', { world: 'journal-b', token: ownerOf('journal-b') })
    const a = (await call('GET', '/__mock/journal', { world: 'journal-a' })).body.journal
    expect(a.map((e: { operationId: string; world: string }) => [e.operationId, e.world])).toEqual([['getUserProfile', 'journal-a']])
    await call('POST', '/__mock/reset', { world: 'journal-a' })
    expect((await call('GET', '/__mock/journal', { world: 'journal-a' })).body.journal).toEqual([])
    expect((await call('GET', '/__mock/journal', { world: 'journal-b' })).body.journal).toHaveLength(1)
  })

  it('records the violations of a world in that world only', async () => {
    await call('GET', '/organization/users', { world: 'violations-a' })
    expect(server.world('violations-a').violations.map((v) => v.kind)).toEqual(['unauthenticated'])
    expect(server.world('violations-b').violations).toEqual([])
  })

  it('expires the tokens of one world only', async () => {
    const tokens: Record<string, string> = {}
    for (const world of ['expire-a', 'expire-b']) {
      tokens[world] = (await call('POST', '/user/login', { world, json: { email: people.user.email, password: 'Password123!' } })).body.accessToken
    }
    expect((await call('POST', '/__mock/tokens/expire', { world: 'expire-a', json: {} })).body.expired).toBe(1)
    expect((await call('GET', '/user/profile', { world: 'expire-a', token: tokens['expire-a'] })).status).toBe(401)
    expect((await call('GET', '/user/profile', { world: 'expire-b', token: tokens['expire-b'] })).status).toBe(200)
  })
})

describe('the control API manages worlds', () => {
  it('makes a world with its own fixture and seed, lists it, and drops it', async () => {
    const made = await call('POST', '/__mock/worlds', { json: { name: 'own-fixture', fixture: 'empty', seed: 9 } })
    expect(made.status).toBe(201)
    expect(made.body.world).toMatchObject({ name: 'own-fixture', users: 1, requests: 0 })
    const again = await call('POST', '/__mock/worlds', { json: { name: 'own-fixture', fixture: 'empty' } })
    expect(again.status).toBe(200)
    const listed = (await call('GET', '/__mock/worlds')).body
    expect(listed.worlds[0].name).toBe('default')
    expect(listed.worlds.map((w: { name: string }) => w.name)).toContain('own-fixture')
    expect(listed).toMatchObject({ maxWorlds: 3, ttlMs: 30 * 60_000 })
    expect((await call('DELETE', '/__mock/worlds/own-fixture')).status).toBe(200)
    expect((await call('DELETE', '/__mock/worlds/own-fixture')).status).toBe(404)
    // Its next use makes it from the server's fixture: the default one, with Acme.
    expect(server.world('own-fixture').users().some((u) => u.orgId === ACME)).toBe(true)
  })

  it('refuses a world whose fixture cannot load, naming the problem, and makes none', async () => {
    const refused = await call('POST', '/__mock/worlds', { json: { name: 'broken-fixture', fixture: { organizations: 'none' } } })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/fixture/i)
    const names = (await call('GET', '/__mock/worlds')).body.worlds.map((w: { name: string }) => w.name)
    expect(names).not.toContain('broken-fixture')
    // A world of that name that exists stays as it was.
    await call('POST', '/__mock/worlds', { json: { name: 'kept-world', fixture: 'empty' } })
    expect((await call('POST', '/__mock/worlds', { json: { name: 'kept-world', fixture: { organizations: 'none' } } })).status).toBe(400)
    const kept = (await call('GET', '/__mock/worlds')).body.worlds.find((w: { name: string }) => w.name === 'kept-world')
    expect(kept).toMatchObject({ users: 1 })
  })

  it('refuses to delete or replace the default world, pointing to reset', async () => {
    const deleted = await call('DELETE', '/__mock/worlds/default')
    expect(deleted.status).toBe(400)
    expect(deleted.body.message).toContain('/__mock/reset')
    expect((await call('POST', '/__mock/worlds', { json: { name: 'default' } })).status).toBe(400)
  })

  it('drops the least recently used world beyond --max-worlds, and says so in its first journal entry when it comes back', async () => {
    for (const name of ['lru-1', 'lru-2', 'lru-3', 'lru-4']) await call('GET', '/user/profile', { world: name, token: ownerOf(name) })
    const names = (await call('GET', '/__mock/worlds')).body.worlds.map((w: { name: string }) => w.name)
    expect(names).toEqual(['default', 'lru-2', 'lru-3', 'lru-4'])
    const token = ownerOf('lru-1') // the world comes back, from the fixture
    await call('GET', '/user/profile', { world: 'lru-1', token })
    const [first] = (await call('GET', '/__mock/journal', { world: 'lru-1' })).body.journal
    expect(first.note).toMatch(/World "lru-1" was dropped because more than 3 worlds were in use \(--max-worlds\)/)
  })

  it('refuses an enter URL that would send the browser to another site', async () => {
    const refused = await call('GET', '/__mock/worlds/w/enter?then=//evil.example/')
    expect(refused.status).toBe(400)
    expect(refused.headers.get('set-cookie')).toBeNull()
    const app = await call('GET', '/__mock/worlds/w/enter?then=http://localhost:5173/users')
    expect(app.headers.get('location')).toBe('http://localhost:5173/users')
  })
})
