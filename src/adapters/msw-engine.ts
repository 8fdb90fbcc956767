import { getResponse, type HttpHandler } from 'msw'
import { HTTP_STATUS } from '../operations/errors.js'

/**
 * Answers a request through msw's `getResponse` and the mock's handlers, as a test's `setupServer`
 * would: the standalone server's `--engine msw`. `null` for an injected network error.
 */
export async function answerThroughMsw(handlers: readonly HttpHandler[], request: Request): Promise<Response | null> {
  const response = await getResponse(handlers as HttpHandler[], request)
  if (!response) return Response.json({ success: false, message: `No operation ${request.method} ${new URL(request.url).pathname}` }, { status: HTTP_STATUS.UNKNOWN_ROUTE })
  return response.type === 'error' ? null : response
}
