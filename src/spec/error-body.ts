import type { OpenAPIV3_1 } from 'openapi-types'
import { resolveRef } from './document.js'
import type { OperationSpec } from './operations.js'

const FALLBACK: OpenAPIV3_1.SchemaObject = { type: 'object', properties: { success: { const: false }, message: { type: 'string' } } }

// Codes in the style of the documented ones (INTERNAL_ERROR is quota's), for errors that name none.
const ERROR_CODE_OF_STATUS: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_ATTEMPTS',
  500: 'INTERNAL_ERROR',
}

/**
 * Builds the error body an operation documents for a status: every `const` property of that
 * status's schema (`data: null`, `data: []`, `total: 0`, `data: {}`), plus `message` where the
 * schema has one (and `error`, the detail, where it has that). The list endpoint's errors
 * therefore carry no message, exactly as documented. Where the schema has `error_code` (the sign-in
 * calls), it is the one given, else a code for the status.
 */
export function errorBody(
  operation: OperationSpec,
  status: number,
  message: string,
  detail?: string,
  errorCode?: string,
): Record<string, unknown> {
  const documented = operation.responses.get(status)
  const schema = resolveRef<OpenAPIV3_1.SchemaObject>(documented ?? errorSchemaOf(operation))
  const body: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = resolveRef<OpenAPIV3_1.SchemaObject>(property)
    // A JSON round trip, not structuredClone: under Jest the global structuredClone belongs to another
    // realm, and its arrays would not be this realm's arrays.
    if ('const' in field) body[name] = JSON.parse(JSON.stringify(field.const)) as unknown
    // Where the status has a fixed error_code (quota's INTERNAL_ERROR), the message is the failure's cause, as documented.
    else if (name === 'message') body[name] = detail !== undefined && hasFixedErrorCode(schema) ? detail : message
    else if (name === 'error' && detail !== undefined) body[name] = detail
    else if (name === 'error_code') body[name] = errorCode ?? ERROR_CODE_OF_STATUS[status] ?? 'ERROR'
    // The MFA pages' errors carry their message in `error` and have no `message`.
    else if (name === 'error' && !('message' in schema.properties!)) body[name] = message
  }
  return body
}

function hasFixedErrorCode(schema: OpenAPIV3_1.SchemaObject): boolean {
  const code = schema.properties?.error_code
  return code !== undefined && 'const' in resolveRef<OpenAPIV3_1.SchemaObject>(code)
}

/** The schema of the operation's own error shape (its 403, else 400, else 404, else 500). */
function errorSchemaOf(operation: OperationSpec): OpenAPIV3_1.SchemaObject {
  for (const status of [403, 400, 404, 500]) {
    const schema = operation.responses.get(status)
    if (schema) return schema
  }
  return FALLBACK
}
