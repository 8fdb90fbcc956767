import { describe, expect, it } from 'vitest'
import { builtInFixtures, fixtureByName, fixtureNames, isFixtureName } from './fixtures.js'

describe('fixtureByName', () => {
  it('finds each built-in fixture by its name', () => {
    for (const name of fixtureNames) expect(fixtureByName(name)).toBe(builtInFixtures[name])
  })

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nope'])('knows no fixture called %s', (name) => {
    expect(fixtureByName(name)).toBeUndefined()
    expect(isFixtureName(name)).toBe(false)
  })
})
