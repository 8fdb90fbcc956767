import { afterEach, describe, expect, it, vi } from 'vitest'
import { documentedExample } from '../../test/support/document.js'
import { getOperation } from '../spec/operations.js'
import { validatorFor } from '../spec/validator.js'
import { LENIENT_CHECK_EVERY, responseChecker } from './response-check.js'

// Counts the validators looked up, calling through to the real ones.
vi.mock('../spec/validator.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../spec/validator.js')>()
  return { ...actual, validatorFor: vi.fn(actual.validatorFor) }
})

const getUser = getOperation('getOrganizationUser')
const answer = () => ({ status: 200, body: documentedExample('getOrganizationUser', 200) })
const validations = () => vi.mocked(validatorFor).mock.calls.length

afterEach(() => {
  vi.mocked(validatorFor).mockClear()
  vi.restoreAllMocks()
})

describe('the response check', () => {
  it('checks every answer against the document when strict', () => {
    const check = responseChecker(true)
    for (let i = 0; i < 2 * LENIENT_CHECK_EVERY + 1; i++) check(getUser, answer())
    expect(validations()).toBe(2 * LENIENT_CHECK_EVERY + 1)
  })

  it('checks the first answer of each operation and status, then one in 100, when strict is off', () => {
    const check = responseChecker(false)
    for (let i = 0; i < 2 * LENIENT_CHECK_EVERY + 1; i++) check(getUser, answer())
    expect(validations()).toBe(3)
    check(getUser, { status: 404, body: documentedExample('getOrganizationUser', 404) })
    check(getOperation('getUserProfile'), { status: 200, body: documentedExample('getUserProfile', 200) })
    expect(validations()).toBe(5)
  })

  it('throws on an answer that breaks the document when strict, and warns without changing it when not', () => {
    const broken = { status: 200, body: { ...documentedExample('getOrganizationUser', 200), orgRole: 'OWNER' } }
    expect(() => responseChecker(true)(getUser, broken)).toThrow(/getOrganizationUser 200: response body breaks the document/)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(responseChecker(false)(getUser, broken)).toBe(broken)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[flashback-mock\] getOrganizationUser 200: response body breaks the document/))
  })
})
