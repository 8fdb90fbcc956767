import defaultFixture from '../../fixtures/default.json' with { type: 'json' }
import type { Fixture } from './fixture.js'

/**
 * The fixtures that ship with the package, by name.
 * `default` is the docs' example world: Acme Corporation with John Doe and Jane Smith, every role,
 * a soft-deleted user, a second organization and a user with no organization.
 */
export const builtInFixtures = {
  default: defaultFixture as unknown as Fixture,
} as const satisfies Record<string, Fixture>

export type FixtureName = keyof typeof builtInFixtures
