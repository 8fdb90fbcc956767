import { readFileSync } from 'node:fs'
import { validate as validateOpenApi } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { createFlashbackServer } from '../src/server.js'
import { ControlTokenError } from '../src/adapters/control-token.js'
import { controlDocument, controlOperations } from '../src/spec/control-operations.js'
import { controlValidatorFor } from '../src/spec/control-validator.js'
import { operationSpecs } from '../src/spec/operations.js'
import { fixtureNames } from '../src/data/fixtures.js'
import { useStandaloneServer } from './support/transports.js'
import { people } from './support/world.js'

const TOKEN = 's3cret'
const { server: open, url: openUrl } = useStandaloneServer({ strict: true })
const { url: guardedUrl } = useStandaloneServer({ strict: true, controlToken: TOKEN })

const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, base = openUrl()) =>
  fetch(`${base}/__mock/${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
const addFault = (body: unknown) => control('POST', 'faults', body)
const profile = () => fetch(`${openUrl()}/user/profile`, { headers: { Authorization: `Bearer ${open.mock.tokenFor(people.user.id)}` } })
/** Jane sets GOOGLE_AUTH up in the default world: she has a TOTP secret from then on. */
const setUpTotp = () =>
  fetch(`${openUrl()}/mfa/setup`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${open.mock.tokenFor(people.user.id)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mfaType: 'GOOGLE_AUTH' }),
  })

describe('the control API answers only what its document declares', () => {
  // One request per endpoint and documented status; each answer must match that status's schema.
  const pathOf = (o: (typeof controlOperations)[number], name = 'table-world', number = '1') =>
    o.path.replace('/__mock/', '').replace('{name}', name).replace('{id}', number).replace('{seq}', number).replace('{provider}', 'google')
  /** The number a 200 needs in the path: a fault that exists, a journal entry whose bodies are kept. */
  const existing: Record<string, () => Promise<string>> = {
    async removeFault() {
      const added = await (await addFault({ operationId: 'getOrganization', status: 500 })).json()
      return String(added.faults[0].id)
    },
    async getJournalEntry() {
      await profile()
      const { journal } = await (await control('GET', 'journal')).json()
      return String(journal.at(-1).seq)
    },
  }
  const GONE_WORLD = { 'x-mock-world': 'never-made', 'x-mock-existing-world': 'true' }
  const validBody: Record<string, unknown> = {
    addFault: { operationId: 'getUserProfile', status: 503, times: 1 },
    useFixture: { fixture: 'default', seed: 1 },
    moveClock: { advance: '61m' },
    expireTokens: {},
    startSession: { user: 'jane.smith@acme.com' },
    createWorld: { name: 'table-world', seed: 3 },
    grantProviderSignIn: { user: 'jane.smith@acme.com' },
  }
  // Every endpoint's own bad input; an endpoint without one is given a world name that breaks the rule.
  const badRequest: Record<string, { query?: string; body?: unknown; name?: string }> = {
    addFault: { body: { status: 600 } },
    useFixture: { body: { fixture: 'toString' } },
    getJournal: { query: '?operationId=deleteEverything' },
    removeFault: { name: 'x' },
    getJournalEntry: { name: '0' },
    moveClock: { body: { advance: 'an hour' } },
    expireTokens: { body: { user: 'nobody@nowhere.example' } },
    startSession: { body: { user: 'nobody@nowhere.example' } },
    createWorld: { body: { name: 'no spaces allowed' } },
    deleteWorld: { name: 'default' },
    enterWorld: { query: '?then=https://evil.example/' },
    getOutbox: { query: '?kind=newsletter' },
    listMockSessions: { query: '?user=nobody@nowhere.example' },
    getTotpCode: { query: '?user=nobody@nowhere.example' },
    grantProviderSignIn: { body: { user: 'not-an-email' } },
    showConsentPage: { query: '?redirect_uri=https://evil.example/callback' },
  }
  /** A query the endpoint requires, so that the refusal tested is the one the status is about. */
  const requiredQuery: Record<string, string> = { getTotpCode: `?user=${people.user.email}`, showConsentPage: '?redirect_uri=http://127.0.0.1:5173/callback' }
  /** The query a 200 needs, once the world is ready: a user with GOOGLE_AUTH set up. */
  const validQuery: Record<string, () => Promise<string>> = {
    async getTotpCode() {
      await setUpTotp()
      return `?user=${encodeURIComponent(people.user.email)}`
    },
  }
  /** What must exist before a case: the world a 200 deletes, or the one a 200 makes again. */
  const before: Record<string, number[]> = { deleteWorld: [200], createWorld: [200] }
  const cases = controlOperations.flatMap((operation) =>
    [...operation.responses.keys()].map((status) => ({ name: `${operation.method} ${operation.path} ${status}`, operation, status })),
  )

  it('covers every endpoint of the document', () => {
    const documented = Object.entries(controlDocument.paths!).flatMap(([path, item]) => Object.keys(item!).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`))
    expect(cases.map((c) => `${c.operation.method} ${c.operation.path}`)).toEqual(expect.arrayContaining(documented))
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set([200, 201, 400, 401, 403, 404]))
  })

  it.each(cases)('answers $name with a body its schema allows', async ({ operation, status }) => {
    const number = status === 200 && existing[operation.id] ? await existing[operation.id]!() : '1'
    const path = pathOf(operation, 'table-world', number)
    if (before[operation.id]?.includes(status)) await control('POST', 'worlds', { name: 'table-world' })
    let response: Response
    if (status === 403) response = await control(operation.method, path, validBody[operation.id], { Origin: 'https://evil.example' })
    else if (status === 401) response = await control(operation.method, path, validBody[operation.id], { 'X-Control-Token': 'wrong' }, guardedUrl())
    else if (status === 404 && operation.id === 'deleteWorld') response = await control(operation.method, pathOf(operation, 'no-such-world'))
    else if (status === 404) response = await control(operation.method, `${path}${requiredQuery[operation.id] ?? ''}`, validBody[operation.id], GONE_WORLD)
    else if (status === 400) {
      const bad = badRequest[operation.id]
      if (bad) response = await control(operation.method, `${pathOf(operation, bad.name, bad.name)}${bad.query ?? ''}`, bad.body)
      else response = await control(operation.method, path, validBody[operation.id], { 'x-mock-world': 'no spaces allowed' })
    } else response = await control(operation.method, `${path}${(await validQuery[operation.id]?.()) ?? ''}`, validBody[operation.id])
    if (status === 201 || status === 200) await control('DELETE', 'worlds/table-world')
    if (operation.id === 'streamJournal' && status === 200) {
      // An event stream stays open: its first event is read, then it is closed.
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/event-stream')
      const reader = response.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: cleared\n')
      await reader.cancel()
      return
    }
    const body = await response.json()
    expect(response.status).toBe(status)
    const validate = controlValidatorFor(operation.responses.get(status)!)
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
    await control('POST', 'reset')
  })

  it('is valid OpenAPI 3.1 for a maintained parser', async () => {
    const result = await validateOpenApi(JSON.parse(readFileSync(new URL('../openapi/control.openapi.json', import.meta.url), 'utf8')))
    expect(result.valid ? [] : result.errors).toEqual([])
  })

  it('lists exactly the Flashback document operationIds as fault targets', () => {
    const schemas = controlDocument.components!.schemas as Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>
    const ids = operationSpecs.map((o) => o.id).sort()
    expect([...schemas.OperationId!.enum!].sort()).toEqual(ids)
    expect([...schemas.FaultSpec!.properties!.operationId!.enum!].sort()).toEqual(['*', ...ids].sort())
    expect(schemas.FixtureSpec!.properties!.fixture!.enum).toEqual(fixtureNames)
  })
})

describe('GET and DELETE /__mock/outbox', () => {
  const resetPassword = (email: string, world?: string) =>
    fetch(`${openUrl()}/user/request-reset-password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(world ? { 'x-mock-world': world } : {}) },
      body: JSON.stringify({ email }),
    })
  const outbox = async (query = '', headers: Record<string, string> = {}) => (await (await control('GET', `outbox${query}`, undefined, headers)).json()).messages

  it('lists the e-mails of the request\'s world, by recipient and kind, and forgets them on DELETE and on reset', async () => {
    await control('POST', 'reset')
    await resetPassword(people.user.email)
    await resetPassword(people.workspaces.email)
    await resetPassword(people.user.email, 'outbox-world')
    const jane = await outbox(`?to=${encodeURIComponent('JANE.SMITH@acme.com')}`)
    expect(jane).toHaveLength(1)
    expect(jane[0]).toMatchObject({ to: people.user.email, kind: 'password-reset', subject: 'Reset your Flashback password' })
    expect(jane[0].link).toBe(`https://app.flashback.tech/reset-password?token=${jane[0].token}`)
    expect(await outbox('?kind=password-reset')).toHaveLength(2)
    expect(await outbox('?kind=invitation')).toEqual([])
    expect(await outbox('', { 'x-mock-world': 'outbox-world' })).toHaveLength(1)

    const cleared = await control('DELETE', 'outbox')
    expect(await cleared.json()).toEqual({ success: true, message: 'Outbox cleared' })
    expect(await outbox()).toEqual([])
    expect(await outbox('', { 'x-mock-world': 'outbox-world' })).toHaveLength(1)
    // The e-mail is forgotten, its token is not.
    const reset = await fetch(`${openUrl()}/user/reset-password`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: jane[0].token, newPassword: 'NewSecurePass456' }) })
    expect(reset.status).toBe(200)

    await resetPassword(people.user.email)
    await control('POST', 'reset')
    expect(await outbox()).toEqual([])
    await control('DELETE', 'worlds/outbox-world')
  })

  it.each([
    ['an unknown kind', '?kind=newsletter', 'kind "newsletter" is not one of verification, invitation, password-reset'],
    ['an empty recipient', '?to=', 'to must NOT have fewer than 1 characters'],
  ])('refuses %s with a 400 naming it', async (_, query, reason) => {
    const response = await control('GET', `outbox${query}`)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toContain(reason)
  })
})

describe('GET /__mock/sessions', () => {
  const login = (email: string, deviceInfo?: object, world?: string) =>
    fetch(`${openUrl()}/user/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', ...(world ? { 'x-mock-world': world } : {}) },
      body: JSON.stringify({ email, password: 'Password123!', ...(deviceInfo ? { deviceInfo } : {}) }),
    }).then((response) => response.json())
  const sessions = async (query = '', headers: Record<string, string> = {}) => (await (await control('GET', `sessions${query}`, undefined, headers)).json()).sessions

  it("lists the world's live sessions with their devices, one user's by id or e-mail, and none after a revoke or a reset", async () => {
    await control('POST', 'reset')
    const jane = await login(people.user.email, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP', os: 'Linux', browser: 'Firefox', ipAddress: '192.0.2.9' })
    await login(people.workspaces.email)
    await login(people.user.email, undefined, 'sessions-world')
    await control('POST', 'sessions', { user: people.owner.email })

    const all = await sessions()
    expect(all.map((s: { email: string }) => s.email)).toEqual([people.user.email, people.workspaces.email, people.owner.email])
    expect(all[0]).toMatchObject({ id: jane.tokenId, userId: people.user.id, loginMethod: 'PASSWORD', ipAddress: '192.0.2.9', device: { deviceName: 'Firefox on Linux', deviceType: 'DESKTOP', isTrusted: false } })
    expect(all[1].device).toMatchObject({ deviceName: 'Safari on iOS', deviceType: 'MOBILE' })
    expect(all[2].device).toBeNull()
    expect((await sessions(`?user=${encodeURIComponent('JANE.SMITH@acme.com')}`)).map((s: { id: string }) => s.id)).toEqual([jane.tokenId])
    expect((await sessions(`?user=${people.user.id}`)).map((s: { id: string }) => s.id)).toEqual([jane.tokenId])
    expect(await sessions('', { 'x-mock-world': 'sessions-world' })).toHaveLength(1)

    await fetch(`${openUrl()}/devices/trust`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jane.accessToken}` }, body: JSON.stringify({ fingerprint: all[0].device.fingerprint }) })
    expect((await sessions(`?user=${people.user.id}`))[0].device).toMatchObject({ isTrusted: true, trustExpiresAt: expect.any(String) })
    await fetch(`${openUrl()}/sessions/${jane.tokenId}/revoke`, { method: 'POST', headers: { Authorization: `Bearer ${jane.accessToken}` } })
    expect(await sessions(`?user=${people.user.id}`)).toEqual([])
    await control('POST', 'reset')
    expect(await sessions()).toEqual([])
    await control('DELETE', 'worlds/sessions-world')
  })

  it.each([
    ['a user the world does not have', '?user=nobody@nowhere.example', 'No user "nobody@nowhere.example" in the mock'],
    ['an empty user', '?user=', 'user must NOT have fewer than 1 characters'],
  ])('refuses %s with a 400 naming it', async (_, query, reason) => {
    const response = await control('GET', `sessions${query}`)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toContain(reason)
  })
})

describe('GET /__mock/users', () => {
  const mfaOf = async (email: string) => (await (await control('GET', 'users')).json()).users.find((u: { email: string }) => u.email === email).mfa

  it("shows each user's MFA: the fixture's enrolled member signs in in two steps, and a setup through the API gives a TOTP code at once", async () => {
    await control('POST', 'reset')
    expect(await mfaOf(people.enrolledUser.email)).toEqual({ enabledMethods: ['GOOGLE_AUTH'], primaryMethod: 'GOOGLE_AUTH', twoStepSignIn: true, totp: true })
    expect(await mfaOf(people.globexWorkspaces.email)).toEqual({ enabledMethods: ['GOOGLE_AUTH', 'PASSKEY'], primaryMethod: 'GOOGLE_AUTH', twoStepSignIn: false, totp: false })
    await setUpTotp()
    expect(await mfaOf(people.user.email)).toEqual({ enabledMethods: [], primaryMethod: null, twoStepSignIn: false, totp: true })
    await control('POST', 'reset')
  })
})

describe('GET /__mock/totp', () => {
  const totp = (query: string) => control('GET', `totp${query}`)

  it("gives the code of a user's authenticator at the world's clock, the one verify-setup takes", async () => {
    await control('POST', 'reset')
    await setUpTotp()
    const response = await totp(`?user=${encodeURIComponent('JANE.SMITH@acme.com')}`)
    const body = await response.json()
    expect(body).toEqual({ success: true, user: { id: people.user.id, email: people.user.email }, code: open.mock.totp(people.user.email) })
    const verified = await fetch(`${openUrl()}/mfa/verify-setup`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${open.mock.tokenFor(people.user.id)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mfaType: 'GOOGLE_AUTH', code: body.code }),
    })
    expect(verified.status).toBe(200)
    await control('POST', 'reset')
  })

  it.each([
    ['a user with no TOTP secret', `?user=${people.workspaces.email}`, 404, `"${people.workspaces.email}" has no TOTP secret: set GOOGLE_AUTH up first (POST /mfa/setup)`],
    ['an unknown user', '?user=nobody@nowhere.example', 400, 'No user "nobody@nowhere.example" in the mock'],
    ['no user', '', 400, 'user'],
  ])('refuses %s', async (_, query, status, message) => {
    await control('POST', 'reset')
    const response = await totp(query)
    expect(response.status).toBe(status)
    expect((await response.json()).message).toContain(message)
  })
})

describe('POST /__mock/faults', () => {
  it.each([
    ['an informational status', { status: 100 }, 'status must be >= 400'],
    ['status 103', { status: 103 }, 'status must be >= 400'],
    ['status 199', { status: 199 }, 'status must be >= 400'],
    ['a success status', { status: 200 }, 'status must be >= 400'],
    ['a status with no body', { status: 204 }, 'status must be >= 400'],
    ['a redirect', { status: 304 }, 'status must be >= 400'],
    ['a status past 599', { status: 600 }, 'status must be <= 599'],
    ['a made-up status', { status: 999 }, 'status must be <= 599'],
    ['a fractional status', { status: 500.5 }, 'status must be integer, not 500.5'],
    ['a status as text', { status: '500' }, 'status must be integer, not "500"'],
    ['times 0', { status: 500, times: 0 }, 'times must be >= 1'],
    ['negative times', { status: 500, times: -1 }, 'times must be >= 1'],
    ['times as text', { status: 500, times: 'abc' }, 'times must be integer, not "abc"'],
    ['fractional times', { status: 500, times: 1.5 }, 'times must be integer, not 1.5'],
    ['a negative delay', { delayMs: -5 }, 'delayMs must be >= 0'],
    ['a delay past the maximum', { delayMs: 1e12 }, 'delayMs must be <= 60000'],
    ['a delay of 60,001 ms', { delayMs: 60_001 }, 'delayMs must be <= 60000'],
    ['a delay word other than real', { delayMs: 'slow' }, 'delayMs must be "real" when a string, not "slow"'],
    ['an unknown field', { status: 500, tims: 2 }, 'tims is not a known field'],
    ['a prototype key', JSON.parse('{"status":500,"__proto__":{"times":1}}'), '__proto__ is not a known field'],
    ['two faults at once', { status: 500, networkError: true }, 'Give only one of status, networkError or noResponse'],
    ['no fault and no delay', { operationId: 'getUserProfile' }, 'Give status, networkError, noResponse or delayMs'],
    ['an array', [], 'body must be object, not []'],
    ['no JSON', 'status=500', 'The body must be a JSON object'],
  ])('refuses %s with a 400 naming the problem, and injects nothing', async (_, body, reason) => {
    const response = await addFault(body)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toContain(reason)
    expect((await profile()).status).toBe(200)
  })

  it('names every failing field in one 400', async () => {
    const response = await addFault({ operationId: 'nope', status: 600, times: 0, delayMs: -5, extra: true })
    const body = await response.json()
    expect(response.status).toBe(400)
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['delayMs', 'extra', 'operationId', 'status', 'times'])
    for (const { message } of body.errors) expect(body.message).toContain(message)
  })

  it('accepts the edges of each range', async () => {
    for (const spec of [{ status: 400 }, { status: 599 }, { delayMs: 0 }, { delayMs: 60_000 }, { delayMs: 'real' }, { noResponse: true, times: 1 }]) {
      const response = await addFault({ operationId: 'getOrganization', ...spec })
      expect(response.status, JSON.stringify(spec)).toBe(201)
    }
    await control('DELETE', 'faults')
  })

  it('applies a valid fault exactly the given number of times', async () => {
    expect((await addFault({ operationId: 'getUserProfile', status: 418, times: 2 })).status).toBe(201)
    expect([(await profile()).status, (await profile()).status, (await profile()).status]).toEqual([418, 418, 200])
  })
})

describe('POST /__mock/fixture', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the inherited name %s with a 400 listing the fixtures, and keeps the world',
    async (name) => {
      const before = (await (await control('GET', 'users')).json()).users.length
      const response = await control('POST', 'fixture', { fixture: name })
      expect(response.status).toBe(400)
      expect((await response.json()).message).toBe(`Invalid request body: fixture "${name}" is not one of default, empty, large`)
      expect((await (await control('GET', 'users')).json()).users).toHaveLength(before)
    },
  )

  it('refuses a fractional seed and an unknown field together', async () => {
    const response = await control('POST', 'fixture', { fixture: 'empty', seed: 1.5, size: 'big' })
    expect(response.status).toBe(400)
    expect((await response.json()).errors.map((e: { field: string }) => e.field)).toEqual(['size', 'seed'])
  })
})

describe('GET /__mock/journal', () => {
  it('refuses an operationId the document does not have', async () => {
    const response = await control('GET', 'journal?operationId=getEverything')
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(/^Invalid query: operationId "getEverything" is not one of listOrganizationUsers, /)
  })
})

describe('fixture names', () => {
  it.each(['toString', '__proto__', 'constructor'])('makes createFlashbackMock refuse the inherited name %s as an unknown fixture', (name) => {
    expect(() => createFlashbackMock({ fixture: name as 'default' })).toThrow(`Unknown fixture "${name}": use default, empty, large or a fixture object`)
  })
})

describe('the control token', () => {
  it.each([
    ['an empty token', ''],
    ['a blank token', ' '],
    ['a token with a trailing space', 's3cret '],
    ['a token with a leading tab', '\ts3cret'],
    ['a token with a line break', 'a\nb'],
  ])('refuses %s when the server is created', (_, token) => {
    expect(() => createFlashbackServer({ controlToken: token })).toThrow(ControlTokenError)
  })

  it('answers only the exact token, whatever its length', async () => {
    for (const wrong of ['', 's3cre', 's3cret!', 'S3CRET', 's3cret, s3cret']) {
      expect((await control('GET', 'users', undefined, { 'X-Control-Token': wrong }, guardedUrl())).status, wrong).toBe(401)
    }
    expect((await control('GET', 'users', undefined, { 'X-Control-Token': TOKEN }, guardedUrl())).status).toBe(200)
  })
})

describe('GET /__mock/faults and DELETE /__mock/faults/{id}', () => {
  const faults = async () => (await (await control('GET', 'faults')).json()).faults

  it('lists each active fault and delay with its operation, kind, status or delay and times left, counting down as they are spent', async () => {
    await control('DELETE', 'faults')
    const added = await (await addFault({ operationId: 'getUserProfile', status: 503, delayMs: 5, times: 2 })).json()
    expect(added.faults.map((f: { kind: string }) => f.kind)).toEqual(['status', 'delay'])
    await addFault({ networkError: true, operationId: 'getOrganization' })
    expect(await faults()).toEqual([
      { id: expect.any(Number), operationId: 'getUserProfile', kind: 'status', status: 503, timesLeft: 2 },
      { id: expect.any(Number), operationId: 'getUserProfile', kind: 'delay', delayMs: 5, timesLeft: 2 },
      { id: expect.any(Number), operationId: 'getOrganization', kind: 'network-error', timesLeft: null },
    ])
    expect((await profile()).status).toBe(503)
    expect((await faults()).map((f: { timesLeft: number | null }) => f.timesLeft)).toEqual([1, 1, null])
    await profile()
    expect((await faults()).map((f: { operationId: string }) => f.operationId)).toEqual(['getOrganization'])
    await control('DELETE', 'faults')
  })

  it('removes one fault by its id and leaves the others; the same id again is a 404', async () => {
    const first = (await (await addFault({ operationId: 'getUserProfile', status: 500 })).json()).faults[0]
    const second = (await (await addFault({ operationId: 'getOrganization', status: 502 })).json()).faults[0]
    expect((await control('DELETE', `faults/${first.id}`)).status).toBe(200)
    expect((await profile()).status).toBe(200)
    expect((await faults()).map((f: { id: number }) => f.id)).toEqual([second.id])
    const again = await control('DELETE', `faults/${first.id}`)
    expect(again.status).toBe(404)
    expect((await again.json()).message).toBe(`No active fault ${first.id}: it was spent, removed or cleared (GET /__mock/faults lists the active ones)`)
    await control('DELETE', 'faults')
  })

  it('refuses an id that is not a positive integer with a 400 naming it', async () => {
    const response = await control('DELETE', 'faults/-1')
    expect(response.status).toBe(400)
    expect((await response.json()).errors).toEqual([{ field: 'id', message: 'id must be a positive integer, not "-1"' }])
  })
})

describe('GET /__mock/clock', () => {
  it("reads the mock's time and its offset from real time, which a move changes and a reset clears", async () => {
    const read = async () => (await control('GET', 'clock')).json()
    const before = await read()
    expect(before.offsetMs).toBe(0)
    expect(Math.abs(Date.parse(before.now) - Date.now())).toBeLessThan(5000)
    const moved = await (await control('POST', 'clock', { advance: '61m' })).json()
    expect(moved.offsetMs).toBe(3_660_000)
    const after = await read()
    expect(after.offsetMs).toBe(3_660_000)
    expect(Date.parse(after.now) - Date.now()).toBeGreaterThan(3_600_000)
    await control('POST', 'reset')
    expect((await read()).offsetMs).toBe(0)
  })
})

describe('the journal over the control API', () => {
  const entries = async () => (await (await control('GET', 'journal')).json()).journal

  it("names the caller's e-mail and role, numbers each entry, and marks a violation", async () => {
    await control('POST', 'reset')
    await profile()
    await fetch(`${openUrl()}/user/profile`)
    const [signedIn, anonymous] = await entries()
    expect(signedIn).toMatchObject({ operationId: 'getUserProfile', status: 200, caller: { id: people.user.id, email: 'jane.smith@acme.com', orgRole: 0 } })
    expect(signedIn).not.toHaveProperty('violation')
    expect(anonymous).toMatchObject({ status: 401, caller: null, violation: 'unauthenticated', seq: signedIn.seq + 1 })
  })

  it('gives an entry with its request and response bodies on demand', async () => {
    await control('POST', 'reset')
    const headers = { Authorization: `Bearer ${open.mock.tokenFor(people.owner.id)}`, 'Content-Type': 'application/json' }
    const sent = JSON.stringify({ name: 'Acme Renamed' })
    await fetch(`${openUrl()}/organization/123e4567-e89b-12d3-a456-426614174000`, { method: 'PUT', headers, body: sent })
    const [entry] = await entries()
    const response = await control('GET', `journal/${entry.seq}`)
    const body = await response.json()
    expect(response.status).toBe(200)
    expect(body).toMatchObject({ entry, requestBody: sent, responseBody: { success: true, data: { name: 'Acme Renamed' } } })
    expect((await control('GET', `journal/${entry.seq + 1000}`)).status).toBe(404)
    await control('POST', 'reset')
  })

  it('streams the journal so far and then each request within a second of its answer', async () => {
    await control('POST', 'reset')
    await profile()
    const abort = new AbortController()
    const stream = await fetch(`${openUrl()}/__mock/journal/stream`, { signal: abort.signal })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 1000
      while (!pattern.test(text) && Date.now() < deadline) text += (await reader.read()).value ?? ''
      return pattern.test(text)
    }
    expect(await until(/event: entry\ndata: \{"seq":\d+,"operationId":"getUserProfile"/)).toBe(true)
    await fetch(`${openUrl()}/organization/users`, { headers: { Authorization: `Bearer ${open.mock.tokenFor(people.owner.id)}` } })
    expect(await until(/"operationId":"listOrganizationUsers".*"email":"olivia\.bennett@acme\.com"/)).toBe(true)
    await control('POST', 'reset')
    expect(await until(/event: cleared\ndata: \{\}\n\n[^]*event: cleared/)).toBe(true)
    abort.abort()
  })
})

describe('x-mock-existing-world', () => {
  it('answers 404 for a world that was dropped, and makes nothing; without it the world is made afresh', async () => {
    const world = { 'x-mock-world': 'dropped-world' }
    await control('POST', 'worlds', { name: 'dropped-world' })
    expect((await control('POST', 'clock', { advance: '1h' }, { ...world, 'x-mock-existing-world': 'true' })).status).toBe(200)
    await control('DELETE', 'worlds/dropped-world')
    const stale = await control('POST', 'reset', undefined, { ...world, 'x-mock-existing-world': 'true' })
    expect(stale.status).toBe(404)
    expect((await stale.json()).message).toMatch(/^World "dropped-world" does not exist any more/)
    const names = async () => (await (await control('GET', 'worlds')).json()).worlds.map((w: { name: string }) => w.name)
    expect(await names()).not.toContain('dropped-world')
    expect((await control('GET', 'users', undefined, world)).status).toBe(200)
    expect(await names()).toContain('dropped-world')
    await control('DELETE', 'worlds/dropped-world')
  })
})

describe('POST /__mock/sessions and GET /__mock/organizations', () => {
  it('signs any user in without a password; the access token works until an hour of the clock has passed', async () => {
    const response = await control('POST', 'sessions', { user: 'SOFIA.MARIN@acme.com' })
    const session = await response.json()
    expect(response.status).toBe(201)
    expect(session.user).toMatchObject({ email: 'sofia.marin@acme.com' })
    const call = () => fetch(`${openUrl()}/user/profile`, { headers: { Authorization: `Bearer ${session.accessToken}` } })
    expect((await call()).status).toBe(200)
    await control('POST', 'clock', { advance: '61m' })
    expect((await call()).status).toBe(401)
    const refreshed = await fetch(`${openUrl()}/user/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) })
    expect(refreshed.status).toBe(200)
    await control('POST', 'reset')
  })

  it('refuses a deleted user with a 400 naming it, and starts no session', async () => {
    const response = await control('POST', 'sessions', { user: 'tom.walsh@acme.com' })
    expect(response.status).toBe(400)
    expect((await response.json()).errors).toEqual([{ field: 'user', message: 'User "tom.walsh@acme.com" is deleted: a deleted user cannot sign in (activate it first)' }])
  })

  it("lists the world's organizations", async () => {
    const { organizations } = await (await control('GET', 'organizations')).json()
    expect(organizations).toContainEqual({ id: '123e4567-e89b-12d3-a456-426614174000', name: expect.any(String), deletedAt: null })
    expect(new Set(open.mock.users().map((u) => u.orgId).filter(Boolean))).toEqual(new Set(organizations.map((o: { id: string }) => o.id)))
  })
})
