import type { IncomingMessage, ServerResponse } from 'node:http'

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i

/** Whether a request comes from a page on this machine, or from no page at all (curl, a test). */
export function fromLocalOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  return origin === undefined || LOOPBACK_ORIGIN.test(origin)
}

/** Browser apps on other localhost ports may call the mock; other origins get no CORS headers. */
export function applyCors(request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return
  response.setHeader('Access-Control-Allow-Origin', origin)
  response.setHeader('Vary', 'Origin')
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
  response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Control-Token, X-Mock-World')
  // A page that entered a world sends its cookie only with `credentials: 'include'`, which needs this.
  response.setHeader('Access-Control-Allow-Credentials', 'true')
  response.setHeader('Access-Control-Max-Age', '600')
}
