import type { Pipeline } from '../mock/pipeline.js'
import type { BaseUrls } from './base-url.js'
import { callFromRequest, responseFromOutcome } from './fetch-call.js'

/** What `mock.fetch` does with a URL under none of the mock's base URLs. */
export type OtherHosts = 'error' | typeof fetch

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/** The 500 msw sends when a handler throws, so a mock's bug looks the same through every transport. */
function unhandledException(error: unknown): Response {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error))
  return Response.json({ name, message, stack }, { status: 500, statusText: 'Unhandled Exception' })
}

/**
 * A WHATWG `fetch` that answers through the mock's pipeline without intercepting anything: for
 * `vi.stubGlobal('fetch', mock.fetch)` and for clients that take a fetch. A path (`/user/profile`)
 * is taken relative to the first base URL. `headers` are set on every request (a server's world names itself).
 */
export function createMockFetch(pipeline: Pipeline, baseUrls: BaseUrls, otherHosts: OtherHosts, headers: Record<string, string> = {}): typeof fetch {
  const added = Object.entries(headers)
  return async function mockFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const target = typeof input === 'string' && input.startsWith('/') ? baseUrls.primary + input : input
    const request = new Request(target, init)
    for (const [name, value] of added) request.headers.set(name, value)
    const path = baseUrls.pathOf(new URL(request.url))
    if (path === null) {
      if (otherHosts === 'error') throw new TypeError(`mock.fetch: ${request.url} is under none of the mock's base URLs (${baseUrls.urls.join(', ')})`)
      return otherHosts(request)
    }
    const answer = pipeline.handle(callFromRequest(request, path))
    const outcome = await (request.signal ? Promise.race([answer, aborted(request.signal)]) : answer)
    if (outcome.kind === 'failure') return unhandledException(outcome.error)
    const response = responseFromOutcome(outcome)
    if (!response) throw new TypeError('Failed to fetch', { cause: new Error('Network error injected by flashback-mock') })
    return response
  }
}
