import defaultFixture from '../../fixtures/default.json' with { type: 'json' }
import emptyFixture from '../../fixtures/empty.json' with { type: 'json' }
import largeFixture from '../../fixtures/large.json' with { type: 'json' }
import type { Fixture } from './fixture.js'

/**
 * The fixtures that ship with the package, by name.
 * `default` is the docs' example world: Acme Corporation with John Doe and Jane Smith, every role,
 * a soft-deleted user, a second organization and a user with no organization. `empty` is one
 * organization with just its OWNER; `large` is three organizations with 3,500 faker users.
 */
export const builtInFixtures = {
  default: defaultFixture as unknown as Fixture,
  empty: emptyFixture as unknown as Fixture,
  large: largeFixture as unknown as Fixture,
} as const satisfies Record<string, Fixture>

export type FixtureName = keyof typeof builtInFixtures

/** The names of the built-in fixtures: `default`, `empty`, `large`. */
export const fixtureNames = Object.keys(builtInFixtures) as FixtureName[]

/** Whether a string names a built-in fixture (an own name: `toString` or `__proto__` is not one). */
export function isFixtureName(name: string): name is FixtureName {
  return Object.hasOwn(builtInFixtures, name)
}

/**
 * The built-in fixture of a name, or undefined. Looks at own names only, so names every object
 * inherits (`constructor`, `toString`, `__proto__`) are unknown fixtures, not crashes.
 * @example
 * fixtureByName('empty') // the fixture with one organization and its OWNER
 * fixtureByName('toString') // undefined
 */
export function fixtureByName(name: string): Fixture | undefined {
  return isFixtureName(name) ? builtInFixtures[name] : undefined
}
