import type { OpenAPIV3_1 } from 'openapi-types'
import type { OperationResult } from '../operations/context.js'
import { contractDocument, resolveRef } from '../spec/document.js'
import type { OperationSpec } from '../spec/operations.js'

/** The answer as a transport sends it: JSON, or text in another media type the document declares. */
export type MediaResult = OperationResult & { headers?: Record<string, string> }

/**
 * An answer whose status the document also declares in a non-JSON media type (the organization key's
 * PEM file) is sent as that text when the request's `Accept` names the type; otherwise as JSON.
 */
export function inRequestedMediaType(operation: OperationSpec, accept: string | null, result: OperationResult): MediaResult {
  if (!accept || typeof result.body !== 'string') return result
  const item = (contractDocument.paths as Record<string, Record<string, OpenAPIV3_1.OperationObject>>)[operation.path]![operation.method]!
  const response = item.responses?.[String(result.status)]
  const types = Object.keys(response ? (resolveRef<OpenAPIV3_1.ResponseObject>(response).content ?? {}) : {})
  const wanted = types.find((type) => !/json/i.test(type) && accept.toLowerCase().includes(type.toLowerCase()))
  return wanted ? { ...result, headers: { 'Content-Type': wanted } } : result
}

/** Whether an answer's body is text to send as it is, not JSON. */
export function isTextAnswer(body: unknown, headers: Record<string, string> | undefined): body is string {
  if (typeof body !== 'string' || headers === undefined) return false
  const type = headers['Content-Type']
  return type !== undefined && !/json/i.test(type)
}
