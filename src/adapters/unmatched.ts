import { suggestOperations } from '../spec/suggest.js'
import type { MockState } from '../mock-state.js'

/** What to do with a request to the mock's base URL that matches no operation, as msw's option of that name. */
export type UnhandledRequestStrategy =
  | 'error'
  | 'warn'
  | 'bypass'
  | ((request: { method: string; path: string; suggestions: string[] }) => void)

export interface UnmatchedAnswer {
  status: number
  body: { success: false; message: string }
  headers: Record<string, string>
}

/** The 404 for a path the document does not have, naming the closest operations. */
export function unknownOperation(state: MockState, method: string, path: string, strategy: UnhandledRequestStrategy): UnmatchedAnswer {
  const suggestions = suggestOperations(method, path)
  const message = `No operation ${method} ${path}; did you mean ${suggestions.join(' or ')}?`
  state.log.recordViolation({ kind: 'unknown-operation', method, path, operationId: null, status: 404, message })
  if (strategy === 'error') console.error(`[flashback-mock] ${message}`)
  else if (strategy === 'warn') console.warn(`[flashback-mock] ${message}`)
  else if (typeof strategy === 'function') strategy({ method, path, suggestions })
  return { status: 404, body: { success: false, message }, headers: {} }
}

/** The 405 for a method a documented path does not take. */
export function wrongMethod(state: MockState, method: string, path: string, allowed: readonly string[]): UnmatchedAnswer {
  const message = `Method ${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`
  state.log.recordViolation({ kind: 'method-not-allowed', method, path, operationId: null, status: 405, message })
  return { status: 405, body: { success: false, message }, headers: { Allow: allowed.join(', ') } }
}
