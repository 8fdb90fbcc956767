import { describeValidationError, loadResponseValidators } from '../spec/validator.js'
import type { OperationSpec } from '../spec/operations.js'
import type { OperationResult } from './context.js'
import { ContractViolation } from './errors.js'

export { ContractViolation }

/** Why a response breaks the document for its operation and status, or null when it does not. */
export async function responseProblem(operation: OperationSpec, status: number, body: unknown): Promise<string | null> {
  const schema = operation.responses.get(status)
  if (!schema) return `${operation.id} answered ${status}, a status the document does not declare`
  const validate = (await loadResponseValidators())(schema)
  if (validate(body)) return null
  const error = validate.errors![0]!
  return `${operation.id} ${status}: response body breaks the document at ${error.schemaPath}: ${describeValidationError(error)}`
}

const warned = new Set<string>()

/**
 * Checks a response against the document's schema for its operation and status: a mismatch
 * throws a `ContractViolation` when strict, and otherwise prints a one-line warning once.
 */
export async function checkResponse(operation: OperationSpec, result: OperationResult, strict = true): Promise<OperationResult> {
  const problem = await responseProblem(operation, result.status, result.body)
  if (problem && strict) throw new ContractViolation(problem)
  if (problem && !warned.has(problem)) {
    warned.add(problem)
    console.warn(`[flashback-mock] ${problem}`)
  }
  return result
}

/** With strict off, one answer in this many of each operation and status is checked (the first always). */
export const LENIENT_CHECK_EVERY = 100

/**
 * The response check for a mock: every answer when strict (tests, where a mismatch must fail), else a
 * sample (the standalone server, where checking every answer would cost more than answering it) that
 * still warns of a mismatch: the first answer of each operation and status, then one in 100. A sampled
 * check runs beside the answer, which does not wait for it (nor for the validators to load).
 */
export function responseChecker(strict: boolean): (operation: OperationSpec, result: OperationResult) => OperationResult | Promise<OperationResult> {
  if (strict) return (operation, result) => checkResponse(operation, result, true)
  const answered = new Map<OperationSpec, Map<number, number>>()
  return (operation, result) => {
    let byStatus = answered.get(operation)
    if (!byStatus) answered.set(operation, (byStatus = new Map()))
    const count = byStatus.get(result.status) ?? 0
    byStatus.set(result.status, count + 1)
    if (count % LENIENT_CHECK_EVERY === 0) {
      // Nothing awaits this check: a failure to run it (the validators' chunk not fetched) is a warning, never an unhandled rejection.
      checkResponse(operation, result, false).catch((error: unknown) => console.warn(`[flashback-mock] could not check ${operation.id} ${result.status}: ${String(error)}`))
    }
    return result
  }
}
