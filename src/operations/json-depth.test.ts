import { describe, expect, it } from 'vitest'
import { nestsDeeperThan } from './json-depth.js'

describe('nestsDeeperThan', () => {
  it.each([
    ['{"a":1}', 1, false],
    ['{"a":{"b":1}}', 1, true],
    ['{"a":[[1]]}', 3, false],
    ['{"a":[[[1]]]}', 3, true],
    ['{"a":{},"b":{},"c":{}}', 2, false],
  ])('counts the nesting of %s against a limit of %i', (text, limit, deeper) => {
    expect(nestsDeeperThan(text, limit)).toBe(deeper)
  })

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '{{{{[[[[', b: 'say \\"{{{{"' }), 1)).toBe(false)
  })

  it('stops at the first level past the limit of a very deep text', () => {
    expect(nestsDeeperThan(`${'['.repeat(1_000_000)}`, 32)).toBe(true)
  })
})
