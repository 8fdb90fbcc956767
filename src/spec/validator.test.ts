import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { getOperation } from './operations.js'
import { bodyValidatorFor, describeValidationError, loadBodyValidators, loadResponseValidators, validatorFor } from './validator.js'

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
