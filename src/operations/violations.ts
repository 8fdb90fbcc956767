import type { OperationId } from '../spec/document.js'

/** How a request broke the contract. */
export type ViolationKind = 'unauthenticated' | 'invalid-request' | 'unknown-operation' | 'method-not-allowed'

/**
 * A request the client sent that the API would reject for its form rather than its meaning:
 * a missing or bad token (not one that has expired), a body or parameter that breaks the document, a route it does not have.
 * Refusals by the rules (403, 404 of a record) and the 401 of an expired or ended session are answers, not violations.
 */
export interface Violation {
  kind: ViolationKind
  method: string
  path: string
  operationId: OperationId | null
  status: number
  message: string
}

/** Keeps at most this many violations, so a long-running server does not grow without bound. */
export const VIOLATION_LIMIT = 1000
