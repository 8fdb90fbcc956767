import fc from 'fast-check'

/** The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the Flashback document relies on. */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  const?: unknown
  enum?: unknown[]
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  format?: string
  [keyword: string]: unknown
}

function resolve(schema: JsonSchema, root: object): JsonSchema {
  if (!schema.$ref) return schema
  const target = schema.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], root)
  if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`)
  // Keywords beside a $ref (a default, a description) do not change which values are valid.
  return resolve(target as JsonSchema, root)
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = schema.maxLength ?? Math.max(minLength, 40)
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength
  switch (schema.format) {
    case 'email':
      return fc.emailAddress().filter(fits)
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString())
    case 'uri':
      return fc.webUrl().filter(fits)
    default:
      // Whole code points, so names with accents, scripts and emoji are generated too.
      return fc.string({ unit: 'grapheme', minLength, maxLength }).filter(fits)
  }
}

function typedArbitrary(type: string, schema: JsonSchema, root: object): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(schema.items ? arbitraryFor(schema.items, root) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: schema.maxItems ?? 5,
      })
    case 'object': {
      const properties = schema.properties ?? {}
      const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryFor(value, root)]))
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) })
    }
    default:
      throw new Error(`No arbitrary for JSON Schema type "${type}"`)
  }
}

/**
 * A fast-check arbitrary of the values a JSON Schema accepts (the subset the Flashback document uses:
 * `$ref`, `const`, `enum`, `oneOf`/`anyOf`, `type` lists, objects with `required`, string lengths and
 * formats, integer bounds, arrays). Values shrink towards the simplest valid value.
 * @example
 * fc.sample(arbitraryFor({ $ref: '#/components/schemas/UpdateOrgUserRequest' }, document), 3)
 */
export function arbitraryFor(schema: JsonSchema, root: object): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, root)
  if ('const' in resolved) return fc.constant(resolved.const)
  if (resolved.enum) return fc.constantFrom(...resolved.enum)
  const choices = resolved.oneOf ?? resolved.anyOf
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryFor(choice, root)))
  const types = Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : []
  if (types.length === 0) return resolved.properties ? typedArbitrary('object', resolved, root) : fc.jsonValue()
  return fc.oneof(...types.map((type) => typedArbitrary(type, resolved, root)))
}
