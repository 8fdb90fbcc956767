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
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const

function jsonSchemaOf(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined) {
  return content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined
}

function querySchemaOf(operation: OpenAPIV3_1.OperationObject): OpenAPIV3_1.SchemaObject | undefined {
  const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]
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
        query: querySchemaOf(operation),
        responses,
      })
    }
  }
  return found
}

/** Every endpoint of the control document. */
export const controlOperations: readonly ControlOperation[] = readControlOperations()

/** The control endpoint for a method and path (`/__mock/faults`, a trailing slash allowed), if there is one. */
export function findControlOperation(method: string, pathname: string): ControlOperation | undefined {
  const path = pathname.replace(/\/+$/, '')
  return controlOperations.find((o) => o.method === method && o.path === path)
}
