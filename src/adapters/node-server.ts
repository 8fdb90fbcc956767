import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFlashbackMock, type FlashbackMock, type FlashbackMockOptions } from '../create-flashback-mock.js'
import type { OperationResult } from '../operations/context.js'
import { BODY_LIMIT_BYTES, BODY_TOO_LARGE } from '../operations/request.js'
import { errorBody } from '../spec/error-body.js'
import { matchRoute } from '../spec/router.js'
import { refuseControl, runControl } from './control-api.js'
import { assertUsableControlToken } from './control-token.js'
import { unknownOperation, wrongMethod } from './unmatched.js'
import { applyCors } from './cors.js'
import { answerThroughMsw } from './msw-engine.js'
import { BodyTooLarge, hasBody, readBodyText } from './read-body.js'

export interface FlashbackServerOptions extends Omit<FlashbackMockOptions, 'baseUrl'> {
  /**
   * `core` (default) calls the operation core directly; `msw` answers through msw's `getResponse`
   * and the same handlers tests use. Both give the same answers; `core` is much faster.
   */
  engine?: 'core' | 'msw'
  /**
   * When set, `/__mock/` answers only requests with this `X-Control-Token` header (compared in constant time).
   * An empty token, or one with leading or trailing white space, throws a `ControlTokenError`.
   */
  controlToken?: string
}

export interface FlashbackServer {
  readonly server: Server
  readonly mock: FlashbackMock
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:4010`. */
  listen(port?: number, host?: string): Promise<string>
  close(): Promise<void>
}

function send(response: ServerResponse, result: OperationResult, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(result.body)
  // A declared length lets Node send headers and body in one write, without chunked framing.
  response.writeHead(result.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

/** Answers one API request through the operation core. */
async function answerThroughCore(mock: FlashbackMock, request: IncomingMessage, path: string, body: string) {
  const method = request.method ?? 'GET'
  const route = matchRoute(method, path)
  if (route.kind === 'not-found') return unknownOperation(mock.state, method, path, 'warn')
  if (route.kind === 'method-not-allowed') return wrongMethod(mock.state, method, path, route.allowed)
  const { fault, latency } = mock.state.faults.take(route.operation.id)
  if (latency !== undefined) await sleep(latency === 'real' ? REALISTIC_DELAY_MS : latency)
  if (fault === 'network-error' || fault === 'no-response') return fault
  if (fault) return { ...mock.state.faultResult(route.operation.id, method, path, fault.status), headers: {} }
  const result = await mock.state.answer(route.operation.id, method, path, {
    params: route.params,
    authorization: request.headers.authorization ?? null,
    contentType: request.headers['content-type'] ?? null,
    body: route.operation.requestBody ? body : null,
  })
  return { ...result, headers: {} }
}

// What msw's delay('real') means for a server: a plausible round trip.
const REALISTIC_DELAY_MS = 150
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function tooLarge(method: string, path: string): OperationResult {
  const route = matchRoute(method, path)
  const body = route.kind === 'operation' ? errorBody(route.operation, 413, BODY_TOO_LARGE) : { success: false, message: BODY_TOO_LARGE }
  return { status: 413, body }
}

/**
 * A standalone HTTP server for local development: the mock on `node:http`, with CORS for
 * browser apps on other localhost ports, a 1 MB body limit and the `/__mock/` control endpoints.
 * @example
 * const { listen } = createFlashbackServer({ seed: 7 })
 * const url = await listen(4010) // http://127.0.0.1:4010
 */
export function createFlashbackServer(options: FlashbackServerOptions = {}): FlashbackServer {
  assertUsableControlToken(options.controlToken)
  // The msw engine rewrites each request onto this base URL, so the handlers match whatever port is bound.
  const mock = createFlashbackMock({ ...options, baseUrl: 'http://127.0.0.1', onUnhandledRequest: 'warn' })

  const server = createServer(async (request, response) => {
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    try {
      applyCors(request, response)
      if (method === 'OPTIONS') return void response.writeHead(204).end()
      let body = ''
      try {
        // Most requests have no body, so most never wait for one.
        if (hasBody(request)) body = await readBodyText(request, BODY_LIMIT_BYTES)
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error
        response.setHeader('Connection', 'close')
        return send(response, tooLarge(method, url.pathname))
      }
      if (url.pathname.startsWith('/__mock/')) {
        return send(response, refuseControl(request, options.controlToken, mock.state.strict) ?? (await runControl(mock.state, method, url, body)))
      }
      if (options.engine === 'msw') {
        const answer = await answerThroughMsw(mock, request, url, body)
        if (answer.type === 'error') return void request.socket.destroy()
        response.writeHead(answer.status, Object.fromEntries(answer.headers))
        return void response.end(Buffer.from(await answer.arrayBuffer()))
      }
      const answer = await answerThroughCore(mock, request, url.pathname, body)
      // An injected network error drops the connection; an injected silence never answers.
      if (answer === 'network-error') return void request.socket.destroy()
      if (answer === 'no-response') return
      send(response, answer, answer.headers)
    } catch {
      // Never leak a stack trace: the client sees the documented generic 500 shape.
      if (!response.headersSent) send(response, { status: 500, body: { success: false, message: 'Internal server error' } })
      else response.end()
    }
  })

  return {
    server,
    mock,
    listen(port = 4010, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve(`http://${shownHost}:${address.port}`)
        })
      })
    },
    close() {
      return new Promise((resolve, reject) => {
        server.closeAllConnections?.()
        server.close((error) => (error ? reject(error) : resolve()))
      })
    },
  }
}
