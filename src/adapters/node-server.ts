import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { ReadableStream } from 'node:stream/web'
import type { IncomingCall, Outcome, Pipeline } from '../mock/pipeline.js'
import type { WorldRegistry } from '../mock/worlds.js'
import { EXISTING_WORLD_HEADER, worldNameOf } from '../mock/world-name.js'
import { HTTP_STATUS, isFlashbackError, type ApiErrorCode } from '../operations/errors.js'
import { isAllowedHost } from './allowed-hosts.js'
import { refuseControl, runControl } from './control-api.js'
import type { ControlAnswer } from './control-answers.js'
import { applyCors } from './cors.js'
import { crossSiteRefusal } from './cross-site.js'
import { checkDeclaredLength, readChunksText } from './read-body.js'
import { closeAfterDraining } from './lingering-close.js'
import { isTextAnswer } from '../mock/media-type.js'
import { callerListeners } from './fetch-call.js'
import { consoleFile, type ConsoleFile } from './console-files.js'
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
  /** Told of each API request once answered (not the control API's): the command line prints a line for each. */
  onAnswered?: (request: AnsweredRequest) => void
  /**
   * With `--state`: resolves once every change made so far is saved. A write's answer waits for it, so no
   * answer tells a client of a change a crash could still lose.
   */
  durable?: () => Promise<void>
}

/** An API request the server answered, as the command line prints it. */
export interface AnsweredRequest {
  method: string
  path: string
  /** The status sent; null when the connection was dropped or closed before an answer (an injected network error). */
  status: number | null
  /** From the request's arrival to the answer's last byte. */
  ms: number
  /** The authenticated caller's e-mail, when there was one. */
  caller: string | null
  /** The world that answered (the one the request names). */
  world: string
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
  const text = isTextAnswer(answer.body, answer.headers) ? answer.body : jsonText(answer.body)
  // A declared length lets Node send headers and body in one write, without chunked framing.
  // What msw's `HttpResponse.json()` and `mock.fetch` send too: one Content-Type whatever the transport.
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': byteLength(text) }
  if (answer.headers) Object.assign(headers, answer.headers)
  response.writeHead(answer.status, closeIfUnread(request, headers))
  response.end(text)
}

/** How often an open event stream sends a comment, so proxies and browsers keep it open. */
const KEEP_ALIVE_MS = 15_000

/** Answers with a server-sent event stream that stays open until the client leaves. */
function openStream(request: IncomingMessage, response: ServerResponse, stream: NonNullable<ControlAnswer['stream']>): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' })
  response.flushHeaders()
  const stop = stream((event, data) => {
    if (event === undefined) response.write(`: ${data}\n\n`)
    else response.write(`event: ${event}\ndata: ${data}\n\n`)
  })
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS)
  keepAlive.unref?.()
  response.on('close', () => {
    clearInterval(keepAlive)
    stop()
  })
}

/**
 * The console's page and its modules: no state and no secret in them, so they need no control token (the page
 * asks for it); every call the page makes goes through the control API and its checks.
 */
const CONSOLE_HEADERS = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
}

function sendConsoleFile(response: ServerResponse, file: ConsoleFile, headOnly: boolean): void {
  response.writeHead(200, { ...CONSOLE_HEADERS, 'Content-Type': file.type, 'Content-Length': Buffer.byteLength(file.text) })
  response.end(headOnly ? undefined : file.text)
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

/** A header of a node:http request, repeated ones joined, as fetch's `Headers.get` gives it; `name` in lower case, as Node keeps them. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name]
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
}

/** A request's headers as the world's name is read from them (names in lower case, as `IncomingCall.header`). */
const headersOf = (request: IncomingMessage) => ({ header: (name: string) => headerValue(request.headers, name) })

/**
 * A node:http request as the pipeline reads it. A class, so that a request costs one object, not an object
 * and a closure for each of its methods.
 */
class NodeCall implements IncomingCall {
  readonly method: string
  readonly hasBody: boolean
  // Node's `headers` is a getter: a request reads half a dozen headers, through the object it gives once.
  readonly #headers: IncomingHttpHeaders
  constructor(
    readonly request: IncomingMessage,
    readonly path: string,
    readonly crossSiteRefusal: string | undefined,
    readonly noteCaller: IncomingCall['noteCaller'],
  ) {
    this.method = request.method ?? 'GET'
    this.#headers = request.headers
    this.hasBody = hasBody(request)
  }

  header(name: string): string | null {
    return headerValue(this.#headers, name)
  }

  readBody(limit: number): Promise<string> {
    return readBody(this.request, limit)
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
async function answerThroughMsw(options: NodeListenerOptions, request: IncomingMessage, response: ServerResponse, path: string, noteCaller: IncomingCall['noteCaller']): Promise<void> {
  const engine = options.engine as Extract<ServerEngine, { kind: 'msw' }>
  const forMsw = fetchRequest(request, path)
  if (noteCaller) callerListeners.set(forMsw, noteCaller)
  const answer = await engine.answer(forMsw)
  if (!answer) return void request.socket.destroy()
  const body = Buffer.from(await answer.arrayBuffer())
  const unsaved = waitsForSave(options, request) ? await saveFailure(options) : undefined
  if (unsaved) return send(request, response, unsaved)
  // Declared, as the core engine does: one write, no chunked framing.
  response.writeHead(answer.status, closeIfUnread(request, { ...Object.fromEntries(answer.headers), 'Content-Length': body.byteLength }))
  response.end(body)
}

/**
 * Answers an API request. Through the core engine, a read the pipeline answers at once (most reads) is written
 * at once, within the request's own event, as a bare `node:http` server writes; a write with `--state` waits for
 * its save; anything else is written once the pipeline's promise settles.
 */
function answerApi(
  options: NodeListenerOptions,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  crossSite: string | null,
  noteCaller: IncomingCall['noteCaller'],
): void | Promise<void> {
  const { engine } = options
  // A cross-site write is refused by the pipeline itself, whatever the engine: msw's `Request` could not say why.
  if (engine.kind === 'msw' && crossSite === null && !UNFETCHABLE_METHODS.has(request.method?.toUpperCase() ?? '')) {
    return answerThroughMsw(options, request, response, path, noteCaller)
  }
  const outcome = engine.pipeline.handle(new NodeCall(request, path, crossSite ?? undefined, noteCaller))
  if (waitsForSave(options, request)) {
    return Promise.resolve(outcome).then(async (settled) => {
      const unsaved = settled.kind === 'network-error' || settled.kind === 'failure' ? undefined : await saveFailure(options)
      return unsaved ? send(request, response, unsaved) : sendOutcome(request, response, settled)
    })
  }
  return outcome instanceof Promise ? outcome.then((settled) => sendOutcome(request, response, settled)) : sendOutcome(request, response, outcome)
}

function sendOutcome(request: IncomingMessage, response: ServerResponse, outcome: Outcome): void {
  // An injected network error drops the connection; an injected silence never settles.
  if (outcome.kind === 'network-error') return void request.socket.destroy()
  if (outcome.kind === 'failure') throw outcome.error
  send(request, response, outcome)
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** With `--state`, whether the answer waits for a save: a write's does; reads change nothing a restart should keep. */
function waitsForSave(options: NodeListenerOptions, request: IncomingMessage): boolean {
  return options.durable !== undefined && !READ_METHODS.has(methodOf(request).toUpperCase())
}

/** Waits until every change made so far is saved; the 500 to send instead if it cannot be. */
async function saveFailure(options: NodeListenerOptions): Promise<Answer | undefined> {
  try {
    await options.durable!()
    return undefined
  } catch (error) {
    return refusal('INTERNAL', `The change was made but not saved, so it may not survive a restart: ${(error as Error).message}`)
  }
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
    if (path === '/__mock' && (method === 'GET' || method === 'HEAD')) return void response.writeHead(308, { Location: '/__mock/' }).end()
    const page = (method === 'GET' || method === 'HEAD') && path.startsWith('/__mock/') ? consoleFile(path.slice('/__mock/'.length)) : undefined
    if (page) return sendConsoleFile(response, page, method === 'HEAD')
    if (path.startsWith('/__mock/')) return answerControl(request, response, method, target, path)
    const noteCaller = options.onAnswered && reportWhenAnswered(request, response, path, options.onAnswered)
    return answerApi(options, request, response, path, crossSiteRefusal(request, options.hosts()), noteCaller)
  }

  async function answerControl(request: IncomingMessage, response: ServerResponse, method: string, target: string, path: string): Promise<void> {
    const refused = refuseControl(request, options.controlToken, options.strict)
    if (refused) return send(request, response, refused)
    const body = hasBody(request) ? await readBody(request, CONTROL_BODY_LIMIT) : ''
    const search = target.includes('?') ? target.slice(target.indexOf('?')) : ''
    const url = new URL(`http://127.0.0.1${path}${search}`)
    const existingOnly = request.headers[EXISTING_WORLD_HEADER] === 'true'
    const scope = { worlds: options.worlds, worldName: () => worldNameOf(headersOf(request)), existingOnly, strict: options.strict }
    const answer = await runControl(scope, method, url, body)
    if (answer.stream) return openStream(request, response, answer.stream)
    send(request, response, (waitsForSave(options, request) && (await saveFailure(options))) || answer)
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

/** Reports the request once its answer is sent (or its connection closed); answers how the pipeline tells it the caller. */
function reportWhenAnswered(request: IncomingMessage, response: ServerResponse, path: string, report: (answered: AnsweredRequest) => void) {
  const started = performance.now()
  let caller: string | null = null
  let world: string
  try {
    world = worldNameOf(headersOf(request))
  } catch {
    // A name that breaks the rule: no world answers it (a 400).
    world = '-'
  }
  response.once('close', () => {
    const status = response.writableFinished ? response.statusCode : null
    report({ method: methodOf(request), path, status, ms: performance.now() - started, caller, world })
  })
  return (who: { email: string }) => void (caller = who.email)
}
