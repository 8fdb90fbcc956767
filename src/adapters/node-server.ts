import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ReadableStream } from 'node:stream/web'
import type { IncomingCall, Outcome, Pipeline } from '../mock/pipeline.js'
import type { WorldRegistry } from '../mock/worlds.js'
import { worldNameOf } from '../mock/world-name.js'
import { HTTP_STATUS, isFlashbackError, type ApiErrorCode } from '../operations/errors.js'
import { isAllowedHost } from './allowed-hosts.js'
import { refuseControl, runControl } from './control-api.js'
import { applyCors } from './cors.js'
import { crossSiteRefusal } from './cross-site.js'
import { checkDeclaredLength, readChunksText } from './read-body.js'
import { closeAfterDraining } from './lingering-close.js'
import { isTextAnswer } from '../mock/media-type.js'
import { jsonText } from '../operations/json-text.js'

/** How the server answers an API request: the pipeline itself, or msw's `getResponse` in front of it. */
export type ServerEngine =
  | { kind: 'core'; pipeline: Pipeline }
  | { kind: 'msw'; answer: (request: Request) => Promise<Response | null>; pipeline: Pipeline }

// Methods a fetch `Request` cannot carry, so no msw handler ever sees them: the pipeline answers (405).
const UNFETCHABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

export interface NodeListenerOptions {
  engine: ServerEngine
  /** The server's worlds: the control API acts on the one a request names, and manages them. */
  worlds: WorldRegistry
  /** Whether control answers are checked strictly against the control document. */
  strict: boolean
  /** Host names a request may carry (see `allowedHosts`). */
  hosts: () => ReadonlySet<string>
  controlToken?: string
}

/** Control bodies are small: a fixture name or a fault. */
const CONTROL_BODY_LIMIT = 64 * 1024

type Answer = { status: number; body: unknown; headers?: Record<string, string> }

/**
 * A body left unread (a refused caller's, or one over the limit) would be parsed as the next request
 * on a kept-alive connection: close it instead, once the client has sent it (see `closeAfterDraining`).
 */
function closeIfUnread(request: IncomingMessage, headers: Record<string, string | number>): Record<string, string | number> {
  if (hasBody(request) && !request.complete) {
    headers.Connection = 'close'
    closeAfterDraining(request)
  }
  return headers
}

// The text of a shared answer is the same string at every answer (json-text.ts): its length in bytes is kept
// with it, where counting it again scanned the whole text (a list's 2.5 KB) at every answer.
let lastText = ''
let lastLength = 0
function byteLength(text: string): number {
  if (text !== lastText) {
    lastText = text
    lastLength = Buffer.byteLength(text)
  }
  return lastLength
}

function send(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const text = isTextAnswer(answer.body, answer.headers ?? {}) ? answer.body : jsonText(answer.body)
  // A declared length lets Node send headers and body in one write, without chunked framing.
  // What msw's `HttpResponse.json()` and `mock.fetch` send too: one Content-Type whatever the transport.
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': byteLength(text) }
  if (answer.headers) Object.assign(headers, answer.headers)
  response.writeHead(answer.status, closeIfUnread(request, headers))
  response.end(text)
}

/** Whether a request carries a body: a length above zero or chunked encoding (most GETs have neither). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length']
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  checkDeclaredLength(request.headers['content-length'], limit)
  // Not destroyed when left over the limit: the answer still has to reach the client.
  return readChunksText(request.iterator({ destroyOnReturn: false }), limit)
}

/**
 * The path of a request target, as sent. A target that starts with `/` is a path, even `//x` (which
 * `new URL` would read as a host); an absolute target (`http://host/path`, sent to proxies) gives its path.
 */
function pathOfTarget(target: string): string | null {
  const path = target.startsWith('/') ? target : URL.canParse(target) ? new URL(target).pathname : null
  if (path === null) return null
  return withoutDotSegments(beforeQueryOrFragment(path))
}

function beforeQueryOrFragment(path: string): string {
  const query = path.indexOf('?')
  const fragment = path.indexOf('#')
  const end = query === -1 ? fragment : fragment === -1 ? query : Math.min(query, fragment)
  return end === -1 ? path : path.slice(0, end)
}

const isDot = (segment: string) => segment === '.' || segment.toLowerCase() === '%2e'
const isDotDot = (segment: string) => /^(\.|%2e){2}$/i.test(segment)
// Most paths have no dot at all: they are not split and joined again.
const mayHaveDotSegment = (path: string) => path.includes('.') || path.includes('%2e') || path.includes('%2E')

/**
 * `/user/../organization/users` → `/organization/users`, as fetch and browsers resolve a URL before sending
 * it, so a raw client reaches what msw would see. Empty segments are kept: they are not dots.
 */
function withoutDotSegments(path: string): string {
  if (!mayHaveDotSegment(path)) return path
  const segments = path.split('/').slice(1)
  const kept: string[] = []
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (isDotDot(segment)) kept.pop()
    if (isDot(segment) || isDotDot(segment)) {
      if (last) kept.push('')
    } else kept.push(segment)
  })
  return `/${kept.join('/')}`
}

/** A request's header by name, repeated ones joined, as fetch's `Headers.get` gives it. */
function headerOf(request: IncomingMessage): IncomingCall['header'] {
  return (name) => {
    const value = request.headers[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
}

function incomingCall(request: IncomingMessage, path: string, crossSite: string | null): IncomingCall {
  return {
    ...(crossSite === null ? {} : { crossSiteRefusal: crossSite }),
    method: request.method ?? 'GET',
    path,
    header: headerOf(request),
    hasBody: hasBody(request),
    readBody: (limit) => readBody(request, limit),
  }
}

/** The request as a fetch `Request` for msw, its body left unread until the pipeline asks for it. */
function fetchRequest(request: IncomingMessage, path: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  // fetch refuses a body on GET and HEAD; no operation reads one there, so it is left unread (and the connection closed).
  const carriesBody = hasBody(request) && request.method !== 'GET' && request.method !== 'HEAD'
  // Read on demand and never destroyed: a body left over the limit stays for `closeAfterDraining`.
  const body = carriesBody ? (ReadableStream.from(request.iterator({ destroyOnReturn: false })) as ReadableStream) : undefined
  return new Request(`http://127.0.0.1${path}`, { method: request.method, headers, body, duplex: 'half' } as RequestInit)
}

/** The answer of the msw engine: msw's `getResponse` in front of the pipeline, always through a promise. */
async function answerThroughMsw(engine: Extract<ServerEngine, { kind: 'msw' }>, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const answer = await engine.answer(fetchRequest(request, path))
  if (!answer) return void request.socket.destroy()
  const body = Buffer.from(await answer.arrayBuffer())
  // Declared, as the core engine does: one write, no chunked framing.
  response.writeHead(answer.status, closeIfUnread(request, { ...Object.fromEntries(answer.headers), 'Content-Length': body.byteLength }))
  response.end(body)
}

/**
 * Answers an API request. Through the core engine, a request the pipeline answers at once (most reads) is
 * written at once, within the request's own event, as a bare `node:http` server writes; otherwise once the
 * pipeline's promise settles.
 */
function answerApi(engine: ServerEngine, request: IncomingMessage, response: ServerResponse, path: string, crossSite: string | null): void | Promise<void> {
  // A cross-site write is refused by the pipeline itself, whatever the engine: msw's `Request` could not say why.
  if (engine.kind === 'msw' && crossSite === null && !UNFETCHABLE_METHODS.has(request.method?.toUpperCase() ?? '')) return answerThroughMsw(engine, request, response, path)
  const outcome = engine.pipeline.handle(incomingCall(request, path, crossSite))
  return outcome instanceof Promise ? outcome.then((settled) => sendOutcome(request, response, settled)) : sendOutcome(request, response, outcome)
}

function sendOutcome(request: IncomingMessage, response: ServerResponse, outcome: Outcome): void {
  // An injected network error drops the connection; an injected silence never settles.
  if (outcome.kind === 'network-error') return void request.socket.destroy()
  if (outcome.kind === 'failure') throw outcome.error
  send(request, response, outcome)
}

/** An answer the server gives itself, before any operation: its status from the one table. */
const refusal = (code: ApiErrorCode, message: string): Answer => ({ status: HTTP_STATUS[code], body: { success: false, message } })

/**
 * The standalone server's request handler: checks the Host (against DNS rebinding), answers CORS
 * preflights, the `/__mock/` control API, and the API through the engine. Nothing a client sends can
 * escape it: every parse happens inside, and anything unexpected is a 500 without a stack trace.
 */
export function createNodeListener(options: NodeListenerOptions): RequestListener {
  // Clients send the same Host on every request: the last one checked is remembered with its verdict.
  let checked: { hosts: ReadonlySet<string>; host: string | undefined; allowed: boolean } | undefined
  const allowedHost = (host: string | undefined) => {
    const hosts = options.hosts()
    if (checked?.hosts !== hosts || checked.host !== host) checked = { hosts, host, allowed: isAllowedHost(hosts, host) }
    return checked.allowed
  }
  /** Answers a request at once, or gives the promise of the answer (the control API, a body to read, a delay). */
  function answer(request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    const host = request.headers.host
    if (!allowedHost(host)) {
      const message = `Host "${host ?? ''}" is not one this server answers to; start it with --allow-host ${host ? JSON.stringify(host.split(':')[0]) : 'NAME'} to allow it`
      return send(request, response, refusal('FORBIDDEN', message))
    }
    applyCors(request, response)
    const method = request.method ?? 'GET'
    const target = request.url ?? '/'
    const path = pathOfTarget(target)
    if (path === null) return send(request, response, refusal('INVALID_REQUEST', `Malformed request target "${target.slice(0, 100)}"`))
    if (method === 'OPTIONS') return void response.writeHead(204).end()
    if (path.startsWith('/__mock/')) return answerControl(request, response, method, target, path)
    return answerApi(options.engine, request, response, path, crossSiteRefusal(request, options.hosts()))
  }

  async function answerControl(request: IncomingMessage, response: ServerResponse, method: string, target: string, path: string): Promise<void> {
    const refused = refuseControl(request, options.controlToken, options.strict)
    if (refused) return send(request, response, refused)
    const body = hasBody(request) ? await readBody(request, CONTROL_BODY_LIMIT) : ''
    const search = target.includes('?') ? target.slice(target.indexOf('?')) : ''
    const url = new URL(`http://127.0.0.1${path}${search}`)
    const scope = { worlds: options.worlds, worldName: () => worldNameOf(headerOf(request)), strict: options.strict }
    send(request, response, await runControl(scope, method, url, body))
  }

  function failed(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    // A client that hung up mid-body: nobody to answer, nothing to report.
    if (request.socket.destroyed) return
    if (isFlashbackError(error) && error.code === 'PAYLOAD_TOO_LARGE') return send(request, response, refusal(error.code, error.message))
    console.error(`[flashback-mock] ${methodOf(request)} ${request.url}: ${String((error as Error)?.stack ?? error)}`)
    // Never leak a stack trace: the client sees the documented generic 500 shape.
    if (!response.headersSent) send(request, response, refusal('INTERNAL', 'Internal server error'))
    else response.end()
  }

  return (request, response) => {
    try {
      const answered = answer(request, response)
      if (answered) answered.catch((error: unknown) => failed(request, response, error))
    } catch (error) {
      failed(request, response, error)
    }
  }
}

const methodOf = (request: IncomingMessage) => request.method ?? 'GET'
