import { suggestOperations } from '../spec/suggest.js'
import type { OperationResult } from '../operations/context.js'
import { HTTP_STATUS } from '../operations/errors.js'
import type { RequestLog } from './request-log.js'

/** What to do with a request to the mock's base URL that matches no operation, as msw's option of that name. */
export type UnhandledRequestStrategy =
  | 'error'
  | 'warn'
  | 'bypass'
  | ((request: { method: string; path: string; suggestions: string[] }) => void)

/** An answer the router gives without an operation: status, body and headers. */
export interface RouteAnswer extends OperationResult {
  headers: Record<string, string>
}

/** How many unknown-route warnings are printed before they are only counted. */
export const PRINTED_WARNINGS = 20

/**
 * Prints unknown-route messages: the first ones in full, then a count at each power of ten, so a
 * client hammering a wrong path cannot flood the console (a server under load printed 70,000 lines).
 */
export class UnmatchedReporter {
  #count = 0

  constructor(private readonly strategy: UnhandledRequestStrategy) {}

  report(method: string, path: string, suggestions: string[], message: string): void {
    const strategy = this.strategy
    if (typeof strategy === 'function') return strategy({ method, path, suggestions })
    if (strategy === 'bypass') return
    const count = ++this.#count
    const print = strategy === 'error' ? console.error : console.warn
    if (count <= PRINTED_WARNINGS) print(`[flashback-mock] ${message}`)
    else if (Number.isInteger(Math.log10(count))) print(`[flashback-mock] ${count} requests to unknown routes so far; only the first ${PRINTED_WARNINGS} were printed`)
  }
}

/** The 404 for a path the document does not have, naming the closest operations. */
export function unknownOperation(log: RequestLog, reporter: UnmatchedReporter, method: string, path: string): RouteAnswer {
  const suggestions = suggestOperations(method, path)
  const message = `No operation ${method} ${path}; did you mean ${suggestions.join(' or ')}?`
  const status = HTTP_STATUS.UNKNOWN_ROUTE
  log.recordViolation({ kind: 'unknown-operation', method, path, operationId: null, status, message })
  reporter.report(method, path, suggestions, message)
  return { status, body: { success: false, message }, headers: {} }
}

/** The 405 for a method a documented path does not take. */
export function wrongMethod(log: RequestLog, method: string, path: string, allowed: readonly string[]): RouteAnswer {
  const message = `Method ${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`
  const status = HTTP_STATUS.METHOD_NOT_ALLOWED
  log.recordViolation({ kind: 'method-not-allowed', method, path, operationId: null, status, message })
  return { status, body: { success: false, message }, headers: { Allow: allowed.join(', ') } }
}
