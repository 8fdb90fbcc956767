import { expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { searchForFailure } from './support/model.js'

// A policy that forgets the register page's rule, injected here only: the shipped code has no switch for it.
vi.mock('../src/access/policy.js', async (importOriginal) => {
  const policy = await importOriginal<typeof import('../src/access/policy.js')>()
  return { ...policy, checkCaller: (rule, caller) => policy.checkCaller(rule, { ...caller, validated: true }) } satisfies typeof policy
})

it('catches a policy that lets a user write before verifying their e-mail', async () => {
  const mock = createFlashbackMock({ strict: true })
  const result = await searchForFailure(mock, 20261207)
  expect(result.failed).toBe(true)
  expect(String((result.errorInstance as Error)?.message)).toMatch(/reference model predicts 403/)
  expect(result.counterexample?.[0].length).toBeLessThanOrEqual(3)
}, 120_000)
