import { fixtureByName, fixtureNames, type FixtureName } from '../data/fixtures.js'
import { ClockInputError } from '../mock/clock.js'
import type { EmailKind } from '../data/outbox.js'
import type { Fault } from '../mock/faults.js'
import type { MockWorld } from '../mock/world.js'
import type { OperationId } from '../spec/document.js'
import { done, fieldProblem, type ControlHandler, type ControlRequest } from './control-answers.js'

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
  if (faults[0]) world.faults.fail(target, faults[0], times)
  if (latency !== undefined) world.faults.delay(target, latency, times)
  return done(201, `Fault added for ${target}`)
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
  return { status: 200, body: { success: true, now: world.clock.now().toISOString() } }
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

/** The endpoints that act on the request's world: users, reset, faults, fixture, journal, clock, tokens, outbox. */
export const controlStateHandlers: Record<string, ControlHandler> = {
  async listMockUsers(request) {
    return { status: 200, body: { users: (await readyWorld(request)).users() } }
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
  async clearOutbox(request) {
    ;(await readyWorld(request)).store.outbox.clear()
    return done(200, 'Outbox cleared')
  },
}
