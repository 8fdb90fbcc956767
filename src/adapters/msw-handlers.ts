import { http, HttpResponse, type HttpHandler } from 'msw'
import type { Pipeline } from '../mock/pipeline.js'
import type { UnhandledRequestStrategy } from '../mock/unmatched.js'
import { matchRoute, type RouteMatch } from '../spec/router.js'
import { BaseUrls } from './base-url.js'
import { callFromRequest, responseFromOutcome } from './fetch-call.js'

/**
 * Routes a request with the document's router, once per request.
 * msw's own path matching is not used: it decodes parameters and throws on a malformed escape.
 */
function createRouteCache(baseUrls: BaseUrls) {
  const routes = new WeakMap<Request, { route: RouteMatch; path: string } | null>()
  return (request: Request) => {
    let routed = routes.get(request)
    if (routed === undefined) {
      const path = baseUrls.pathOf(new URL(request.url))
      routed = path === null ? null : { route: matchRoute(request.method, path), path }
      routes.set(request, routed)
    }
    return routed
  }
}

/**
 * One msw handler for the whole API: every operation of the document, a method a path does not take
 * (405, so `PUT /organization/users` never reaches `PUT /organization/{orgId}`), and paths under the base
 * URL that match no operation, unless `onUnhandledRequest` is `bypass`. msw tries handlers one after
 * another, so one handler per operation cost about 0.2 ms a request (decisions/002). It only translates:
 * the pipeline answers.
 */
export function createMswHandlers(pipeline: Pipeline, baseUrls: BaseUrls, onUnhandledRequest: UnhandledRequestStrategy): HttpHandler[] {
  const routeOf = createRouteCache(baseUrls)
  const answer = async ({ request }: { request: Request }) => {
    const { route, path } = routeOf(request)!
    const call = callFromRequest(request, path)
    call.route = route
    const outcome = await pipeline.handle(call)
    // msw turns a thrown error into its own 500 with the message: what a mock's bug should look like in a test.
    if (outcome.kind === 'failure') throw outcome.error
    return responseFromOutcome(outcome) ?? HttpResponse.error()
  }
  const api = http.all(({ request }) => {
    const routed = routeOf(request)
    if (routed === null || (routed.route.kind === 'not-found' && onUnhandledRequest === 'bypass')) return false
    return routed.route.kind === 'operation' ? { matches: true, params: routed.route.params } : true
  }, answer)
  return [api]
}
