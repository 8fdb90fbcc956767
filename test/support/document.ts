import { expect } from 'vitest'
import { apiDocument } from '../../src/spec/full-document.js'
import type { OperationId } from '../../src/spec/document.js'
import { getOperation, operationSpecs } from '../../src/spec/operations.js'
import { checkResponse } from '../../src/operations/response-check.js'

/** The docs' example body of an operation's response, as transcribed in the document. */
export function documentedExample(id: OperationId, status: number): any {
  const operation = getOperation(id)
  const item = (apiDocument.paths as any)[operation.path][operation.method]
  const response = item.responses[String(status)]
  const example = response?.content?.['application/json']?.examples?.documented?.value
  if (example === undefined) throw new Error(`The document has no documented example for ${id} ${status}`)
  return structuredClone(example)
}

/** The example the mock's own answer follows where the docs give none (`examples.mock`), as in the document. */
export function assumedExample(id: OperationId, status: number): any {
  const operation = getOperation(id)
  const item = (apiDocument.paths as any)[operation.path][operation.method]
  const example = item.responses[String(status)]?.content?.['application/json']?.examples?.mock?.value
  if (example === undefined) throw new Error(`The document has no mock example for ${id} ${status}`)
  return structuredClone(example)
}

/** The docs' example request body of an operation, as transcribed in the document. */
export function documentedRequest(id: OperationId): any {
  const operation = getOperation(id)
  const item = (apiDocument.paths as any)[operation.path][operation.method]
  const example = item.requestBody?.content?.['application/json']?.examples?.documented?.value
  if (example === undefined) throw new Error(`The document has no documented request example for ${id}`)
  return structuredClone(example)
}

/** Every status each operation declares. */
export function declaredStatuses(): Map<OperationId, number[]> {
  return new Map(operationSpecs.map((o) => [o.id, [...o.responses.keys()].sort()]))
}

/** Asserts that a body is what the document allows for that operation and status. */
export async function expectDocumented(id: OperationId, status: number, body: unknown): Promise<void> {
  await expect(checkResponse(getOperation(id), { status, body })).resolves.toBeDefined()
}
