import type { IncomingMessage } from 'node:http'
import type { MockWorld as MockState } from '../mock/world.js'
import type { OperationResult } from '../operations/context.js'
import { fromLocalOrigin } from './cors.js'
import type { Fault } from '../mock/faults.js'
import type { OperationId } from '../spec/document.js'
import { operationsById } from '../spec/operations.js'
import { builtInFixtures, type FixtureName } from '../data/fixtures.js'

/**
 * Who may use the control API: never a page from another origin (a cross-site form could otherwise
 * reset a developer's mock), and, when the server has a control token, only who sends it.
 */
export function refuseControl(request: IncomingMessage, controlToken: string | undefined): OperationResult | null {
  if (!fromLocalOrigin(request)) {
    return { status: 403, body: { success: false, message: 'The control API answers only pages on this machine' } }
  }
  if (controlToken !== undefined && request.headers['x-control-token'] !== controlToken) {
    return { status: 401, body: { success: false, message: 'The control API needs the X-Control-Token header given by --control-token' } }
  }
  return null
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value = body ? JSON.parse(body) : {}
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

const badRequest = (message: string): OperationResult => ({ status: 400, body: { success: false, message } })

/** `POST /__mock/faults` body: `{ operationId?, status? | networkError? | noResponse?, delayMs?, times? }`. */
function addFault(state: MockState, body: string): OperationResult {
  const spec = parseJson(body)
  if (!spec) return badRequest('The body must be a JSON object')
  const target = (spec.operationId ?? '*') as OperationId | '*'
  if (target !== '*' && !operationsById.has(target)) return badRequest(`Unknown operationId "${String(spec.operationId)}"`)
  const times = spec.times === undefined ? {} : { times: Number(spec.times) }
  const fault: Fault | undefined = spec.networkError ? 'network-error' : spec.noResponse ? 'no-response'
    : typeof spec.status === 'number' ? { status: spec.status } : undefined
  const latency = spec.delayMs === 'real' ? 'real' : typeof spec.delayMs === 'number' ? spec.delayMs : undefined
  if (!fault && latency === undefined) return badRequest('Give status, networkError, noResponse or delayMs')
  if (fault) state.faults.fail(target, fault, times)
  if (latency !== undefined) state.faults.delay(target, latency, times)
  return { status: 201, body: { success: true, message: `Fault added for ${target}` } }
}

/**
 * The standalone server's `/__mock/` endpoints: users with tokens, reset, faults and the journal.
 * Documented in `openapi/control.openapi.json`.
 */
export async function runControl(state: MockState, method: string, url: URL, body: string): Promise<OperationResult> {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`
  await state.ready()
  switch (route) {
    case 'GET /__mock/users':
      return { status: 200, body: { users: state.users() } }
    case 'POST /__mock/reset':
      await state.reset()
      return { status: 200, body: { success: true, message: 'Mock reset to its fixture' } }
    case 'POST /__mock/faults':
      return addFault(state, body)
    case 'POST /__mock/fixture': {
      const spec = parseJson(body)
      const name = spec?.fixture
      if (typeof name !== 'string' || !(name in builtInFixtures)) {
        return badRequest(`fixture must be one of ${Object.keys(builtInFixtures).join(', ')}`)
      }
      if (spec!.seed !== undefined && !Number.isInteger(spec!.seed)) return badRequest('seed must be an integer')
      await state.useFixture(name as FixtureName, spec!.seed as number | undefined)
      return { status: 200, body: { success: true, message: `Fixture "${name}" loaded with seed ${state.seed}` } }
    }
    case 'DELETE /__mock/faults':
      state.faults.clear()
      return { status: 200, body: { success: true, message: 'Faults cleared' } }
    case 'GET /__mock/journal': {
      const operationId = url.searchParams.get('operationId')
      return { status: 200, body: { journal: state.log.journal(operationId ? { operationId: operationId as OperationId } : {}) } }
    }
    default:
      return { status: 404, body: { success: false, message: `No control endpoint ${route}; see openapi/control.openapi.json` } }
  }
}
