import { expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { searchForFailure } from './support/model.js'

// A policy that forgets the same-organization rule, injected here only: the shipped code has no switch for it.
vi.mock('../src/access/policy.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/access/policy.js')>()),
  checkOrganization: () => null,
}))

it('catches a policy that skips the same-organization check', async () => {
  const mock = createFlashbackMock({ strict: true })
  const result = await searchForFailure(mock, 20261122)
  expect(result.failed).toBe(true)
  expect(String((result.errorInstance as Error)?.message)).toMatch(/reference model predicts 40[34]|leaked/)
  // Shrunk short enough to read and keep (see test/regressions/).
  expect(result.counterexample?.[0].length).toBeLessThanOrEqual(3)
}, 120_000)
