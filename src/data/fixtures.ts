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
