import type { OpenAPIV3_1 } from 'openapi-types'
import { readAccessRule, type AccessRule } from './access-rule.js'
import { contractDocument, resolveRef, type OperationId } from './document.js'

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch'
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch']

/** One operation of the document, normalised once: route, access rule, body and response schemas. */
export interface OperationSpec {
  id: OperationId
  method: HttpMethod
  /** The OpenAPI path template, e.g. `/organization/users/{userId}`. */
  path: string
  segments: readonly string[]
  /** Names of the path parameters in order. */
  pathParams: readonly string[]
  /** JSON Schema of the path parameters as one object, from the operation's `parameters`. */
  pathSchema: OpenAPIV3_1.SchemaObject
  access: AccessRule
  /** JSON Schema of the request body, when the operation takes one. */
  requestBody: OpenAPIV3_1.SchemaObject | undefined
  /** JSON Schema of each response status's JSON body. */
  responses: ReadonlyMap<number, OpenAPIV3_1.SchemaObject>
  /** From `x-requires-one-of`: a body naming none of these fields is refused with the message. */
  requiresOneOf: { fields: readonly string[]; message: string } | undefined
}

function jsonSchemaOf(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined) {
  return content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined
}

function normalise(path: string, method: HttpMethod, operation: OpenAPIV3_1.OperationObject): OperationSpec {
  const id = operation.operationId as OperationId
  const responses = new Map<number, OpenAPIV3_1.SchemaObject>()
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = jsonSchemaOf(resolveRef<OpenAPIV3_1.ResponseObject>(response).content)
    if (schema) responses.set(Number(status), schema)
  }
  const segments = path.split('/').filter(Boolean)
  const pathParams = segments.filter((s) => s.startsWith('{')).map((s) => s.slice(1, -1))
  const extensions = operation as Record<string, unknown>
  return {
    id,
    method,
    path,
    segments,
    pathParams,
    pathSchema: pathSchemaOf(operation),
    access: readAccessRule(id, extensions['x-access'], pathParams),
    requestBody: jsonSchemaOf(resolveRef<OpenAPIV3_1.RequestBodyObject | undefined>(operation.requestBody)?.content),
    responses,
    requiresOneOf: extensions['x-requires-one-of'] as OperationSpec['requiresOneOf'],
  }
}

function pathSchemaOf(operation: OpenAPIV3_1.OperationObject): OpenAPIV3_1.SchemaObject {
  const parameters = (operation.parameters ?? []).map((p) => resolveRef<OpenAPIV3_1.ParameterObject>(p)).filter((p) => p.in === 'path')
  return {
    type: 'object',
    required: parameters.map((p) => p.name),
    properties: Object.fromEntries(parameters.map((p) => [p.name, (p.schema ?? {}) as OpenAPIV3_1.SchemaObject])),
  }
}

/** Literal segments rank before parameters, so `/organization/users` is never taken by `/organization/{orgId}`. */
function specificity(operation: OperationSpec): string {
  return operation.segments.map((s) => (s.startsWith('{') ? '1' : '0')).join('')
}

function readOperations(): OperationSpec[] {
  const found: OperationSpec[] = []
  for (const [path, item] of Object.entries(contractDocument.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method]
      if (operation) found.push(normalise(path, method, operation))
    }
  }
  return found.sort((a, b) => specificity(a).localeCompare(specificity(b)) || b.segments.length - a.segments.length)
}

/** Every operation of the document, most specific route first. */
export const operationSpecs: readonly OperationSpec[] = readOperations()

/** The normalised operation for an `operationId`. */
export const operationsById: ReadonlyMap<OperationId, OperationSpec> = new Map(operationSpecs.map((o) => [o.id, o]))

export function getOperation(id: OperationId): OperationSpec {
  const operation = operationsById.get(id)
  if (!operation) throw new Error(`Unknown operation "${id}"`)
  return operation
}
