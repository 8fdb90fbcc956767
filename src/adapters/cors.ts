import type { IncomingMessage, ServerResponse } from 'node:http'

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i

/** Browser apps on other localhost ports may call the mock; other origins get no CORS headers. */
export function applyCors(request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return
  response.setHeader('Access-Control-Allow-Origin', origin)
  response.setHeader('Vary', 'Origin')
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
  response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type')
  response.setHeader('Access-Control-Max-Age', '600')
}
