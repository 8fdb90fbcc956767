import type { ErrorObject } from 'ajv'
import { precompiledValidators } from './control-validators.generated.js'
import { precompiledLookup } from './validator.js'

/**
 * The validator of a control API schema (see `controlValidatedSchemas`), compiled ahead of time by
 * `npm run generate:validators`, in a module of its own that browser bundles of the API never load.
 */
export const controlValidatorFor = precompiledLookup(precompiledValidators, 'control validator')

/** One failing field of a request: `field` is a dotted path, empty for the body itself. */
export interface FieldProblem {
  field: string
  message: string
}

function valueAt(data: unknown, instancePath: string): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), data)
}

function describe(error: ErrorObject, data: unknown): FieldProblem {
  const at = error.instancePath.slice(1).replaceAll('/', '.')
  const inside = (name: string) => (at ? `${at}.${name}` : name)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { field: inside(String(params.missingProperty)), message: `${inside(String(params.missingProperty))} is required` }
    case 'additionalProperties':
      return { field: inside(String(params.additionalProperty)), message: `${inside(String(params.additionalProperty))} is not a known field` }
  }
  const subject = at || 'body'
  const found = JSON.stringify(valueAt(data, error.instancePath)) ?? 'undefined'
  switch (error.keyword) {
    case 'type':
      return { field: at, message: `${subject} must be ${[params.type].flat().join(' or ')}, not ${found}` }
    case 'enum':
      return { field: at, message: `${subject} ${found} is not one of ${(params.allowedValues as unknown[]).join(', ')}` }
    case 'pattern': {
      // A pattern that spells one word is how the control document allows one string among numbers ("real").
      const word = /^\^(\w+)\$$/.exec(String(params.pattern))?.[1]
      return { field: at, message: word ? `${subject} must be "${word}" when a string, not ${found}` : `${subject} ${error.message}` }
    }
    default:
      return { field: at, message: `${subject} ${error.message ?? 'is invalid'}, not ${found}` }
  }
}

/** Every failing field of a validation, in the order ajv found them, one problem per field. */
export function describeControlErrors(errors: readonly ErrorObject[], data: unknown): FieldProblem[] {
  const byField = new Map<string, FieldProblem>()
  for (const error of errors) {
    const problem = describe(error, data)
    if (!byField.has(problem.field)) byField.set(problem.field, problem)
  }
  return [...byField.values()]
}
