import { delay, http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw'
import type { MockState } from '../mock-state.js'
import { operationSpecs } from '../spec/operations.js'
import { matchRoute, type RouteMatch } from '../spec/router.js'
import { pathBelow } from './base-url.js'
import { unknownOperation, wrongMethod, type UnhandledRequestStrategy, type UnmatchedAnswer } from './unmatched.js'

function reply(answer: UnmatchedAnswer) {
  return HttpResponse.json(answer.body, { status: answer.status, headers: answer.headers })
}

/**
 * Routes a request with the document's router, once per request however many handlers ask.
 * msw's own path matching is not used: it decodes parameters and throws on a malformed escape.
 */
function createRouteCache(baseUrl: string) {
  const { origin, pathname } = new URL(baseUrl)
  const basePath = pathname.replace(/\/+$/, '')
  const routes = new WeakMap<Request, (RouteMatch & { path: string }) | null>()
  return (request: Request) => {
    let route = routes.get(request)
    if (route === undefined) {
      const url = new URL(request.url)
      const path = url.origin === origin ? pathBelow(basePath, url) : null
      route = path === null ? null : { ...matchRoute(request.method, path), path }
      routes.set(request, route)
    }
    return route
  }
}

/**
 * One msw handler per operation of the document, most specific route first, each answering
 * through the operation core; then one that answers 405 for a method a path does not take
 * (so `PUT /organization/users` never reaches `PUT /organization/{orgId}`), and one for paths
 * under the base URL that match no operation, as `onUnhandledRequest` says.
 */
export function createMswHandlers(state: MockState, baseUrl: string, onUnhandledRequest: UnhandledRequestStrategy): HttpHandler[] {
  const routeOf = createRouteCache(baseUrl)
  const operations = operationSpecs.map((operation) =>
    http[operation.method](
      ({ request }) => {
        const route = routeOf(request)
        return route?.kind === 'operation' && route.operation.id === operation.id ? { matches: true, params: route.params } : false
      },
      async ({ request }) => {
        const route = routeOf(request) as Extract<RouteMatch, { kind: 'operation' }> & { path: string }
        const { fault, latency } = state.faults.take(operation.id)
        if (latency !== undefined) await delay(latency)
        if (fault === 'network-error') return HttpResponse.error()
        if (fault === 'no-response') return void (await delay('infinite'))
        if (fault) {
          const result = state.faultResult(operation.id, request.method, route.path, fault.status)
          return HttpResponse.json(result.body as JsonBodyType, { status: result.status })
        }
        const result = await state.answer(operation.id, request.method, route.path, {
          params: route.params,
          authorization: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
          body: operation.requestBody ? await request.text() : null,
        })
        return HttpResponse.json(result.body as JsonBodyType, { status: result.status })
      },
    ),
  )
  const methodNotAllowed = http.all(
    ({ request }) => routeOf(request)?.kind === 'method-not-allowed',
    ({ request }) => {
      const route = routeOf(request) as Extract<RouteMatch, { kind: 'method-not-allowed' }> & { path: string }
      return reply(wrongMethod(state, request.method, route.path, route.allowed))
    },
  )
  const unknown = http.all(
    ({ request }) => onUnhandledRequest !== 'bypass' && routeOf(request)?.kind === 'not-found',
    ({ request }) => reply(unknownOperation(state, request.method, routeOf(request)!.path, onUnhandledRequest)),
  )
  return [...operations, methodNotAllowed, unknown]
}
