import type { OrgRole } from '../access/roles.js'
import type { MfaRecord, SubscriptionRecord } from './account-records.js'
import type { SettingsData } from './account-store.js'
import type { OrganizationRecord, UserRecord } from './record-schemas.js'
import { SeededRandom } from './seeded-random.js'

/** Users made by faker, deterministic for the mock's seed. */
export interface GeneratedUsers {
  orgId: string
  count: number
  /** Roles handed out in turn; USER only when omitted. */
  roles?: OrgRole[]
}

/**
 * A world for the mock to start from: plain data, as in `fixtures/*.json`.
 * @example
 * createFlashbackMock({ fixture: { organizations: [acme], users: [owner], generatedUsers: [{ orgId: acme.id, count: 50 }] } })
 */
export interface Fixture {
  organizations: OrganizationRecord[]
  users: UserRecord[]
  generatedUsers?: GeneratedUsers[]
  /** Each organization's active subscription (at most one), with its quota usage: what `GET /user/quota` answers. */
  subscriptions?: SubscriptionRecord[]
  /** Settings to start from, by user id and by organization id: what the settings calls answer. */
  settings?: SettingsData
  /** Users' MFA methods, by user id: what `GET /mfa/status` reports. */
  mfa?: Record<string, MfaRecord>
}

/** A fixture with its generated users made: what `reset()` loads. */
export interface FixtureData {
  organizations: OrganizationRecord[]
  users: UserRecord[]
  subscriptions?: SubscriptionRecord[]
  settings?: SettingsData
  mfa?: Record<string, MfaRecord>
}

// A fixed reference date keeps generated timestamps independent of the day the mock runs.
const REFERENCE_DATE = '2025-06-01T00:00:00.000Z'

/**
 * The fixture's own records, known at once without faker; throws for a `generatedUsers` entry that
 * names an unknown organization.
 */
export function fixtureRecords(fixture: Fixture): FixtureData {
  for (const spec of fixture.generatedUsers ?? []) {
    if (!fixture.organizations.some((o) => o.id === spec.orgId)) throw new Error(`generatedUsers names unknown organization "${spec.orgId}"`)
  }
  for (const subscription of fixture.subscriptions ?? []) {
    if (!fixture.organizations.some((o) => o.id === subscription.orgId)) throw new Error(`subscriptions names unknown organization "${subscription.orgId}"`)
  }
  return {
    organizations: fixture.organizations.map((o) => ({ ...o })),
    users: [...fixture.users],
    ...(fixture.subscriptions ? { subscriptions: fixture.subscriptions } : {}),
    ...(fixture.settings ? { settings: fixture.settings } : {}),
    ...(fixture.mfa ? { mfa: fixture.mfa } : {}),
  }
}

/**
 * Turns a fixture into concrete records; the same fixture and seed give the same records. Faker's
 * English data is loaded only for a fixture that generates users.
 */
export async function expandFixture(fixture: Fixture, seed: number): Promise<FixtureData> {
  const data = fixtureRecords(fixture)
  if (fixture.generatedUsers?.length) {
    const random = new SeededRandom(seed)
    // Loaded on demand like faker, which only a fixture that generates users needs.
    const [faker, { QuickDraws }] = await Promise.all([random.english(), import('./quick-draws.js')])
    // One push per user: spreading 100,000s of users as arguments overflows the stack.
    for (const user of generateUsers(fixture, data.users, new QuickDraws(faker, () => random.float()))) data.users.push(user)
  }
  return data
}

/** The password of every fixture user, as the README says: `POST /user/login` with it and any user's e-mail. */
export const FIXTURE_PASSWORD = 'Password123!'

/** Faker's calls that make up a user (`faker.person.firstName()` and so on), on the fixture's seeded sequence. */
export interface UserDraws {
  firstName(): string
  lastName(): string
  email(firstName: string, lastName: string, provider: string): string
  alphanumeric(length: number): string
  /** Draws a password of this length and forgets it. */
  skipPassword(length: number): void
  uuid(): string
  boolean(probability: number): boolean
  past(years: number, refDate: string): Date
}

/** The fixture's generated users, after `existing`. */
export function generateUsers(fixture: Fixture, existing: UserRecord[], draws: UserDraws): UserRecord[] {
  const users: UserRecord[] = []
  const emails = new Set(existing.map((u) => u.email.toLowerCase()))
  for (const spec of fixture.generatedUsers ?? []) {
    const organization = fixture.organizations.find((o) => o.id === spec.orgId)!
    const roles = spec.roles?.length ? spec.roles : [0 as OrgRole]
    for (let i = 0; i < spec.count; i++) {
      const name = draws.firstName()
      const lastName = draws.lastName()
      let email = draws.email(name, lastName, organization.domain).toLowerCase()
      while (emails.has(email)) email = `${draws.alphanumeric(4).toLowerCase()}.${email}`
      emails.add(email)
      // Every fixture user signs in with the fixture password; the random one is still drawn, so a seed keeps giving the same users.
      draws.skipPassword(14)
      users.push({
        id: draws.uuid(),
        email,
        name,
        lastName,
        orgId: organization.id,
        orgRole: roles[i % roles.length]!,
        validated: draws.boolean(0.85),
        deletedAt: null,
        password: FIXTURE_PASSWORD,
        authMethod: 'LOCAL',
        createdAt: draws.past(2, REFERENCE_DATE).toISOString(),
      })
    }
  }
  return users
}
