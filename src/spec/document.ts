import type { OpenAPIV3_1 } from 'openapi-types'
import rawDocument from '../../openapi/flashback.openapi.json' with { type: 'json' }
import type { operations } from './openapi.js'

/** The Flashback Organization API contract, as transcribed in `openapi/flashback.openapi.json`. */
export const apiDocument = rawDocument as unknown as OpenAPIV3_1.Document

/** Follows a local `$ref` (`#/components/...`) into the document; anything else is returned as it is. */
export function resolveRef<T>(value: T | OpenAPIV3_1.ReferenceObject): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    return value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((node, key) => node?.[key], apiDocument) as T
  }
  return value as T
}

/** Every `operationId` of the document. Resolvers are keyed by it, so a new operation without one fails `tsc`. */
export type OperationId = keyof operations

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never

/** The JSON body of one operation's response for one status, as declared in the document. */
export type ResponseBody<K extends OperationId, S extends keyof operations[K]['responses']> = JsonContent<
  operations[K]['responses'][S]
>

/** The JSON request body of one operation (`never` when it takes none). */
export type RequestBody<K extends OperationId> = JsonContent<NonNullable<operations[K]['requestBody']>>

/** The path parameters of one operation. */
export type PathParams<K extends OperationId> = operations[K]['parameters']['path'] extends infer P
  ? [P] extends [undefined] | [never] ? Record<string, never> : NonNullable<P>
  : never

export type { components } from './openapi.js'
