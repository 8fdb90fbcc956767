import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { mfaStepArbitrary, providerStepArbitrary, runSteps, stepArbitrary, type Step } from './support/model.js'

/** `npm test` runs a bounded number with a fixed seed; `npm run test:deep` sets FC_RUNS higher. */
export const RUNS = Number(process.env.FC_RUNS ?? 150)
const mock = createFlashbackMock({ strict: true })

describe('random sequences of operations by random callers', () => {
  it(`keep every invariant and match the reference model (${RUNS} sequences of up to 40 steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
        const failure = await runSteps(mock, steps)
        if (failure) throw new Error(failure.problem)
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20261122), endOnFailure: false },
    )
  }, 120_000)

  it(`keep every invariant and match the reference model through MFA set-ups and sign-ins (${Math.ceil(RUNS / 3)} sequences of 20 to 60 steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mfaStepArbitrary, { minLength: 20, maxLength: 60 }), async (steps) => {
        const failure = await runSteps(mock, steps)
        if (failure) throw new Error(failure.problem)
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: Number(process.env.FC_SEED ?? 20261122), endOnFailure: false },
    )
  }, 120_000)

  it(`keep every invariant and match the reference model through provider sign-ins and refreshes (${Math.ceil(RUNS / 3)} sequences of 20 to 60 steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(providerStepArbitrary, { minLength: 20, maxLength: 60 }), async (steps) => {
        const failure = await runSteps(mock, steps)
        if (failure) throw new Error(failure.problem)
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: Number(process.env.FC_SEED ?? 20261122), endOnFailure: false },
    )
  }, 120_000)
})

describe('regressions', () => {
  const folder = new URL('./regressions/', import.meta.url)
  const cases = readdirSync(folder).filter((f) => f.endsWith('.json'))
  it.each(cases)('%s still holds', async (file) => {
    const steps = JSON.parse(readFileSync(new URL(file, folder), 'utf8')).steps as Step[]
    expect(await runSteps(mock, steps)).toBeNull()
  })
})
