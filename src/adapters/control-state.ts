import { fixtureByName, fixtureNames, type FixtureName } from '../data/fixtures.js'
import { ClockInputError } from '../mock/clock.js'
import type { EmailKind } from '../data/outbox.js'
import type { Fault } from '../mock/faults.js'
import type { MockWorld } from '../mock/world.js'
import type { OperationId } from '../spec/document.js'
import { JOURNAL_BODIES_LIMIT } from '../operations/journal.js'
import { providersOf, type OAuthProviderName } from '../mock/providers.js'
import { consentPage, isLoopbackRedirect, redirectBack } from './consent-page.js'
import { done, fieldProblem, problem, type ControlAnswer, type ControlHandler, type ControlRequest } from './control-answers.js'
import { presentDeviceSummary, presentSession } from '../operations/sessions-and-devices.js'

/** The request's world, once every load and request queued before this call is done. */
async function readyWorld(request: ControlRequest): Promise<MockWorld> {
  const world = request.world()
  await world.ready()
  return world
}

/** `POST /__mock/faults`, its body already valid: `{ operationId?, status? | networkError? | noResponse?, delayMs?, times? }`. */
function addFault(world: MockWorld, spec: Record<string, unknown>) {
  const target = (spec.operationId ?? '*') as OperationId | '*'
  const faults: Fault[] = [
    ...(spec.status !== undefined ? [{ status: spec.status as number }] : []),
    ...(spec.networkError === true ? (['network-error'] as const) : []),
    ...(spec.noResponse === true ? (['no-response'] as const) : []),
  ]
  const latency = spec.delayMs as number | 'real' | undefined
  if (faults.length > 1) return fieldProblem('', 'Give only one of status, networkError or noResponse')
  if (faults.length === 0 && latency === undefined) return fieldProblem('', 'Give status, networkError, noResponse or delayMs')
  const times = spec.times === undefined ? {} : { times: spec.times as number }
  const before = new Set(world.faults.list().map((fault) => fault.id))
  if (faults[0]) world.faults.fail(target, faults[0], times)
  if (latency !== undefined) world.faults.delay(target, latency, times)
  const added = world.faults.list().filter((fault) => !before.has(fault.id))
  return { status: 201, body: { success: true, message: `Fault added for ${target}`, faults: added } }
}

/**
 * `POST /__mock/clock`, its body already valid: `{ advance?: "61m" | 3660000, set?: "2026-01-01T00:00:00Z" | epochMs }`
 * (set first, then advance). Answers the mock's time, which decides when access tokens expire.
 */
function moveClock(world: MockWorld, spec: Record<string, unknown>) {
  try {
    // Checked together: a refused advance leaves a valid set unapplied too.
    world.clock.move({ set: spec.set as string | number | undefined, advance: spec.advance as string | number | undefined })
  } catch (error) {
    if (!(error instanceof ClockInputError)) throw error
    return fieldProblem(error.field ?? 'advance', error.message)
  }
  return clockTime(world)
}

const clockTime = (world: MockWorld) => ({ status: 200, body: { success: true, now: world.clock.now().toISOString(), offsetMs: world.clock.offsetMs } })

/** A path's number (`{id}`, `{seq}`), or the 400 naming it. */
function numberIn(params: Record<string, string>, name: string): number | ControlAnswer {
  const text = params[name] ?? ''
  if (/^[1-9]\d{0,15}$/.test(text)) return Number(text)
  return fieldProblem(name, `${name} must be a positive integer, not "${text.slice(0, 40)}"`)
}

/**
 * `GET /__mock/journal/stream`: the journal so far, then each entry as it is recorded, as server-sent events.
 * Subscribed before the replay is sent, so no entry falls between the two.
 */
function journalStream(world: MockWorld): ControlAnswer {
  return {
    status: 200,
    body: null,
    stream(send) {
      const stop = world.log.listen((event) => (event.kind === 'entry' ? send('entry', JSON.stringify(event.entry)) : send('cleared', '{}')))
      send('cleared', '{}')
      for (const entry of world.log.journal()) send('entry', JSON.stringify(entry))
      return stop
    },
  }
}

/**
 * `POST /__mock/tokens/expire`, its body already valid: `{ user? }`. The access tokens of every session, or of
 * one user's, expire now, as `mock.expireTokens()` does in a test.
 */
function expireTokens(world: MockWorld, spec: Record<string, unknown>) {
  const user = spec.user as string | undefined
  if (user !== undefined && !world.hasUser(user)) {
    return fieldProblem('user', `No user "${user}" in the mock: give a user's id or e-mail (GET /__mock/users lists them)`)
  }
  return { status: 200, body: { success: true, expired: world.expireTokens(user) } }
}

/** `POST /__mock/sessions`, its body already valid: a session for any user, without its password. */
function startSession(world: MockWorld, user: string): ControlAnswer {
  if (!world.hasUser(user)) return fieldProblem('user', `No user "${user}" in the mock: give a user's id or e-mail (GET /__mock/users lists them)`)
  try {
    const { tokens, user: found } = world.signIn(user)
    return { status: 201, body: { success: true, ...tokens, user: { id: found.id, email: found.email, orgRole: found.orgRole } } }
  } catch (error) {
    return fieldProblem('user', (error as Error).message)
  }
}

/** `GET /__mock/sessions`, its query already valid: `{ user? }`. Every live session of the world, or of one user. */
function listSessions(world: MockWorld, user: string | undefined): ControlAnswer {
  const only = user === undefined ? undefined : (world.store.userByEmail(user) ?? world.store.user(user))
  if (user !== undefined && !only) return fieldProblem('user', `No user "${user}" in the mock: give a user's id or e-mail (GET /__mock/users lists them)`)
  const now = world.clock.nowMs()
  // The same views as GET /sessions and GET /devices give the user, with whose session it is.
  const sessions = (only ? world.sessions.liveSessionsOf(only.id) : world.sessions.liveSessions()).map((session) => ({
    ...presentSession(session),
    userId: session.userId,
    email: world.store.user(session.userId)?.email ?? '',
    device: session.device && { ...presentDeviceSummary(session.device, now), fingerprint: session.device.fingerprint },
  }))
  return { status: 200, body: { sessions } }
}


/** `GET /__mock/totp?user=`: the code the user's authenticator app shows now, as `mock.totp()` gives it in a test. */
function totpCode(world: MockWorld, user: string): ControlAnswer {
  if (!world.hasUser(user)) return fieldProblem('user', `No user "${user}" in the mock: give a user's id or e-mail (GET /__mock/users lists them)`)
  const { id, email, code } = world.totpCode(user)
  if (code === undefined) return problem('NOT_FOUND', `"${user}" has no TOTP secret: set GOOGLE_AUTH up first (POST /mfa/setup)`)
  return { status: 200, body: { success: true, user: { id, email }, code } }
}

const PROVIDERS = ['google', 'github', 'microsoft', 'web3'] as const

/**
 * `POST /__mock/providers/{provider}/grants`, its body already valid: `{ user, name? }`. What the provider would
 * give the app for that user, as `mock.providers` gives it in a test; for web3 a linked account's signed body.
 */
async function grantSignIn(world: MockWorld, provider: string, spec: Record<string, unknown>): Promise<ControlAnswer> {
  if (!(PROVIDERS as readonly string[]).includes(provider)) return fieldProblem('provider', `provider must be one of ${PROVIDERS.join(', ')}, not "${provider.slice(0, 40)}"`)
  const user = String(spec.user)
  const options = spec.name === undefined ? {} : { name: String(spec.name) }
  const providers = providersOf(() => world)
  if (provider === 'web3') {
    const wallet = await providers.stellarWallet(user, options)
    return { status: 201, body: { success: true, provider, user, ...(await wallet.signInBody()) } }
  }
  const { code, token, codeExpiresAt } = providers.grant(provider as OAuthProviderName, user, options)
  return { status: 201, body: { success: true, provider, user, code, token, codeExpiresAt: codeExpiresAt.toISOString() } }
}

/**
 * `GET /__mock/oauth/{provider}/authorize`, its query already valid: the consent page, or with `user` the way back
 * to the app with a code (or an access token) of that user, granted in the request's world.
 */
async function consent(request: ControlRequest, provider: string, query: Record<string, unknown>): Promise<ControlAnswer> {
  if (!['google', 'github', 'microsoft'].includes(provider)) return fieldProblem('provider', `provider must be one of google, github, microsoft, not "${provider.slice(0, 40)}"`)
  const redirectUri = String(query.redirect_uri)
  if (!isLoopbackRedirect(redirectUri)) {
    return fieldProblem('redirect_uri', `redirect_uri must be a URL on a loopback origin (localhost, 127.0.0.1, [::1]) or a path on this server, not "${redirectUri.slice(0, 100)}"`)
  }
  const world = await readyWorld(request)
  const state = query.state as string | undefined
  if (query.user === undefined) {
    const page = consentPage(provider as OAuthProviderName, world.store.users.all(), request.url.searchParams)
    return { status: 200, body: page, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'", 'Cache-Control': 'no-store' } }
  }
  const granted = providersOf(() => world).grant(provider as OAuthProviderName, String(query.user))
  const answer = query.response_type === 'token' ? { access_token: granted.token, token_type: 'Bearer' as const } : { code: granted.code }
  return { status: 302, body: { success: true, message: `Signed in with ${provider} as ${granted.user}` }, headers: { Location: redirectBack(redirectUri, answer, state), 'Cache-Control': 'no-store' } }
}

/** The endpoints that act on the request's world: users, reset, faults, fixture, journal (and its stream), clock, tokens, outbox, sessions, TOTP codes, provider grants. */
export const controlStateHandlers: Record<string, ControlHandler> = {
  async listMockUsers(request) {
    return { status: 200, body: { users: (await readyWorld(request)).users() } }
  },
  async listMockOrganizations(request) {
    return { status: 200, body: { organizations: (await readyWorld(request)).organizations() } }
  },
  async listMockSessions(request) {
    const query = request.query()
    return query.ok ? listSessions(await readyWorld(request), query.value.user as string | undefined) : query.result
  },
  async startSession(request) {
    const spec = request.body()
    return spec.ok ? startSession(await readyWorld(request), String(spec.value.user)) : spec.result
  },
  async resetMock(request) {
    await (await readyWorld(request)).reset()
    return done(200, 'Mock reset to its fixture')
  },
  async addFault(request) {
    const spec = request.body()
    return spec.ok ? addFault(await readyWorld(request), spec.value) : spec.result
  },
  async clearFaults(request) {
    ;(await readyWorld(request)).faults.clear()
    return done(200, 'Faults cleared')
  },
  async useFixture(request) {
    const spec = request.body()
    if (!spec.ok) return spec.result
    const name = String(spec.value.fixture)
    // The schema's enum has already refused other names; the own-name lookup keeps it so if the two drift apart.
    if (!fixtureByName(name)) return fieldProblem('fixture', `fixture must be one of ${fixtureNames.join(', ')}`)
    const world = await readyWorld(request)
    await world.useFixture(name as FixtureName, spec.value.seed as number | undefined)
    return done(200, `Fixture "${name}" loaded with seed ${world.seed}`)
  },
  async getJournal(request) {
    const query = request.query()
    if (!query.ok) return query.result
    const operationId = query.value.operationId as OperationId | undefined
    return { status: 200, body: { journal: (await readyWorld(request)).log.journal(operationId ? { operationId } : {}) } }
  },
  async listFaults(request) {
    return { status: 200, body: { success: true, faults: (await readyWorld(request)).faults.list() } }
  },
  async removeFault(request) {
    const id = numberIn(request.params, 'id')
    if (typeof id !== 'number') return id
    if (!(await readyWorld(request)).faults.remove(id)) {
      return problem('NOT_FOUND', `No active fault ${id}: it was spent, removed or cleared (GET /__mock/faults lists the active ones)`)
    }
    return done(200, `Fault ${id} removed`)
  },
  async streamJournal(request) {
    return journalStream(await readyWorld(request))
  },
  async getJournalEntry(request) {
    const seq = numberIn(request.params, 'seq')
    if (typeof seq !== 'number') return seq
    const kept = (await readyWorld(request)).log.entryWithBodies(seq)
    if (!kept) return problem('NOT_FOUND', `No journal entry ${seq} with its bodies: the latest ${JOURNAL_BODIES_LIMIT} entries keep theirs`)
    return { status: 200, body: { success: true, entry: kept.entry, requestBody: kept.bodies.request, responseBody: kept.bodies.response } }
  },
  async readClock(request) {
    return clockTime(await readyWorld(request))
  },
  async moveClock(request) {
    const spec = request.body()
    return spec.ok ? moveClock(await readyWorld(request), spec.value) : spec.result
  },
  async expireTokens(request) {
    const spec = request.body()
    return spec.ok ? expireTokens(await readyWorld(request), spec.value) : spec.result
  },
  async getOutbox(request) {
    const query = request.query()
    if (!query.ok) return query.result
    const filter = { to: query.value.to as string | undefined, kind: query.value.kind as EmailKind | undefined }
    return { status: 200, body: { messages: (await readyWorld(request)).store.outbox.list(filter) } }
  },
  async getTotpCode(request) {
    const query = request.query()
    return query.ok ? totpCode(await readyWorld(request), String(query.value.user)) : query.result
  },
  async showConsentPage(request) {
    const query = request.query()
    return query.ok ? consent(request, request.params.provider ?? '', query.value) : query.result
  },
  async grantProviderSignIn(request) {
    const spec = request.body()
    return spec.ok ? grantSignIn(await readyWorld(request), request.params.provider ?? '', spec.value) : spec.result
  },
  async clearOutbox(request) {
    ;(await readyWorld(request)).clearOutbox()
    return done(200, 'Outbox cleared')
  },
}
