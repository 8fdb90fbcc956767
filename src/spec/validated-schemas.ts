import { controlOperations } from './control-operations.js'
import { operationSpecs } from './operations.js'
import { storedRecordSchemas } from './stored-records.js'

/**
 * Every schema the mock validates at run time: each operation's path parameters, request body and
 * responses, and the stored records. `npm run generate:validators` compiles exactly these.
 */
export function validatedSchemas(): object[] {
  const schemas: object[] = Object.values(storedRecordSchemas)
  for (const operation of operationSpecs) {
    schemas.push(operation.pathSchema, ...(operation.requestBody ? [operation.requestBody] : []), ...operation.responses.values())
  }
  return schemas
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
