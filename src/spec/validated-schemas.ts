import { controlOperations } from './control-operations.js'
import { operationSpecs } from './operations.js'
import { storedRecordSchemas } from './stored-records.js'

/**
 * Every schema the mock validates to answer a request: each operation's path parameters and request
 * body, and the stored records. `npm run generate:validators` compiles exactly these.
 */
export function requestSchemas(): object[] {
  const schemas: object[] = Object.values(storedRecordSchemas)
  for (const operation of operationSpecs) schemas.push(operation.pathSchema, ...(operation.requestBody ? [operation.requestBody] : []))
  return schemas
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
