import { isTextAnswer } from '../mock/media-type.js'
import type { IncomingCall, Outcome } from '../mock/pipeline.js'
import { jsonText } from '../operations/json-text.js'
import { checkDeclaredLength, chunksOf, readChunksText } from './read-body.js'

/**
 * Who is told the caller of a request the standalone server hands to msw (`--engine msw`): the server
 * makes the `Request`, msw's handler makes the call from it, and this is how the two meet.
 */
export const callerListeners = new WeakMap<Request, NonNullable<IncomingCall['noteCaller']>>()

/** A WHATWG `Request` as the pipeline reads it: msw's handlers and `mock.fetch` both hand it over this way. */
export function callFromRequest(request: Request, path: string): IncomingCall {
  const noteCaller = callerListeners.get(request)
  return {
    ...(noteCaller ? { noteCaller } : {}),
    method: request.method,
    path,
    header: (name) => request.headers.get(name),
    hasBody: request.body !== null,
    async readBody(limit) {
      checkDeclaredLength(request.headers.get('content-length'), limit)
      return request.body ? readChunksText(chunksOf(request.body), limit) : ''
    },
  }
}

/** An answer as a `Response`; `null` for an injected network error, which each transport raises its own way. */
export function responseFromOutcome(outcome: Exclude<Outcome, { kind: 'failure' }>): Response | null {
  if (outcome.kind === 'network-error') return null
  if (isTextAnswer(outcome.body, outcome.headers)) return new Response(outcome.body, { status: outcome.status, headers: outcome.headers })
  // What `Response.json()` gives, with the text of shared parts reused.
  const headers = new Headers(outcome.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  return new Response(jsonText(outcome.body), { status: outcome.status, headers })
}
