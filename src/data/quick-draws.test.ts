import { Faker, base, de, en, en_AU, es, ru, uk, vi, type LocaleDefinition, type Randomizer } from '@faker-js/faker'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { describe, expect, it } from 'vitest'
import { generateUsers, type Fixture, type UserDraws } from './fixture.js'
import { QuickDraws } from './quick-draws.js'
import type { UserRecord } from './record-schemas.js'
import { SeededRandom } from './seeded-random.js'

const SEEDS = [1, 7, 42, -3, 2 ** 31]
const organization = (id: string, domain: string) => ({ id, domain }) as Fixture['organizations'][number]
const fixture: Fixture = {
  organizations: [organization('org-a', 'acme.com'), organization('org-b', 'Globex.Example.ORG')],
  users: [],
  generatedUsers: [
    { orgId: 'org-a', count: 2500, roles: [0, 1, 2] },
    { orgId: 'org-b', count: 500 },
  ],
}

/** The calls generateUsers made before QuickDraws, to plain faker: the reference QuickDraws must match. */
const fakerDraws = (faker: Faker): UserDraws => ({
  firstName: () => faker.person.firstName(),
  lastName: () => faker.person.lastName(),
  email: (firstName, lastName, provider) => faker.internet.email({ firstName, lastName, provider }),
  alphanumeric: (length) => faker.string.alphanumeric(length),
  skipPassword: (length) => void faker.internet.password({ length }),
  uuid: () => faker.string.uuid(),
  boolean: (probability) => faker.datatype.boolean({ probability }),
  past: (years, refDate) => faker.date.past({ years, refDate }),
})
const fakerUsers = (fixture: Fixture, existing: UserRecord[], faker: Faker) => generateUsers(fixture, existing, fakerDraws(faker))

/** The draws that follow, from the sequence itself and through faker. */
const nextDraws = (random: SeededRandom, faker: Faker) => [...Array.from({ length: 8 }, () => random.float()), random.uuid(), faker.string.uuid()]

/** A faker of some locales on a pure-rand sequence, and that sequence's next float. */
function seededFaker(seed: number, locale: LocaleDefinition[]): { faker: Faker; next: () => number } {
  let generator = xoroshiro128plus(seed)
  const randomizer: Randomizer = { next: () => uniformFloat64(generator), seed: (s) => void (generator = xoroshiro128plus(Array.isArray(s) ? (s[0] ?? 0) : s)) }
  return { faker: new Faker({ locale, randomizer }), next: randomizer.next }
}

describe('QuickDraws', () => {
  it.each(SEEDS)('gives the users plain faker gives, and leaves the sequence where faker leaves it (seed %s)', async (seed) => {
    const viaFaker = new SeededRandom(seed)
    const faker = await viaFaker.english()
    // Existing users with the seed's first e-mails: the first generated user's e-mail is taken, so the alphanumeric prefix is drawn too.
    const existing = fakerUsers({ ...fixture, generatedUsers: [{ orgId: 'org-a', count: 3 }] }, [], (await new SeededRandom(seed).english()))
    const expected = fakerUsers(fixture, existing, faker)

    const quick = new SeededRandom(seed)
    const quickFaker = await quick.english()
    const users = generateUsers(fixture, existing, new QuickDraws(quickFaker, () => quick.float()))

    expect(users).toHaveLength(3000)
    expect(users[0]!.email).toMatch(/^[a-z0-9]{4}\./)
    expect(users).toEqual(expected)
    expect(nextDraws(quick, quickFaker)).toEqual(nextDraws(viaFaker, faker))
  })

  it.each([
    ['Zoë', 'Núñez'],
    ["O'Kon", "D'Amore"],
    ['Jean Paul', 'Smith-Jones'],
    ['Maximilianus'.repeat(3), 'Bartholomew'.repeat(3)],
    ['A'.repeat(24), 'B'.repeat(24)],
    ['A'.repeat(49), 'B'],
    ['', 'Smith'],
    ['Ann', ''],
    ['.Dot', 'End.'],
    ['Иван', 'Петров'],
  ])('gives faker’s e-mail for %j %j, from the same draws', (firstName, lastName) => {
    for (const seed of SEEDS) {
      const plain = seededFaker(seed, [en, base])
      const quick = seededFaker(seed, [en, base])
      const draws = new QuickDraws(quick.faker, quick.next)
      const emails = Array.from({ length: 50 }, () => draws.email(firstName, lastName, 'acme.com'))
      expect(emails).toEqual(Array.from({ length: 50 }, () => plain.faker.internet.email({ firstName, lastName, provider: 'acme.com' })))
      expect(quick.next()).toBe(plain.next())
    }
  })

  it.each([
    ['en', [en, base]],
    ['en_AU', [en_AU, en, base]],
    ['de', [de, en, base]],
    ['es', [es, en, base]],
    ['ru', [ru, en, base]],
    ['uk', [uk, en, base]],
    ['vi', [vi, en, base]],
  ])('gives faker’s names and e-mails with the %s data, from the same draws', (_, locale) => {
    const plain = seededFaker(42, locale)
    const quick = seededFaker(42, locale)
    const draws = new QuickDraws(quick.faker, quick.next)
    for (let i = 0; i < 2000; i++) {
      const name = draws.firstName()
      const lastName = draws.lastName()
      expect([name, lastName]).toEqual([plain.faker.person.firstName(), plain.faker.person.lastName()])
      expect(draws.email(name, lastName, 'acme.com')).toBe(plain.faker.internet.email({ firstName: name, lastName, provider: 'acme.com' }))
    }
    expect(quick.next()).toBe(plain.next())
  })
})
