import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

describe('slow bodies before authentication', () => {
  it('answers unauthenticated callers without reading their bodies, and memory returns to its baseline after the connections close', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/support/slow-bodies.ts', '40'], { timeout: 60_000 })
    const { baseline, during, after, refusedEarly, unauthorized } = JSON.parse(stdout)
    expect(refusedEarly).toBe(unauthorized)
    // The authenticated half's bodies are held while they arrive (so the measure can see them)...
    expect(during / baseline).toBeGreaterThan(1.2)
    // ...and released once their connections close. Loose: a ratio, not a size or a time.
    expect(after / baseline).toBeLessThan(1.2)
  }, 90_000)
})
