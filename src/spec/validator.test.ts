import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { getOperation } from './operations.js'
import type { ValidateFunction } from 'ajv'
import { schemaKey } from './schema-key.js'
import { bodyValidatorFor, describeValidationError, loadBodyValidators, loadResponseValidators, onDemandValidators, validatorFor } from './validator.js'

describe('validatorFor', () => {
  it('validates a request body with the precompiled validator, loaded on demand, and names the failing field', async () => {
    await loadBodyValidators()
    expect(loadBodyValidators()).toBeUndefined()
    const validate = bodyValidatorFor(getOperation('createOrganizationUser').requestBody!)
    expect(validate({ email: 'a@b.co', firstName: 'A', lastName: 'B', password: 'Password123!', orgRole: 0 })).toBe(true)
    expect(validate({ email: 'not-an-email', firstName: 'A', lastName: 'B', password: 'Password123!', orgRole: 0 })).toBe(false)
    expect(describeValidationError(validate.errors![0]!)).toBe('email must be a valid email')
  })

  it('gives equal schemas one validator, whichever object holds them', () => {
    const schema = getOperation('getOrganizationUser').pathSchema
    expect(validatorFor(structuredClone(schema))).toBe(validatorFor(schema))
  })

  it('refuses a schema that was never compiled, naming the command that compiles it', () => {
    expect(() => validatorFor({ type: 'string', minLength: 99 })).toThrow(/npm run generate`/)
  })

  it('accepts a body made in another realm, as under Jest, and still rejects a wrong constant there', async () => {
    const validate = (await loadResponseValidators())(getOperation('listOrganizationUsers').responses.get(403)!)
    expect(validate(vm.runInNewContext('({ success: false, data: [], total: 0 })'))).toBe(true)
    expect(validate(vm.runInNewContext('({ success: false, data: [1], total: 0 })'))).toBe(false)
  })
})

describe('validators loaded on demand', () => {
  const schema = { type: 'string' }
  const isString = ((value: unknown) => typeof value === 'string') as ValidateFunction

  it('imports them again at the next load after an import that failed, and keeps the first that succeeds', async () => {
    let imports = 0
    const validators = onDemandValidators(async () => {
      imports++
      if (imports === 1) throw new Error('Failed to fetch dynamically imported module')
      return { precompiledValidators: new Map([[schemaKey(schema), isString]]) }
    }, 'test validator')

    await expect(validators.load()).rejects.toThrow('Failed to fetch')
    expect(validators.loaded).toBeUndefined()
    const lookup = await validators.load()
    expect(lookup(schema)('text')).toBe(true)
    expect(lookup(schema)(1)).toBe(false)
    await validators.load()
    expect(imports).toBe(2)
  })
})
