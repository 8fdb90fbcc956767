import { afterEach, describe, expect, it, vi } from 'vitest'
import { PRINTED_WARNINGS, UnmatchedReporter } from './unmatched.js'

describe('UnmatchedReporter', () => {
  afterEach(() => vi.restoreAllMocks())

  it('prints the first unknown routes in full, then only a count at each power of ten', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const reporter = new UnmatchedReporter('warn')
    for (let i = 0; i < 1000; i++) reporter.report('GET', `/nope/${i}`, [], `No operation GET /nope/${i}`)
    const lines = warn.mock.calls.map((call) => String(call[0]))
    expect(lines).toHaveLength(PRINTED_WARNINGS + 2)
    expect(lines.at(-2)).toBe(`[flashback-mock] 100 requests to unknown routes so far; only the first ${PRINTED_WARNINGS} were printed`)
    expect(lines.at(-1)).toContain('1000 requests')
  })

  it('leaves every request to a callback, and prints nothing for bypass', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const seen: string[] = []
    new UnmatchedReporter(({ path }) => seen.push(path)).report('GET', '/a', [], 'x')
    new UnmatchedReporter('bypass').report('GET', '/b', [], 'x')
    expect(seen).toEqual(['/a'])
    expect(warn).not.toHaveBeenCalled()
  })
})
