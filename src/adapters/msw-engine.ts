import type { IncomingMessage } from 'node:http'
import { getResponse } from 'msw'
import type { FlashbackMock } from '../create-flashback-mock.js'

/** Answers a node:http request through msw's `getResponse` and the mock's handlers. */
export async function answerThroughMsw(mock: FlashbackMock, request: IncomingMessage, url: URL, body: string): Promise<Response> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) headers.set(name, value.join(', '))
  }
  const method = request.method ?? 'GET'
  const fetchRequest = new Request(new URL(url.pathname + url.search, mock.baseUrl), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || body === '' ? undefined : body,
  })
  const answer = await getResponse(mock.handlers, fetchRequest)
  return answer ?? Response.json({ success: false, message: `No operation ${method} ${url.pathname}` }, { status: 404 })
}
