import type { Denial, Principal } from '../access/policy.js'
import type { FlashbackStore } from '../data/store.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { OperationId, PathParams, RequestBody, ResponseBody } from '../spec/document.js'
import type { OperationSpec } from '../spec/operations.js'
import type { operations } from '../spec/openapi.js'
import { ApiError } from './errors.js'

/** What the operation core needs from a request, whatever carried it (msw, node:http, a test). */
export interface OperationInput {
  params: Record<string, string>
  /** The raw `Authorization` header. */
  authorization: string | null
  /** The raw `Content-Type` header. */
  contentType: string | null
  /** The raw body text; null or empty when there is none. */
  body: string | null
}

/** Status and JSON body: what every adapter turns into its own response. */
export interface OperationResult {
  status: number
  body: unknown
  /** Set when the request broke the contract (see `Violation`). */
  violation?: 'unauthenticated' | 'invalid-request'
  /** Who called, once authenticated. */
  caller?: { id: string; orgRole: number | null }
}

/** Clock and id source of one mock: seeded, so two runs with one seed create the same ids. */
export interface MockServices {
  now(): Date
  newId(): string
}

type SuccessStatus<K extends OperationId> = Extract<keyof operations[K]['responses'], 200 | 201>

/** A successful answer of operation K, typed from the document. */
export type Reply<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S; body: ResponseBody<K, S> }
}[SuccessStatus<K>]

/** Everything a resolver gets: an authenticated caller, checked parameters and a validated body. */
export interface OperationContext<K extends OperationId> {
  operation: OperationSpec
  caller: UserRecord
  params: PathParams<K>
  body: RequestBody<K>
  store: FlashbackStore
  services: MockServices
}

/** Refuses with 403: the documented message of the operation unless the reason has its own. */
export function deny(
  operation: OperationSpec,
  denial: Denial,
  messages: Partial<Record<Denial['reason'], string>> = {},
): never {
  throw new ApiError('FORBIDDEN', messages[denial.reason] ?? operation.access.deniedMessage ?? 'Insufficient permissions')
}

/** Throws the refusal, if any: `refuse(operation, checkTarget(...))`. */
export function refuse(
  operation: OperationSpec,
  denial: Denial | null,
  messages?: Partial<Record<Denial['reason'], string>>,
): void {
  if (denial) deny(operation, denial, messages)
}

export function asPrincipal(user: UserRecord): Principal {
  return { id: user.id, orgId: user.orgId, orgRole: user.orgRole }
}
