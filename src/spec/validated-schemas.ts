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

/** Where a schema's precompiled validator is found: its JSON text, so equal schemas share one validator. */
export function schemaKey(schema: object): string {
  return JSON.stringify(schema)
}
