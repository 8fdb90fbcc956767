import { describeValidationError, validatorFor } from '../spec/validator.js'
import type { OperationSpec } from '../spec/operations.js'
import type { OperationResult } from './context.js'

/** Thrown in strict mode when the mock answers something the document does not allow: a bug in the mock. */
export class ContractViolation extends Error {
  readonly code = 'CONTRACT_VIOLATION'
  constructor(message: string) {
    super(message)
    this.name = 'ContractViolation'
  }
}

/** Checks a response against the document's schema for its operation and status. */
export function checkResponse(operation: OperationSpec, result: OperationResult): OperationResult {
  const schema = operation.responses.get(result.status)
  if (!schema) {
    throw new ContractViolation(`${operation.id} answered ${result.status}, a status the document does not declare`)
  }
  const validate = validatorFor(schema)
  if (!validate(result.body)) {
    const error = validate.errors![0]!
    throw new ContractViolation(
      `${operation.id} ${result.status}: response body breaks the document at ${error.schemaPath}: ${describeValidationError(error)}`,
    )
  }
  return result
}
