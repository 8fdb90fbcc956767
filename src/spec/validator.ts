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

type Lookup = (schema: object) => ValidateFunction

/**
 * Validators compiled into a module of their own (decisions/006), imported at the first `load()`; `loaded` is
 * their lookup once that import has finished. A failed import (a page's chunk request that did not get through)
 * is tried again at the next `load()`, not remembered.
 * @example
 * const body = onDemandValidators(() => import('./body-validators.generated.js'), 'request body validator')
 * const lookup = await body.load()
 */
export function onDemandValidators(importModule: () => Promise<{ precompiledValidators: ReadonlyMap<string, ValidateFunction> }>, what: string) {
  let lookup: Lookup | undefined
  let loading: Promise<Lookup> | undefined
  return {
    get loaded(): Lookup | undefined {
      return lookup
    },
    load(): Promise<Lookup> {
      loading ??= importModule().then(
        ({ precompiledValidators: validators }) => (lookup = precompiledLookup(validators, what)),
        (error: unknown) => {
          loading = undefined
          throw error
        },
      )
      return loading
    },
  }
}

const bodyValidators = onDemandValidators(() => import('./body-validators.generated.js'), 'request body validator')

/**
 * Loads the validators of the request bodies: nothing when they are loaded, else the promise of their loading.
 * A page that only reads never fetches them.
 */
export function loadBodyValidators(): Promise<unknown> | undefined {
  return bodyValidators.loaded ? undefined : bodyValidators.load()
}

/** The validator of an operation's request body; `loadBodyValidators()` must have finished. */
export function bodyValidatorFor(schema: object): ValidateFunction {
  const lookup = bodyValidators.loaded
  if (!lookup) throw new Error('The request body validators are not loaded yet: await loadBodyValidators() first')
  return lookup(schema)
}

const responseValidators = onDemandValidators(() => import('./response-validators.generated.js'), 'response validator')

/**
 * The validators of the document's responses (see `responseSchemas`), loaded at the first response check,
 * since answering never needs them.
 */
export function loadResponseValidators(): Promise<Lookup> {
  return responseValidators.load()
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
