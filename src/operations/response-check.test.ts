import { afterEach, describe, expect, it, vi } from 'vitest'
import { documentedExample } from '../../test/support/document.js'
import { getOperation } from '../spec/operations.js'
import { LENIENT_CHECK_EVERY, responseChecker } from './response-check.js'

// Counts the response validators looked up, calling through to the real ones.
const lookUps = vi.hoisted(() => ({ count: 0 }))
vi.mock('../spec/validator.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../spec/validator.js')>()
  const counted = actual.loadResponseValidators().then((lookUp) => (schema: object) => (lookUps.count++, lookUp(schema)))
  return { ...actual, loadResponseValidators: () => counted }
})

const getUser = getOperation('getOrganizationUser')
const answer = () => ({ status: 200, body: documentedExample('getOrganizationUser', 200) })

afterEach(() => {
  lookUps.count = 0
  vi.restoreAllMocks()
})

describe('the response check', () => {
  it('checks every answer against the document when strict', async () => {
    const check = responseChecker(true)
    for (let i = 0; i < 2 * LENIENT_CHECK_EVERY + 1; i++) await check(getUser, answer())
    expect(lookUps.count).toBe(2 * LENIENT_CHECK_EVERY + 1)
  })

  it('checks the first answer of each operation and status, then one in 100, beside the answer, when strict is off', async () => {
    const check = responseChecker(false)
    for (let i = 0; i < 2 * LENIENT_CHECK_EVERY + 1; i++) {
      const result = answer()
      // The answer itself is returned at once, not after the check.
      expect(check(getUser, result)).toBe(result)
    }
    await vi.waitFor(() => expect(lookUps.count).toBe(3))
    check(getUser, { status: 404, body: documentedExample('getOrganizationUser', 404) })
    check(getOperation('getUserProfile'), { status: 200, body: documentedExample('getUserProfile', 200) })
    await vi.waitFor(() => expect(lookUps.count).toBe(5))
  })

  it('rejects an answer that breaks the document when strict, and warns without changing it when not', async () => {
    const broken = { status: 200, body: { ...documentedExample('getOrganizationUser', 200), orgRole: 'OWNER' } }
    await expect(responseChecker(true)(getUser, broken)).rejects.toThrow(/getOrganizationUser 200: response body breaks the document/)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(responseChecker(false)(getUser, broken)).toBe(broken)
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[flashback-mock\] getOrganizationUser 200: response body breaks the document/)))
  })
})
