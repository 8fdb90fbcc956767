import { ContractViolation, responseProblem } from '../operations/response-check.js'
import type { OperationId } from '../spec/document.js'
import { getOperation } from '../spec/operations.js'

/**
 * Checks any `Response` (from the mock, a real backend or your own handler) against the document:
 * the status must be declared for the operation and the JSON body must match its schema.
 * Resolves with the parsed body; rejects with a `ContractViolation` naming the problem.
 * @example
 * const body = await expectResponseMatchesDocument(await fetch(url, init), 'listOrganizationUsers', 200)
 */
export async function expectResponseMatchesDocument(response: Response, operationId: OperationId, status?: number): Promise<unknown> {
  if (status !== undefined && response.status !== status) {
    throw new ContractViolation(`${operationId}: expected status ${status}, got ${response.status}`)
  }
  const text = await response.clone().text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    throw new ContractViolation(`${operationId} ${response.status}: the body is not JSON: ${text.slice(0, 80)}`)
  }
  const problem = await responseProblem(getOperation(operationId), response.status, body)
  if (problem) throw new ContractViolation(problem)
  return body
}
