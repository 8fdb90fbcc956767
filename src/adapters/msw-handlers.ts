import { http, HttpResponse, type HttpHandler } from 'msw'
import type { Pipeline } from '../mock/pipeline.js'
import type { UnhandledRequestStrategy } from '../mock/unmatched.js'
import { operationSpecs } from '../spec/operations.js'
import { matchRoute, type RouteMatch } from '../spec/router.js'
import { BaseUrls } from './base-url.js'
import { callFromRequest, responseFromOutcome } from './fetch-call.js'

/**
 * Routes a request with the document's router, once per request however many handlers ask.
 * msw's own path matching is not used: it decodes parameters and throws on a malformed escape.
 */
function createRouteCache(baseUrls: BaseUrls) {
  const routes = new WeakMap<Request, (RouteMatch & { path: string }) | null>()
  return (request: Request) => {
    let route = routes.get(request)
    if (route === undefined) {
      const path = baseUrls.pathOf(new URL(request.url))
      route = path === null ? null : { ...matchRoute(request.method, path), path }
      routes.set(request, route)
    }
    return route
  }
}

/**
 * One msw handler per operation of the document, most specific route first; then one that answers
 * 405 for a method a path does not take (so `PUT /organization/users` never reaches
 * `PUT /organization/{orgId}`), and one for paths under the base URL that match no operation, unless
 * `onUnhandledRequest` is `bypass`. Each only translates: the pipeline answers.
 */
export function createMswHandlers(pipeline: Pipeline, baseUrls: BaseUrls, onUnhandledRequest: UnhandledRequestStrategy): HttpHandler[] {
  const routeOf = createRouteCache(baseUrls)
  const answer = async ({ request }: { request: Request }) => {
    const outcome = await pipeline.handle(callFromRequest(request, routeOf(request)!.path))
    // msw turns a thrown error into its own 500 with the message: what a mock's bug should look like in a test.
    if (outcome.kind === 'failure') throw outcome.error
    return responseFromOutcome(outcome) ?? HttpResponse.error()
  }
  const operations = operationSpecs.map((operation) =>
    http[operation.method](({ request }) => {
      const route = routeOf(request)
      return route?.kind === 'operation' && route.operation.id === operation.id ? { matches: true, params: route.params } : false
    }, answer),
  )
  const methodNotAllowed = http.all(({ request }) => routeOf(request)?.kind === 'method-not-allowed', answer)
  const unknown = http.all(({ request }) => onUnhandledRequest !== 'bypass' && routeOf(request)?.kind === 'not-found', answer)
  return [...operations, methodNotAllowed, unknown]
}
