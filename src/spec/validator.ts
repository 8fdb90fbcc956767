import type { ErrorObject, ValidateFunction } from 'ajv'
import { schemaKey } from './schema-key.js'
import { precompiledValidators } from './validators.generated.js'

/**
 * Finds a schema's validator among precompiled ones by its JSON text (equal schemas share one), and
 * remembers it per schema object; a schema that was never compiled throws, naming the command.
 */
export function precompiledLookup(validators: ReadonlyMap<string, ValidateFunction>, what: string): (schema: object) => ValidateFunction {
  const cache = new WeakMap<object, ValidateFunction>()
  return (schema) => {
    let validate = cache.get(schema)
    if (!validate) {
      validate = validators.get(schemaKey(schema))
      if (!validate) throw new Error(`No precompiled ${what} for the schema ${schemaKey(schema).slice(0, 120)}: run \`npm run generate\``)
      cache.set(schema, validate)
    }
    return validate
  }
}

/**
 * The validator of a schema a request is checked against (see `requestSchemas`), compiled ahead of
 * time by `npm run generate:validators`: browsers get plain functions, not ajv's compiler.
 */
export const validatorFor = precompiledLookup(precompiledValidators, 'validator')

let bodyValidators: ((schema: object) => ValidateFunction) | undefined
let loadingBodyValidators: Promise<void> | undefined

/**
 * Loads the validators of the request bodies (a module of their own, decisions/006): nothing when they are
 * loaded, else the promise of their loading. A page that only reads never fetches them.
 */
export function loadBodyValidators(): Promise<void> | undefined {
  if (bodyValidators) return undefined
  loadingBodyValidators ??= import('./body-validators.generated.js').then(({ precompiledValidators: validators }) => {
    bodyValidators = precompiledLookup(validators, 'request body validator')
  })
  return loadingBodyValidators
}

/** The validator of an operation's request body; `loadBodyValidators()` must have finished. */
export function bodyValidatorFor(schema: object): ValidateFunction {
  if (!bodyValidators) throw new Error('The request body validators are not loaded yet: await loadBodyValidators() first')
  return bodyValidators(schema)
}

let responseValidators: Promise<(schema: object) => ValidateFunction> | undefined

/**
 * The validators of the document's responses (see `responseSchemas`): a module of their own, loaded
 * at the first response check, since answering never needs them (decisions/006).
 */
export function loadResponseValidators(): Promise<(schema: object) => ValidateFunction> {
  responseValidators ??= import('./response-validators.generated.js').then(({ precompiledValidators: validators }) =>
    precompiledLookup(validators, 'response validator'),
  )
  return responseValidators
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

/**
 * Every failing field, once each (its first error), as one sentence: validators are compiled with
 * `allErrors`, so a client learns all it must fix from one 400.
 * @example
 * describeValidationErrors(validate.errors!) // 'email must be a valid email; password must NOT have fewer than 8 characters'
 */
export function describeValidationErrors(errors: readonly ErrorObject[]): string {
  const firstByField = new Map<string, ErrorObject>()
  for (const error of errors) if (!firstByField.has(fieldOf(error))) firstByField.set(fieldOf(error), error)
  return [...firstByField.values()].map(describeValidationError).join('; ')
}
