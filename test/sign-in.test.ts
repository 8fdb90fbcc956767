import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/public/create-flashback-mock.js'
import { expectDocumented } from './support/document.js'
import { npmStart } from './support/npm-start.js'
import { transports, useStandaloneServer, type Transport } from './support/transports.js'
import { people, snapshot } from './support/world.js'
import { unhandledOption } from './support/msw-major.js'

const PASSWORD = 'Password123!'
const sofia = { id: 'ab0e8400-e29b-41d4-a716-446655440006', email: 'sofia.marin@acme.com' }

interface Session {
  accessToken: string
  refreshToken: string
  tokenId: string
  expiresAt: number
}

async function signIn(t: Transport, email: string, password = PASSWORD): Promise<Session> {
  const response = await t.request('POST', '/user/login', { json: { email, password } })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body
}

const listUsers = (t: Transport, accessToken: string) => t.request('GET', '/organization/users', { as: { token: accessToken } })

describe.each(transports)('signing in through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('signs in with e-mail and password, expires after an hour of the mock clock, renews with refresh, and ends with logout', async () => {
    const session = await signIn(t, people.workspaces.email)
    await expectDocumented('loginUser', 200, session)
    expect((await listUsers(t, session.accessToken)).status).toBe(200)

    t.mock.clock.advance('61m')
    const expired = await listUsers(t, session.accessToken)
    expect(expired.status).toBe(401)
    await expectDocumented('listOrganizationUsers', 401, expired.body)

    const renewed = await t.request('POST', '/user/refresh', { json: { refresh_token: session.refreshToken } })
    expect(renewed.status).toBe(200)
    await expectDocumented('refreshUserToken', 200, renewed.body)
    expect((await listUsers(t, renewed.body.accessToken)).status).toBe(200)

    expect((await t.request('POST', '/user/logout', { json: { refresh_token: renewed.body.refreshToken } })).status).toBe(200)
    const afterLogout = await t.request('POST', '/user/refresh', { json: { refresh_token: renewed.body.refreshToken } })
    expect(afterLogout.status).toBe(401)
    expect(afterLogout.body.error_code).toBe('INVALID_REFRESH_TOKEN')
  })

  it('keeps the access token working until one hour has passed on the mock clock', async () => {
    const session = await signIn(t, people.user.email)
    t.mock.clock.advance('59m')
    expect((await t.request('GET', '/user/profile', { as: { token: session.accessToken } })).status).toBe(200)
    t.mock.clock.advance('1m')
    expect((await t.request('GET', '/user/profile', { as: { token: session.accessToken } })).status).toBe(401)
  })
})

describe('POST /user/login', () => {
  const t = transports[1].use()
  beforeEach(() => t.mock.reset())

  it.each([
    ['an unknown e-mail', 'nobody@acme.com', PASSWORD, 'USER_NOT_FOUND'],
    ['a wrong password', people.user.email, 'Password123', 'INVALID_PASSWORD'],
    ['a soft-deleted user (Tom Walsh)', people.deleted.email, PASSWORD, 'USER_INACTIVE'],
    ['a Google user without a password (Sofia Marin)', sofia.email, PASSWORD, 'NO_PASSWORD_SET'],
  ])('answers 401 with its documented error_code given %s, and starts no session', async (_, email, password, code) => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', '/user/login', { json: { email, password } })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({ success: false, error_code: code })
    await expectDocumented('loginUser', 401, response.body)
    expect(snapshot(t.mock)).toBe(before)
    expect(t.mock.violations).toEqual([])
  })

  it('answers GET /user/login with a 405 naming POST, never with /user/{userId}', async () => {
    const response = await t.request('GET', '/user/login', { as: 'user' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(response.body.message).toMatch(/POST/)
  })

  it('signs in every active password user of the default fixture with the fixture password', async () => {
    const active = t.mock.users().filter((u) => u.deletedAt === null && u.email !== sofia.email)
    expect(active.length).toBeGreaterThan(10)
    for (const user of active) {
      const response = await t.request('POST', '/user/login', { json: { email: user.email.toUpperCase(), password: PASSWORD } })
      expect(response.status, user.email).toBe(200)
      // Without an organization, orgId and orgRole are left out, as the client types them optional.
      const membership = user.orgId === null ? {} : { orgId: user.orgId, orgRole: user.orgRole }
      expect(response.body.user).toEqual({ id: user.id, email: user.email, name: `${user.name} ${user.lastName}`, ...membership })
    }
  })

  it('signs an Acme user in at once although Acme enforces MFA', async () => {
    const session = await signIn(t, people.owner.email)
    expect((await t.request('PUT', '/organization/123e4567-e89b-12d3-a456-426614174000', { as: { token: session.accessToken }, json: { city: 'Boston' } })).status).toBe(200)
  })

  it('ignores a bearer token sent along, as the docs samples send one, even an invalid one', async () => {
    const response = await t.request('POST', '/user/login', { as: { token: 'not-a-token' }, json: { email: people.user.email, password: PASSWORD } })
    expect(response.status).toBe(200)
    expect(t.mock.violations).toEqual([])
  })

  it('returns JWTs with the claims of the client type JwtPayload, and the access token expiry in milliseconds', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z')
    t.mock.clock.set(now)
    const session = await signIn(t, people.workspaces.email)
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())
    expect(claims(session.accessToken)).toMatchObject({ userId: people.workspaces.id, email: people.workspaces.email, type: 'access', exp: now / 1000 + 3600 })
    expect(claims(session.refreshToken)).toMatchObject({ userId: people.workspaces.id, type: 'refresh', exp: now / 1000 + 30 * 86400 })
    expect(session.expiresAt - now).toBeGreaterThanOrEqual(3600_000)
    expect(session.expiresAt - now).toBeLessThan(3600_000 + 1000)
  })
})

describe('POST /user/refresh and the refresh tokens', () => {
  const t = transports[1].use()
  beforeEach(() => t.mock.reset())

  it.each(['refreshToken', 'refresh_token'])('accepts the refresh token as %s', async (field) => {
    const session = await signIn(t, people.user.email)
    const response = await t.request('POST', '/user/refresh', { json: { [field]: session.refreshToken } })
    expect(response.status).toBe(200)
    expect(response.body.token).toBe(response.body.accessToken)
    expect(response.body.tokenId).toBe(session.tokenId)
  })

  it('rotates: the new refresh token works once, and the one used stops working', async () => {
    const session = await signIn(t, people.user.email)
    const first = await t.request('POST', '/user/refresh', { json: { refreshToken: session.refreshToken } })
    expect(first.body.refreshToken).not.toBe(session.refreshToken)
    const second = await t.request('POST', '/user/refresh', { json: { refreshToken: first.body.refreshToken } })
    expect(second.status).toBe(200)
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken: second.body.refreshToken } })).status).toBe(200)
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken: session.refreshToken } })).status).toBe(401)
  })

  it('refuses a refresh token 30 days after sign-in, however often it was renewed', async () => {
    let refreshToken = (await signIn(t, people.user.email)).refreshToken
    for (let day = 0; day < 29; day++) {
      t.mock.clock.advance('1d')
      refreshToken = (await t.request('POST', '/user/refresh', { json: { refreshToken } })).body.refreshToken
    }
    t.mock.clock.advance('1d')
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken } })).status).toBe(401)
  })

  it('refuses the refresh token and the access token of a user deleted meanwhile', async () => {
    const session = await signIn(t, people.user.email)
    expect((await t.request('DELETE', `/organization/users/${people.user.id}`, { as: 'owner' })).status).toBe(200)
    expect((await t.request('GET', '/user/profile', { as: { token: session.accessToken } })).status).toBe(401)
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken: session.refreshToken } })).status).toBe(401)
  })

  it('lists the caller\'s live refresh tokens at GET /token, never another user\'s, and revokes one with DELETE /token/{tokenId}', async () => {
    const laptop = await signIn(t, people.user.email)
    const phone = await signIn(t, people.user.email)
    await signIn(t, people.workspaces.email)
    const listed = await t.request('GET', '/token', { as: { token: phone.accessToken } })
    expect(listed.body.tokens.map((x: { id: string }) => x.id)).toEqual([laptop.tokenId, phone.tokenId])
    expect(JSON.stringify(listed.body)).not.toContain(laptop.refreshToken)

    expect((await t.request('DELETE', `/token/${laptop.tokenId}`, { as: 'workspaces' })).status).toBe(404)
    expect((await t.request('DELETE', `/token/${laptop.tokenId}`, { as: { token: phone.accessToken } })).status).toBe(200)
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken: laptop.refreshToken } })).status).toBe(401)
    expect((await t.request('DELETE', `/token/${laptop.tokenId}`, { as: { token: phone.accessToken } })).status).toBe(404)
    expect((await t.request('GET', '/token', { as: 'user' })).body.tokens.map((x: { id: string }) => x.id)).toEqual([phone.tokenId])
  })

  it('forces the 401 → refresh path with mock.expireTokens(e-mail), for that user only', async () => {
    const jane = await signIn(t, people.user.email)
    const john = await signIn(t, people.workspaces.email)
    expect(t.mock.expireTokens(people.user.email)).toBe(1)
    expect((await t.request('GET', '/user/profile', { as: { token: jane.accessToken } })).status).toBe(401)
    expect((await t.request('GET', '/user/profile', { as: { token: john.accessToken } })).status).toBe(200)
    const renewed = await t.request('POST', '/user/refresh', { json: { refreshToken: jane.refreshToken } })
    expect((await t.request('GET', '/user/profile', { as: { token: renewed.body.accessToken } })).status).toBe(200)
    expect(() => t.mock.expireTokens('nobody@acme.com')).toThrow(/No user/)
  })

  it('keeps the test tokens of tokenFor() working whatever the clock says', async () => {
    t.mock.clock.advance('400d')
    t.mock.expireTokens()
    expect((await t.request('GET', '/organization/users', { as: 'workspaces' })).status).toBe(200)
  })

  it('forgets every session on reset, and the clock goes back to real time', async () => {
    const session = await signIn(t, people.user.email)
    t.mock.clock.advance('2h')
    await t.mock.reset()
    expect(Math.abs(t.mock.clock.now().getTime() - Date.now())).toBeLessThan(1000)
    expect((await t.request('GET', '/user/profile', { as: { token: session.accessToken } })).status).toBe(401)
    expect((await t.request('POST', '/user/refresh', { json: { refreshToken: session.refreshToken } })).status).toBe(401)
  })
})

describe('POST /user/register', () => {
  const t = transports[1].use()
  beforeEach(() => t.mock.reset())
  const registration = { email: 'ada@analytical.example', password: 'Engine1843', firstName: 'Ada', lastName: 'Lovelace', companyName: 'Analytical Engines', isBusiness: true }

  it('creates the OWNER of a new organization, who may sign in with the password at once', async () => {
    const created = await t.request('POST', '/user/register', { json: registration })
    expect(created.status).toBe(201)
    expect(created.body.user).toMatchObject({ email: registration.email, name: 'Ada Lovelace', orgRole: 255, image_url: null })
    const organization = await t.request('GET', `/organization/${created.body.user.orgId}`, { as: { token: created.body.accessToken } })
    expect(organization.body.data).toMatchObject({ name: 'Analytical Engines', domain: 'analytical.example', is_business: true, mfaEnforced: false })
    expect((await signIn(t, registration.email, registration.password)).tokenId).toBeTruthy()
  })

  it.each([
    ['an e-mail already in use, in another case', { email: 'JANE.SMITH@acme.com' }, 'EMAIL_ALREADY_EXISTS'],
    ['a password without a digit', { password: 'NoDigitsHere' }, 'WEAK_PASSWORD'],
    ['a password of 7 characters', { password: 'Short1A' }, 'WEAK_PASSWORD'],
    ['no company name', { companyName: undefined }, 'INVALID_REQUEST'],
  ])('answers 400 and changes nothing given %s', async (_, change, code) => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', '/user/register', { json: { ...registration, ...change } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ success: false, error_code: code })
    expect(snapshot(t.mock)).toBe(before)
  })
})

describe('the mock clock', () => {
  const mock = createFlashbackMock()
  afterEach(() => {
    vi.useRealTimers()
    return mock.reset()
  })

  it('stamps new users with its time', async () => {
    mock.clock.set('2030-05-01T08:00:00.000Z')
    const created = await mock.request('/organization/users', { method: 'POST', body: JSON.stringify({ email: 'later@acme.com', password: PASSWORD, firstName: 'La', lastName: 'Ter' }) }, { as: 'OWNER' })
    expect(created.status).toBe(201)
    expect(mock.db.users.findFirst((q) => q.where({ email: 'later@acme.com' }))!.createdAt).toMatch(/^2030-05-01T08:00/)
  })

  it('is neither stopped nor moved by vi.useFakeTimers()', async () => {
    vi.useFakeTimers({ now: new Date('2001-01-01T00:00:00Z') })
    const login = await mock.request('/user/login', { method: 'POST', body: JSON.stringify({ email: people.user.email, password: PASSWORD }) })
    vi.advanceTimersByTime(2 * 3600_000)
    expect(mock.clock.now().getFullYear()).toBeGreaterThan(2020)
    const headers = { Authorization: `Bearer ${login.body.accessToken}` }
    expect((await mock.request('/user/profile', { headers })).status).toBe(200)
    mock.clock.advance(3600_000)
    expect((await mock.request('/user/profile', { headers })).status).toBe(401)
  })

  it.each([['-5m'], ['soon'], [Number.NaN], [-1]])('refuses %s as a duration', (duration) => {
    expect(() => mock.clock.advance(duration as string)).toThrow(/Invalid duration/)
  })
})

describe('both Flashback hosts', () => {
  const mock = createFlashbackMock()
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen(unhandledOption('error')))
  afterAll(() => server.close())

  it.each(['https://api.flashback.tech', 'https://backend.flashback.tech'])('answers the official client and the docs at %s by default', async (host) => {
    const response = await fetch(`${host}/user/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: people.user.email, password: PASSWORD }),
    })
    expect(response.status).toBe(200)
    expect(mock.baseUrl).toBe('https://backend.flashback.tech')
  })
})

describe('signing in against the standalone server', () => {
  const { url } = useStandaloneServer()
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url()}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('expires the access token when POST /__mock/clock moves past the hour, and renews it with the refresh token', async () => {
    const session = await (await post('/user/login', { email: people.workspaces.email, password: PASSWORD })).json()
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } })
    expect((await fetch(`${url()}/organization/users`, bearer(session.accessToken))).status).toBe(200)
    const moved = await post('/__mock/clock', { advance: '61m' })
    expect(moved.status).toBe(200)
    expect(Date.parse((await moved.json()).now) - Date.now()).toBeGreaterThan(60 * 60_000)
    expect((await fetch(`${url()}/organization/users`, bearer(session.accessToken))).status).toBe(401)
    const renewed = await (await post('/user/refresh', { refresh_token: session.refreshToken })).json()
    expect((await fetch(`${url()}/organization/users`, bearer(renewed.accessToken))).status).toBe(200)
    expect((await post('/user/logout', { refresh_token: renewed.refreshToken })).status).toBe(200)
    expect((await post('/user/refresh', { refresh_token: renewed.refreshToken })).status).toBe(401)
  })

  it("expires one user's access tokens when POST /__mock/tokens/expire names them, and leaves the others", async () => {
    await post('/__mock/reset', {})
    const signIn = async (email: string) => (await post('/user/login', { email, password: PASSWORD })).json()
    const john = await signIn(people.workspaces.email)
    const owner = await signIn(people.owner.email)
    const status = (token: string) => fetch(`${url()}/organization/users`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status)
    const expired = await post('/__mock/tokens/expire', { user: people.workspaces.email.toUpperCase() })
    expect(await expired.json()).toEqual({ success: true, expired: 1 })
    expect(await status(john.accessToken)).toBe(401)
    expect(await status(owner.accessToken)).toBe(200)
    const renewed = await (await post('/user/refresh', { refresh_token: john.refreshToken })).json()
    expect(await status(renewed.accessToken)).toBe(200)
    expect(await (await post('/__mock/tokens/expire', {})).json()).toEqual({ success: true, expired: 2 })
    expect(await status(owner.accessToken)).toBe(401)
  })

  it.each([
    [{ user: 'nobody@acme.com' }, /No user "nobody@acme.com" in the mock/],
    [{ user: '' }, /user must NOT have fewer than 1 characters/],
    [{ everyone: true }, /everyone is not a known field/],
  ])('refuses POST /__mock/tokens/expire with %j and expires nothing', async (body, message) => {
    const session = await (await post('/user/login', { email: people.user.email, password: PASSWORD })).json()
    const response = await post('/__mock/tokens/expire', body)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(message)
    expect((await fetch(`${url()}/user/profile`, { headers: { Authorization: `Bearer ${session.accessToken}` } })).status).toBe(200)
  })

  it.each([
    [{ advance: '-1m' }, /advance must match pattern/],
    [{ advance: -60_000 }, /advance must be >= 0/],
    [{ set: 'yesterday' }, /set must match format "date-time"/],
    [{ rewind: '1h' }, /rewind is not a known field/],
    [{ advance: 8e15 }, /outside the years 0000 to 9998/],
    [{ set: 1e300 }, /outside the years 0000 to 9998/],
    [{ set: '2030-01-01T00:00:00Z', advance: 8.6e15 }, /Advancing by 8600000000000000 would put/],
  ])('refuses POST /__mock/clock with %j and leaves the clock alone', async (body, message) => {
    const before = Date.parse((await (await post('/__mock/clock', {})).json()).now)
    const response = await post('/__mock/clock', body)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(message)
    expect(Date.parse((await (await post('/__mock/clock', {})).json()).now) - before).toBeLessThan(1000)
  })

  it('keeps the journal and new sign-ins working after refusing a clock move past the dates it holds', async () => {
    expect((await post('/__mock/clock', { advance: 8e15 })).status).toBe(400)
    expect((await fetch(`${url()}/__mock/journal`)).status).toBe(200)
    const login = await post('/user/login', { email: people.user.email, password: PASSWORD })
    expect(login.status).toBe(200)
  })
})

describe('npm start', () => {
  it('lets a browser app sign in with a fixture user\'s e-mail and password, and renew the session after an hour', async () => {
    const started = await npmStart()
    try {
      expect(started.output).toMatch(/Sign in: POST http:\/\/127\.0\.0\.1:\d+\/user\/login with a user's e-mail and the password Password123!/)
      const post = (path: string, body: unknown) =>
        fetch(`${started.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:5173' }, body: JSON.stringify(body) })
      const login = await post('/user/login', { email: 'john.doe@acme.com', password: PASSWORD })
      expect(login.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
      const session = await login.json()
      const users = () => fetch(`${started.url}/organization/users`, { headers: { Authorization: `Bearer ${session.accessToken}` } })
      expect((await users()).status).toBe(200)
      expect((await post('/__mock/clock', { advance: '61m' })).status).toBe(200)
      expect((await users()).status).toBe(401)
      const renewed = await (await post('/user/refresh', { refresh_token: session.refreshToken })).json()
      expect((await fetch(`${started.url}/organization/users`, { headers: { Authorization: `Bearer ${renewed.accessToken}` } })).status).toBe(200)
    } finally {
      started.stop()
    }
  })
})
