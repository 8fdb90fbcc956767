import { http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw'
import type { OperationCore } from '../operations/core.js'
import { operationSpecs, type OperationSpec } from '../spec/operations.js'
import { matchRoute } from '../spec/router.js'
import { pathBelow } from './base-url.js'

function mswPath(baseUrl: string, operation: OperationSpec): string {
  return baseUrl + operation.path.replace(/\{([^}]+)\}/g, ':$1')
}

/**
 * One msw handler per operation of the document, most specific route first, each answering
 * through the operation core. A handler whose route a more specific one owns steps aside
 * (so `PUT /organization/users` is a 405, never `PUT /organization/{orgId}`).
 */
export function createMswHandlers(core: OperationCore, baseUrl: string): HttpHandler[] {
  return operationSpecs.map((operation) =>
    http[operation.method](mswPath(baseUrl, operation), async ({ request }) => {
      const path = pathBelow(baseUrl, new URL(request.url))
      const route = path === null ? undefined : matchRoute(request.method, path)
      if (route?.kind === 'method-not-allowed') {
        return HttpResponse.json(
          { success: false, message: `Method ${request.method} is not allowed here; allowed: ${route.allowed.join(', ')}` },
          { status: 405, headers: { Allow: route.allowed.join(', ') } },
        )
      }
      if (route?.kind !== 'operation' || route.operation.id !== operation.id) return undefined
      const result = await core.run(operation.id, {
        params: route.params,
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        body: operation.requestBody ? await request.text() : null,
      })
      return HttpResponse.json(result.body as JsonBodyType, { status: result.status })
    }),
  )
}
