import type { OpenAPIV3_1 } from 'openapi-types'
import rawControlDocument from '../../openapi/control.openapi.json' with { type: 'json' }

/** The standalone server's control API, as documented in `openapi/control.openapi.json`. */
export const controlDocument = rawControlDocument as unknown as OpenAPIV3_1.Document

/** One `/__mock/` endpoint of the control document, with the schemas its requests and answers are checked against. */
export interface ControlOperation {
  id: string
  /** Upper case, as requests carry it: `GET`, `POST`, `DELETE`. */
  method: string
  path: string
  /** JSON Schema of the request body, when the endpoint takes one. */
  requestBody: OpenAPIV3_1.SchemaObject | undefined
  /** JSON Schema of the query parameters as one object (unknown parameters are ignored), when there are any. */
  query: OpenAPIV3_1.SchemaObject | undefined
  /** JSON Schema of each answer's body, by status. */
  responses: ReadonlyMap<number, OpenAPIV3_1.SchemaObject>
  /** Every status the document declares, those without a JSON body too (a redirect, an HTML page). */
  statuses: ReadonlySet<number>
  /** Matches the path, its `{name}` parameters as named groups. */
  pattern: RegExp
}

/** A control endpoint a request reached, with its path parameters (still percent-encoded). */
export interface ControlMatch {
  operation: ControlOperation
  params: Record<string, string>
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const

function jsonSchemaOf(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined) {
  return content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined
}

function querySchemaOf(item: OpenAPIV3_1.PathItemObject, operation: OpenAPIV3_1.OperationObject): OpenAPIV3_1.SchemaObject | undefined {
  // A path's own parameters apply to each of its operations.
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])] as OpenAPIV3_1.ParameterObject[]
  const query = parameters.filter((p) => p.in === 'query')
  if (query.length === 0) return undefined
  return {
    type: 'object',
    required: query.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(query.map((p) => [p.name, (p.schema ?? {}) as OpenAPIV3_1.SchemaObject])),
  }
}

function readControlOperations(): ControlOperation[] {
  const found: ControlOperation[] = []
  for (const [path, item] of Object.entries(controlDocument.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method]
      if (!operation) continue
      const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`)
      const responses = new Map<number, OpenAPIV3_1.SchemaObject>()
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = jsonSchemaOf((response as OpenAPIV3_1.ResponseObject).content)
        if (schema) responses.set(Number(status), schema)
      }
      found.push({
        id: operation.operationId!,
        method: method.toUpperCase(),
        path,
        requestBody: jsonSchemaOf((operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content),
        query: querySchemaOf(item, operation),
        responses,
        statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
        pattern,
      })
    }
  }
  return found
}

/** Every endpoint of the control document. */
export const controlOperations: readonly ControlOperation[] = readControlOperations()

/** The control endpoint for a method and path (`/__mock/worlds/w1`, a trailing slash allowed), if there is one. */
export function matchControlOperation(method: string, pathname: string): ControlMatch | undefined {
  const path = pathname.replace(/\/+$/, '')
  for (const operation of controlOperations) {
    if (operation.method !== method) continue
    const match = operation.pattern.exec(path)
    if (match) return { operation, params: { ...match.groups } }
  }
  return undefined
}

/** The methods a control path answers, for the 404 of a method it does not take. */
export function controlMethodsOf(pathname: string): string[] {
  const path = pathname.replace(/\/+$/, '')
  return controlOperations.filter((o) => o.pattern.test(path)).map((o) => o.method)
}
