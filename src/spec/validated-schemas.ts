import { controlOperations } from './control-operations.js'
import { operationSpecs } from './operations.js'
import { storedRecordSchemas } from './stored-records.js'

/**
 * The schemas the mock validates before any body is read: each operation's path parameters, and the stored
 * records. `npm run generate:validators` compiles them into the module loaded with the entry.
 */
export function requestSchemas(): object[] {
  return [...Object.values(storedRecordSchemas), ...operationSpecs.map((operation) => operation.pathSchema)]
}

/**
 * Each operation's request body schema: compiled into a module of their own, loaded when the first request
 * with a body arrives (reading a body waits a turn anyway), so a page that only reads does not fetch them.
 */
export function requestBodySchemas(): object[] {
  return operationSpecs.flatMap((operation) => (operation.requestBody ? [operation.requestBody] : []))
}

/**
 * Every response schema of the document: what the mock checks its own answers against (and
 * `expectResponseMatchesDocument` checks any response against). Compiled into a module of its own,
 * loaded at the first check, so a page does not fetch it with the entry (decisions/006).
 */
export function responseSchemas(): object[] {
  return operationSpecs.flatMap((operation) => [...operation.responses.values()])
}

/**
 * Every schema of the control API (`openapi/control.openapi.json`) the standalone server validates:
 * each endpoint's request body, query and answers. Compiled apart, reporting every error, not the first.
 */
export function controlValidatedSchemas(): object[] {
  return controlOperations.flatMap((operation) => [
    ...(operation.requestBody ? [operation.requestBody] : []),
    ...(operation.query ? [operation.query] : []),
    ...operation.responses.values(),
  ])
}
