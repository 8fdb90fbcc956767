import type { IncomingMessage } from 'node:http'
import { ContractViolation } from '../operations/response-check.js'
import { isFlashbackError } from '../operations/errors.js'
import { fromLocalOrigin } from './cors.js'
import { isControlToken } from './control-token.js'
import { controlMethodsOf, controlOperations, matchControlOperation, type ControlOperation } from '../spec/control-operations.js'
import { controlValidatorFor, describeControlErrors } from '../spec/control-validator.js'
import { problem, fieldProblem, WorldGoneError, type ControlAnswer, type ControlHandler, type ControlRequest, type ControlScope, type Parsed } from './control-answers.js'
import { controlWorldHandlers } from './control-worlds.js'
import { controlStateHandlers } from './control-state.js'

const handlers: Record<string, ControlHandler> = { ...controlStateHandlers, ...controlWorldHandlers }

/** An endpoint of the document without a handler, or a handler for none, is a bug: refuse to start. */
function checkHandlersAgree(): void {
  const documented = controlOperations.map((o) => o.id).sort()
  const handled = Object.keys(handlers).sort()
  if (documented.join() !== handled.join()) throw new Error(`The control document's operations [${documented}] and the server's handlers [${handled}] differ`)
}
checkHandlersAgree()

const warned = new Set<string>()

/**
 * Checks a control answer against `openapi/control.openapi.json`, as the API's answers are checked:
 * a mismatch throws a `ContractViolation` when strict, else prints a one-line warning once.
 */
function checkAnswer(operation: ControlOperation | undefined, result: ControlAnswer, strict: boolean): ControlAnswer {
  // An event stream has no body to check; its status is the documented 200.
  if (!operation || result.stream) return result
  const schema = operation.responses.get(result.status)
  let mismatch: string | null = null
  // A redirect or a page has no JSON body to check, but its status must be one the document declares.
  if (!schema && !operation.statuses.has(result.status)) mismatch = `${operation.id} answered ${result.status}, a status the control document does not declare`
  else if (schema) {
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
export function refuseControl(request: IncomingMessage, controlToken: string | undefined, strict = false): ControlAnswer | null {
  const operation = matchControlOperation(request.method ?? 'GET', (request.url ?? '/').split('?')[0]!)?.operation
  if (!fromLocalOrigin(request)) return checkAnswer(operation, problem('FORBIDDEN', 'The control API answers only pages on this machine'), strict)
  if (controlToken !== undefined && !isControlToken(request.headers['x-control-token'], controlToken)) {
    return checkAnswer(operation, problem('UNAUTHENTICATED', 'The control API needs the X-Control-Token header given by --control-token'), strict)
  }
  return null
}

function validated(what: string, schema: object, value: unknown): Parsed {
  const validate = controlValidatorFor(schema)
  if (validate(value)) return { ok: true, value: value as Record<string, unknown> }
  const errors = describeControlErrors(validate.errors ?? [], value)
  return { ok: false, result: problem('INVALID_REQUEST', `${what}: ${errors.map((e) => e.message).join('; ')}`, errors) }
}

function readBody(operation: ControlOperation, body: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { ok: false, result: fieldProblem('', 'The body must be a JSON object') }
  }
  return validated('Invalid request body', operation.requestBody!, value)
}

function readQuery(operation: ControlOperation, url: URL): Parsed {
  if (!operation.query) return { ok: true, value: {} }
  // Only the documented parameters are read; others (a cache buster) are ignored.
  const documented = Object.keys(operation.query.properties ?? {})
  const given = Object.fromEntries(documented.flatMap((name) => (url.searchParams.has(name) ? [[name, url.searchParams.get(name)!]] : [])))
  return validated('Invalid query', operation.query, given)
}

function decodedParams(params: Record<string, string>): Record<string, string> | null {
  try {
    return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, decodeURIComponent(value)]))
  } catch {
    return null
  }
}

/**
 * The standalone server's `/__mock/` endpoints, documented in `openapi/control.openapi.json`: every
 * endpoint of the document is answered by the handler of its operationId; bodies and queries are validated
 * against it, and every answer is checked against it (a mismatch throws when the mock is strict).
 */
export async function runControl(scope: ControlScope, method: string, url: URL, body: string): Promise<ControlAnswer> {
  const match = matchControlOperation(method, url.pathname)
  if (!match) {
    const path = url.pathname.replace(/\/+$/, '')
    const methods = controlMethodsOf(path)
    const hint = methods.length ? `; ${path} answers ${methods.join(', ')}` : ''
    return problem('UNKNOWN_ROUTE', `No control endpoint ${method} ${path}${hint}; see openapi/control.openapi.json`)
  }
  const { operation } = match
  const params = decodedParams(match.params)
  if (!params) return checkAnswer(operation, problem('INVALID_REQUEST', `Malformed percent-encoding in ${url.pathname}`), scope.strict)
  let name: string
  try {
    name = scope.worldName()
  } catch (error) {
    if (!isFlashbackError(error)) throw error
    return checkAnswer(operation, problem('INVALID_REQUEST', error.message), scope.strict)
  }
  const world = () => {
    if (scope.existingOnly && !scope.worlds.exists(name)) throw new WorldGoneError(name)
    return scope.worlds.get(name)
  }
  const request: ControlRequest = { scope, world, url, params, body: () => readBody(operation, body), query: () => readQuery(operation, url) }
  const handler = handlers[operation.id]!
  let answer: ControlAnswer
  try {
    answer = await handler(request)
  } catch (error) {
    if (!(error instanceof WorldGoneError)) throw error
    answer = problem('NOT_FOUND', `World "${name}" does not exist any more (dropped when idle past --world-ttl, beyond --max-worlds, or deleted); nothing was made. Send the request without x-mock-existing-world to make it afresh.`)
  }
  return checkAnswer(operation, answer, scope.strict)
}
