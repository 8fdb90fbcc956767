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
  /**
   * With `--state`: resolves once every change made so far is saved. A write's answer waits for it, so no
   * answer tells a client of a change a crash could still lose.
   */
  durable?: () => Promise<void>
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

function send(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const text = isTextAnswer(answer.body, answer.headers ?? {}) ? answer.body : jsonText(answer.body)
  // A declared length lets Node send headers and body in one write, without chunked framing.
  // What msw's `HttpResponse.json()` and `mock.fetch` send too: one Content-Type whatever the transport.
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }
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
  const end = path.search(/[?#]/)
  return withoutDotSegments(end === -1 ? path : path.slice(0, end))
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

async function answerApi(options: NodeListenerOptions, request: IncomingMessage, response: ServerResponse, path: string, crossSite: string | null): Promise<void> {
  const { engine } = options
  // A cross-site write is refused by the pipeline itself, whatever the engine: msw's `Request` could not say why.
  if (engine.kind === 'msw' && crossSite === null && !UNFETCHABLE_METHODS.has(request.method?.toUpperCase() ?? '')) {
    const answer = await engine.answer(fetchRequest(request, path))
    if (!answer) return void request.socket.destroy()
    const body = Buffer.from(await answer.arrayBuffer())
    const unsaved = waitsForSave(options, request) ? await saveFailure(options) : undefined
    if (unsaved) return send(request, response, unsaved)
    // Declared, as the core engine does: one write, no chunked framing.
    response.writeHead(answer.status, closeIfUnread(request, { ...Object.fromEntries(answer.headers), 'Content-Length': body.byteLength }))
    return void response.end(body)
  }
  const outcome: Outcome = await engine.pipeline.handle(incomingCall(request, path, crossSite))
  // An injected network error drops the connection; an injected silence never settles.
  if (outcome.kind === 'network-error') return void request.socket.destroy()
  if (outcome.kind === 'failure') throw outcome.error
  // Reads (most requests) are sent without an await in between.
  send(request, response, (waitsForSave(options, request) && (await saveFailure(options))) || outcome)
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
  return async (request, response) => {
    try {
      const host = request.headers.host
      if (!isAllowedHost(options.hosts(), host)) {
        const message = `Host "${host ?? ''}" is not one this server answers to; start it with --allow-host ${host ? JSON.stringify(host.split(':')[0]) : 'NAME'} to allow it`
        return send(request, response, refusal('FORBIDDEN', message))
      }
      applyCors(request, response)
      const method = request.method ?? 'GET'
      const target = request.url ?? '/'
      const path = pathOfTarget(target)
      if (path === null) return send(request, response, refusal('INVALID_REQUEST', `Malformed request target "${target.slice(0, 100)}"`))
      if (method === 'OPTIONS') return void response.writeHead(204).end()
      if (path.startsWith('/__mock/')) {
        const refused = refuseControl(request, options.controlToken, options.strict)
        if (refused) return send(request, response, refused)
        const body = hasBody(request) ? await readBody(request, CONTROL_BODY_LIMIT) : ''
        const search = target.includes('?') ? target.slice(target.indexOf('?')) : ''
        const url = new URL(`http://127.0.0.1${path}${search}`)
        const scope = { worlds: options.worlds, worldName: () => worldNameOf(headerOf(request)), strict: options.strict }
        const answer = await runControl(scope, method, url, body)
        return send(request, response, (waitsForSave(options, request) && (await saveFailure(options))) || answer)
      }
      await answerApi(options, request, response, path, crossSiteRefusal(request, options.hosts()))
    } catch (error) {
      // A client that hung up mid-body: nobody to answer, nothing to report.
      if (request.socket.destroyed) return
      if (isFlashbackError(error) && error.code === 'PAYLOAD_TOO_LARGE') return send(request, response, refusal(error.code, error.message))
      console.error(`[flashback-mock] ${methodOf(request)} ${request.url}: ${String((error as Error)?.stack ?? error)}`)
      // Never leak a stack trace: the client sees the documented generic 500 shape.
      if (!response.headersSent) send(request, response, refusal('INTERNAL', 'Internal server error'))
      else response.end()
    }
  }
}

const methodOf = (request: IncomingMessage) => request.method ?? 'GET'
