import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { apiDocument } from './document.js'

/**
 * One ajv instance that knows the document's component schemas, so `$ref`s resolve.
 * Validators are compiled on first use and cached: start-up pays only for what is called.
 */
function createAjv() {
  const ajv = new Ajv2020.default({ allErrors: false, strict: false, useDefaults: false })
  addFormats.default(ajv, ['email', 'date-time', 'uri'])
  ajv.addSchema({ $id: 'flashback', components: apiDocument.components } as object)
  return ajv
}

let shared: ReturnType<typeof createAjv> | undefined
const cache = new WeakMap<object, ValidateFunction>()

/** Rewrites the document's local `$ref`s to point into the registered `flashback` schema. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase)
  if (!schema || typeof schema !== 'object') return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `flashback${value}` : rebase(value)
  }
  return out
}

/** A compiled validator for a schema taken from the document (or a schema referring into it). */
export function validatorFor(schema: object): ValidateFunction {
  let validate = cache.get(schema)
  if (!validate) {
    shared ??= createAjv()
    validate = shared.compile(rebase(schema) as object)
    cache.set(schema, validate)
  }
  return validate
}

/** A short sentence naming the field and the rule that failed, e.g. `password must NOT have fewer than 8 characters`. */
export function describeValidationError(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (error.keyword === 'required') return `${(error.params as { missingProperty: string }).missingProperty} is required`
  if (error.keyword === 'const' && field === '') return `body ${error.message ?? 'is invalid'}`
  const subject = field || 'body'
  if (error.keyword === 'type') return `${subject} must be ${(error.params as { type: string | string[] }).type}`
  if (error.keyword === 'format') return `${subject} must be a valid ${(error.params as { format: string }).format}`
  return `${subject} ${error.message ?? 'is invalid'}`
}

/** The field a validation error is about (empty for the body itself). */
export function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty
  return error.instancePath.replace(/^\//, '').split('/')[0] ?? ''
}
