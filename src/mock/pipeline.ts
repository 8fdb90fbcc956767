import type { OperationResult } from '../operations/context.js'
import { FlashbackError, HTTP_STATUS, isFlashbackError } from '../operations/errors.js'
import type { OperationId } from '../spec/document.js'
import { errorBody } from '../spec/error-body.js'
import { matchRoute, type RouteMatch } from '../spec/router.js'
import { loadBodyValidators } from '../spec/validator.js'
import { getOperation, type OperationSpec } from '../spec/operations.js'
import type { Disruption, Latency } from './faults.js'
import { unknownOperation, wrongMethod, UnmatchedReporter, type UnhandledRequestStrategy } from './unmatched.js'
import type { MockWorld } from './world.js'
import { inRequestedMediaType } from './media-type.js'
import type { JournalCaller } from '../operations/journal.js'

/** Bodies above this many bytes are refused with 413, without reading the rest. */
const BODY_LIMIT_BYTES = 1024 * 1024

/** What a client is told when its body is over the limit, whatever carried it. */
const BODY_TOO_LARGE = `Request body too large: the limit is ${BODY_LIMIT_BYTES} bytes`

/** A request as every transport hands it to the pipeline: nothing of msw, node:http or fetch. */
export interface IncomingCall {
  method: string
  /** The path below the API's base URL, as sent (percent-encoding kept). */
  path: string
  /** A header's value by its name in lower case; repeated ones joined with `, `. */
  header(name: string): string | null
  /** Whether a body was sent at all (most GETs have none). */
  hasBody: boolean
  /** Reads the body as text; rejects with a `PAYLOAD_TOO_LARGE` error once it passes `limit` bytes. */
  readBody(limit: number): Promise<string>
  /** The route, when the transport had to find it already (msw asks before it calls): the pipeline routes once. */
  route?: RouteMatch
  /** Set by a transport that refuses the request as a cross-site write (the standalone server): the 403's message. */
  crossSiteRefusal?: string
  /** Told who the caller was, once the answer is journalled with one (the standalone server's request lines). */
  noteCaller?: (caller: JournalCaller) => void
}

/** What a transport turns into its own response. `no-response` is a promise that never settles. */
export type Outcome =
  | { kind: 'response'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'network-error' }
  | { kind: 'failure'; error: unknown }

/** A body over the limit, as every transport reports it. */
export function bodyTooLarge(): FlashbackError {
  return new FlashbackError('PAYLOAD_TOO_LARGE', BODY_TOO_LARGE)
}

// msw's `delay('real')`: a server's few ms in Node (jsdom included, as msw decides), 100-400 ms in a browser.
const inNode = typeof process !== 'undefined' && Boolean(process.versions?.node)
const realisticMs = () => (inNode ? 5 : 100 + Math.floor(Math.random() * 300))
const wait = (latency: Latency) => new Promise<void>((resolve) => setTimeout(resolve, latency === 'real' ? realisticMs() : latency))
const never = () => new Promise<never>(() => {})

function respond(result: OperationResult & { headers?: Record<string, string> }): Outcome {
  return { kind: 'response', status: result.status, body: result.body, headers: result.headers }
}

/**
 * Which world answers a call: the one of an in-process mock, the one the call names on a server, or a
 * refusal naming the rule the name breaks.
 */
export type WorldChooser = (call: IncomingCall) => MockWorld | { refused: string }

/** Records an answer in the world's journal (with its bodies), and in its violations when the request broke the contract. */
function record(world: MockWorld, id: OperationId, call: IncomingCall, result: OperationResult, requestBody: string | null = null): void {
  const { method, path } = call
  const caller = result.caller ?? null
  world.log.record(
    { operationId: id, method, path, status: result.status, caller, violation: result.violation },
    { request: requestBody, response: result.body },
  )
  if (caller && call.noteCaller) call.noteCaller(caller)
  if (result.violation) {
    const message = (result.body as { message?: string }).message ?? `${result.status}`
    world.log.recordViolation({ kind: result.violation, method, path, operationId: id, status: result.status, message })
  }
}

/** The documented error body of an operation for an injected status. */
function faultResult(id: OperationId, status: number): OperationResult {
  return { status, body: errorBody(getOperation(id), status, status >= 500 ? 'Internal server error' : 'Injected fault', 'Injected by flashback-mock') }
}

export interface Pipeline {
  /**
   * Answers one request: routing, the world, injected faults and delays, the body limit, the operation, the
   * journal. At once when nothing has to be waited for (most reads), else through a promise.
   */
  handle(call: IncomingCall): Outcome | Promise<Outcome>
}

/**
 * The one request path of the mock. msw's handlers, the node server and `mock.fetch` only translate a
 * request into an `IncomingCall` and an `Outcome` into their own response, so they answer alike. It routes
 * once, then asks `chooseWorld` which world answers (decisions/022), and records in that world only.
 */
export function createPipeline(chooseWorld: WorldChooser, onUnhandledRequest: UnhandledRequestStrategy): Pipeline {
  const reporter = new UnmatchedReporter(onUnhandledRequest)

  /** Reads a body the operation needs, unless the caller will be refused anyway (then it is never read). */
  async function readBodyOf(world: MockWorld, operation: OperationSpec, call: IncomingCall): Promise<string | null> {
    if (!operation.requestBody || !call.hasBody) return null
    await world.loaded()
    if (world.core.refusesBeforeBody(operation, call.header('authorization'))) return null
    // Loaded while the body is read, outside the write queue: the operation then checks the body at once.
    const [body] = await Promise.all([call.readBody(BODY_LIMIT_BYTES), loadBodyValidators()])
    return body
  }

  /** An answer the pipeline gives itself, in the operation's error shape, and journalled. */
  function refuse(world: MockWorld, operation: OperationSpec, call: IncomingCall, status: number, message: string, violation?: OperationResult['violation']): Outcome {
    const result: OperationResult = { status, body: errorBody(operation, status, message), ...(violation ? { violation } : {}) }
    record(world, operation.id, call, result)
    return respond(result)
  }

  /**
   * Answers a call its route and world are known for. Most requests (no injected delay, no body to read,
   * a resolver that answers at once) are answered at once, without a promise: the standalone server then
   * writes the answer within the request's own event.
   */
  function answer(world: MockWorld, operation: OperationSpec, call: IncomingCall, params: Record<string, string>): Outcome | Promise<Outcome> {
    // Before the faults: a refused page must not use up a fault a test set for its own requests.
    if (call.crossSiteRefusal !== undefined) return refuse(world, operation, call, HTTP_STATUS.FORBIDDEN, call.crossSiteRefusal)
    const { fault, latency } = world.faults.take(operation.id)
    if (latency !== undefined) return wait(latency).then(() => afterDelay(world, operation, call, params, fault))
    return afterDelay(world, operation, call, params, fault)
  }

  function afterDelay(world: MockWorld, operation: OperationSpec, call: IncomingCall, params: Record<string, string>, fault: Disruption['fault']): Outcome | Promise<Outcome> {
    const { method, path } = call
    if (fault === 'network-error') return { kind: 'network-error' }
    if (fault === 'no-response') return never()
    if (fault) {
      const result = faultResult(operation.id, fault.status)
      record(world, operation.id, call, result)
      return respond(result)
    }
    // Most requests carry no body: they reach the operation without waiting a turn for one.
    if (operation.requestBody && call.hasBody) return withBody(world, operation, call, params)
    return run(world, operation, call, params, null)
  }

  async function withBody(world: MockWorld, operation: OperationSpec, call: IncomingCall, params: Record<string, string>): Promise<Outcome> {
    let body: string | null
    try {
      body = await readBodyOf(world, operation, call)
    } catch (error) {
      if (!isFlashbackError(error) || error.code !== 'PAYLOAD_TOO_LARGE') throw error
      return refuse(world, operation, call, HTTP_STATUS.PAYLOAD_TOO_LARGE, error.message, 'invalid-request')
    }
    return run(world, operation, call, params, body)
  }

  function run(world: MockWorld, operation: OperationSpec, call: IncomingCall, params: Record<string, string>, body: string | null): Outcome | Promise<Outcome> {
    const contentType = call.header('content-type')
    const result = world.core.runOperation(operation, { params, authorization: call.header('authorization'), contentType, body, userAgent: call.header('user-agent') })
    return result instanceof Promise ? result.then((done) => answered(world, operation, call, done, body)) : answered(world, operation, call, result, body)
  }

  function answered(world: MockWorld, operation: OperationSpec, call: IncomingCall, result: OperationResult, body: string | null): Outcome {
    record(world, operation.id, call, result, body)
    return respond(inRequestedMediaType(operation, call.header('accept'), result))
  }

  const failure = (error: unknown): Outcome => ({ kind: 'failure', error })

  return {
    handle(call) {
      try {
        const route = call.route ?? matchRoute(call.method, call.path)
        const world = chooseWorld(call)
        // A world name that breaks the rule: no world answers, and none records it.
        if ('refused' in world) return respond({ status: HTTP_STATUS.INVALID_REQUEST, body: { success: false, message: world.refused } })
        if (route.kind === 'not-found') return respond(unknownOperation(world.log, reporter, call.method, call.path))
        if (route.kind === 'method-not-allowed') return respond(wrongMethod(world.log, call.method, call.path, route.allowed))
        const outcome = answer(world, route.operation, call, route.params)
        return outcome instanceof Promise ? outcome.then(undefined, failure) : outcome
      } catch (error) {
        return failure(error)
      }
    },
  }
}
