import type { IncomingMessage } from 'node:http'
import type { MockWorld as MockState } from '../mock/world.js'
import type { OperationResult } from '../operations/context.js'
import { ContractViolation } from '../operations/response-check.js'
import { HTTP_STATUS, type ApiErrorCode } from '../operations/errors.js'
import { fromLocalOrigin } from './cors.js'
import { isControlToken } from './control-token.js'
import type { Fault } from '../mock/faults.js'
import type { OperationId } from '../spec/document.js'
import { findControlOperation, controlOperations, type ControlOperation } from '../spec/control-operations.js'
import { controlValidatorFor, describeControlErrors, type FieldProblem } from '../spec/control-validator.js'
import { fixtureByName, fixtureNames, type FixtureName } from '../data/fixtures.js'
import { ClockInputError } from '../mock/clock.js'

const problem = (code: ApiErrorCode, message: string, errors?: FieldProblem[]): OperationResult => ({
  status: HTTP_STATUS[code],
  body: { success: false, message, ...(errors ? { errors } : {}) },
})
const done = (status: number, message: string): OperationResult => ({ status, body: { success: true, message } })

const warned = new Set<string>()

/**
 * Checks a control answer against `openapi/control.openapi.json`, as the API's answers are checked:
 * a mismatch throws a `ContractViolation` when strict, else prints a one-line warning once.
 */
function checkAnswer(operation: ControlOperation | undefined, result: OperationResult, strict: boolean): OperationResult {
  if (!operation) return result
  const schema = operation.responses.get(result.status)
  let mismatch: string | null = null
  if (!schema) mismatch = `${operation.id} answered ${result.status}, a status the control document does not declare`
  else {
    const validate = controlValidatorFor(schema)
    if (!validate(result.body)) {
      const problems = describeControlErrors(validate.errors ?? [], result.body).map((p) => p.message)
      mismatch = `${operation.id} ${result.status}: answer breaks the control document: ${problems.join('; ')}`
    }
  }
  if (mismatch && strict) throw new ContractViolation(mismatch)
  if (mismatch && !warned.has(mismatch)) {
    warned.add(mismatch)
    console.warn(`[flashback-mock] ${mismatch}`)
  }
  return result
}

/**
 * Who may use the control API: never a page from another origin (a cross-site form could otherwise
 * reset a developer's mock), and, when the server has a control token, only who sends it.
 */
export function refuseControl(request: IncomingMessage, controlToken: string | undefined, strict = false): OperationResult | null {
  const operation = findControlOperation(request.method ?? 'GET', (request.url ?? '/').split('?')[0]!)
  if (!fromLocalOrigin(request)) return checkAnswer(operation, problem('FORBIDDEN', 'The control API answers only pages on this machine'), strict)
  if (controlToken !== undefined && !isControlToken(request.headers['x-control-token'], controlToken)) {
    return checkAnswer(operation, problem('UNAUTHENTICATED', 'The control API needs the X-Control-Token header given by --control-token'), strict)
  }
  return null
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; result: OperationResult }

/** The request body as the endpoint's schema allows it, or the 400 naming every failing field. */
function readBody(operation: ControlOperation, body: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { ok: false, result: problem('INVALID_REQUEST', 'The body must be a JSON object', [{ field: '', message: 'The body must be a JSON object' }]) }
  }
  return validated('Invalid request body', operation.requestBody!, value)
}

function validated(what: string, schema: object, value: unknown): Parsed {
  const validate = controlValidatorFor(schema)
  if (validate(value)) return { ok: true, value: value as Record<string, unknown> }
  const errors = describeControlErrors(validate.errors ?? [], value)
  return { ok: false, result: problem('INVALID_REQUEST', `${what}: ${errors.map((e) => e.message).join('; ')}`, errors) }
}

/** `POST /__mock/faults`, its body already valid: `{ operationId?, status? | networkError? | noResponse?, delayMs?, times? }`. */
function addFault(state: MockState, spec: Record<string, unknown>): OperationResult {
  const target = (spec.operationId ?? '*') as OperationId | '*'
  const faults: Fault[] = [
    ...(spec.status !== undefined ? [{ status: spec.status as number }] : []),
    ...(spec.networkError === true ? (['network-error'] as const) : []),
    ...(spec.noResponse === true ? (['no-response'] as const) : []),
  ]
  const latency = spec.delayMs as number | 'real' | undefined
  if (faults.length > 1) {
    const message = 'Give only one of status, networkError or noResponse'
    return problem('INVALID_REQUEST', message, [{ field: '', message }])
  }
  if (faults.length === 0 && latency === undefined) {
    const message = 'Give status, networkError, noResponse or delayMs'
    return problem('INVALID_REQUEST', message, [{ field: '', message }])
  }
  const times = spec.times === undefined ? {} : { times: spec.times as number }
  if (faults[0]) state.faults.fail(target, faults[0], times)
  if (latency !== undefined) state.faults.delay(target, latency, times)
  return done(201, `Fault added for ${target}`)
}

/**
 * `POST /__mock/clock`, its body already valid: `{ advance?: "61m" | 3660000, set?: "2026-01-01T00:00:00Z" | epochMs }`
 * (set first, then advance). Answers the mock's time, which decides when access tokens expire.
 */
function moveClock(state: MockState, spec: Record<string, unknown>): OperationResult {
  try {
    state.clock.move({ set: spec.set as string | number | undefined, advance: spec.advance as string | number | undefined })
  } catch (error) {
    if (!(error instanceof ClockInputError)) throw error
    return problem('INVALID_REQUEST', error.message, [{ field: error.field ?? 'advance', message: error.message }])
  }
  return { status: 200, body: { success: true, now: state.clock.now().toISOString() } }
}

/**
 * `POST /__mock/tokens/expire`, its body already valid: `{ user? }`. The access tokens of every session, or of
 * one user's, expire now, as `mock.expireTokens()` does in a test.
 */
function expireTokens(state: MockState, spec: Record<string, unknown>): OperationResult {
  const user = spec.user as string | undefined
  if (user !== undefined && !state.hasUser(user)) {
    const message = `No user "${user}" in the mock: give a user's id or e-mail (GET /__mock/users lists them)`
    return problem('INVALID_REQUEST', message, [{ field: 'user', message }])
  }
  return { status: 200, body: { success: true, expired: state.expireTokens(user) } }
}

async function answer(state: MockState, operation: ControlOperation, url: URL, body: string): Promise<OperationResult> {
  switch (operation.id) {
    case 'listMockUsers':
      return { status: 200, body: { users: state.users() } }
    case 'resetMock':
      await state.reset()
      return done(200, 'Mock reset to its fixture')
    case 'addFault': {
      const spec = readBody(operation, body)
      return spec.ok ? addFault(state, spec.value) : spec.result
    }
    case 'clearFaults':
      state.faults.clear()
      return done(200, 'Faults cleared')
    case 'useFixture': {
      const spec = readBody(operation, body)
      if (!spec.ok) return spec.result
      const name = String(spec.value.fixture)
      // The schema's enum has already refused other names; the own-name lookup keeps it so if the two drift apart.
      if (!fixtureByName(name)) return problem('INVALID_REQUEST', `fixture must be one of ${fixtureNames.join(', ')}`, [{ field: 'fixture', message: `fixture must be one of ${fixtureNames.join(', ')}` }])
      await state.useFixture(name as FixtureName, spec.value.seed as number | undefined)
      return done(200, `Fixture "${name}" loaded with seed ${state.seed}`)
    }
    case 'getJournal': {
      // Only the documented parameters are read; others (a cache buster) are ignored.
      const operationId = url.searchParams.get('operationId')
      const query = validated('Invalid query', operation.query!, operationId === null ? {} : { operationId })
      if (!query.ok) return query.result
      return { status: 200, body: { journal: state.log.journal(operationId ? { operationId: operationId as OperationId } : {}) } }
    }
    case 'moveClock': {
      const spec = readBody(operation, body)
      return spec.ok ? moveClock(state, spec.value) : spec.result
    }
    case 'expireTokens': {
      const spec = readBody(operation, body)
      return spec.ok ? expireTokens(state, spec.value) : spec.result
    }
    default:
      throw new Error(`The control document has an endpoint ${operation.id} the server does not answer`)
  }
}

/**
 * The standalone server's `/__mock/` endpoints: users with tokens, reset, faults, fixtures, the journal, the
 * clock and token expiry.
 * Documented in `openapi/control.openapi.json`: bodies and queries are validated against it, and every
 * answer is checked against it (a mismatch throws when the mock is strict).
 */
export async function runControl(state: MockState, method: string, url: URL, body: string): Promise<OperationResult> {
  const operation = findControlOperation(method, url.pathname)
  if (!operation) {
    const path = url.pathname.replace(/\/+$/, '')
    const methods = controlOperations.filter((o) => o.path === path).map((o) => o.method)
    const hint = methods.length ? `; ${path} answers ${methods.join(', ')}` : ''
    return problem('UNKNOWN_ROUTE', `No control endpoint ${method} ${path}${hint}; see openapi/control.openapi.json`)
  }
  await state.ready()
  return checkAnswer(operation, await answer(state, operation, url, body), state.strict)
}
