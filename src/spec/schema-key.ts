/**
 * Where a schema's precompiled validator is found: its JSON text, so equal schemas share one validator.
 * A module of its own: the validators' look-up needs it at run time, without the lists of schemas
 * (and the control API's document) that only the generator reads.
 */
export function schemaKey(schema: object): string {
  return JSON.stringify(schema)
}
