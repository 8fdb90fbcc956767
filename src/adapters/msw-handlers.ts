import { http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw'
import type { OperationCore } from '../operations/core.js'
import { operationSpecs } from '../spec/operations.js'
import { matchRoute, type RouteMatch } from '../spec/router.js'
import { pathBelow } from './base-url.js'

/**
 * Routes a request with the document's router, once per request however many handlers ask.
 * msw's own path matching is not used: it decodes parameters and throws on a malformed escape.
 */
function createRouteCache(baseUrl: string) {
  const routes = new WeakMap<Request, RouteMatch | null>()
  return (request: Request): RouteMatch | null => {
    let route = routes.get(request)
    if (route === undefined) {
      const url = new URL(request.url)
      const path = url.origin === new URL(baseUrl).origin ? pathBelow(baseUrl, url) : null
      route = path === null ? null : matchRoute(request.method, path)
      routes.set(request, route)
    }
    return route
  }
}

/**
 * One msw handler per operation of the document, most specific route first, each answering
 * through the operation core; then one that answers 405 for a method a path does not take
 * (so `PUT /organization/users` never reaches `PUT /organization/{orgId}`).
 */
export function createMswHandlers(core: OperationCore, baseUrl: string): HttpHandler[] {
  const routeOf = createRouteCache(baseUrl)
  const operations = operationSpecs.map((operation) =>
    http[operation.method](
      ({ request }) => {
        const route = routeOf(request)
        return route?.kind === 'operation' && route.operation.id === operation.id ? { matches: true, params: route.params } : false
      },
      async ({ request }) => {
        const route = routeOf(request) as Extract<RouteMatch, { kind: 'operation' }>
        const result = await core.run(operation.id, {
          params: route.params,
          authorization: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
          body: operation.requestBody ? await request.text() : null,
        })
        return HttpResponse.json(result.body as JsonBodyType, { status: result.status })
      },
    ),
  )
  const wrongMethod = http.all(
    ({ request }) => routeOf(request)?.kind === 'method-not-allowed',
    ({ request }) => {
      const { allowed } = routeOf(request) as Extract<RouteMatch, { kind: 'method-not-allowed' }>
      return HttpResponse.json(
        { success: false, message: `Method ${request.method} is not allowed here; allowed: ${allowed.join(', ')}` },
        { status: 405, headers: { Allow: allowed.join(', ') } },
      )
    },
  )
  return [...operations, wrongMethod]
}
