import type { Faker } from '@faker-js/faker'
import type { UserDraws } from './fixture.js'

// Why this exists: a world of 100,000 made-up users spent most of its load in faker's general machinery
// (option objects, locale proxies, template parsing, one call per uuid digit). These methods compute what
// faker 10.6 computes for the calls `generateUsers` makes, from the same draws of the same random sequence
// in the same order: a seed gives the same users as with faker, and the draws after them stay the same.
// quick-draws.test.ts checks both against faker itself. What they do not reproduce (a locale data shape
// other than English's, a name that is not ASCII) is left to faker.

const LAST_NAME = '{{person.last_name.generic}}'
/** Which characters from 33 on faker's password keeps with its default pattern, `/\w/`. */
const PASSWORD_KEEPS = Array.from({ length: 95 }, (_, i) => /\w/.test(String.fromCodePoint(i + 33)))
const SEPARATORS = ['.', '_']
const HEX = [...'0123456789abcdef'].map((c) => c.charCodeAt(0))
/** A name that leaves faker's username unchanged: letters and hyphens. */
const PLAIN = /^[A-Za-z-]+$/
const ASCII = /^[\0-\x7f]*$/

/**
 * Faker's calls for generated users, the same values from the same draws.
 * @example
 * const draws = new QuickDraws(await random.english(), () => random.float())
 * draws.uuid() // what faker.string.uuid() would have given
 */
export class QuickDraws implements UserDraws {
  readonly #faker: Faker
  /** The faker's randomizer's `next()`: a float in [0, 1), what each of faker's draws is. */
  readonly #next: () => number
  /** The range of the last `past()`, worked out once for every user. */
  #past: { years: number; refDate: string; from: number; to: number } | undefined
  /** The 36 character codes of a uuid, its dashes and version in place. */
  readonly #uuid = [...'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'].map((c) => c.charCodeAt(0))
  /** `faker.person.firstName()` */
  readonly firstName: () => string
  /** `faker.person.lastName()` */
  readonly lastName: () => string

  constructor(faker: Faker, next: () => number) {
    this.#faker = faker
    this.#next = next
    this.firstName = this.#firstNames() ?? (() => faker.person.firstName())
    this.lastName = this.#lastNames() ?? (() => faker.person.lastName())
  }

  /** `faker.number.int({ max })`, for a whole `max` of at least 1. */
  #int(max: number): number {
    return Math.floor(this.#next() * (max + 1))
  }

  /** `faker.helpers.arrayElement(items)` */
  #element<T>(items: readonly T[]): T {
    return items[items.length > 1 ? this.#int(items.length - 1) : 0]!
  }

  /** A sex (female or male), then that sex's names or the generic ones, weighted 3·√n to √n, then a name. */
  #firstNames(): (() => string) | undefined {
    const { female, male, generic } = this.#faker.rawDefinitions.person?.first_name ?? {}
    if (!female?.length || !male?.length || !generic?.length) return undefined
    const bySex = [female, male].map((names) => {
      const weight = 3 * Math.sqrt(names.length)
      // Summed from 0, as faker sums weights: the same float.
      return { names, weight, total: 0 + weight + Math.sqrt(generic.length) }
    })
    return () => {
      const { names, weight, total } = bySex[this.#int(1)]!
      return this.#element(this.#next() * total < weight ? names : generic)
    }
  }

  /** A sex, drawn though English last names do not depend on it, then a weighted pattern of last names. */
  #lastNames(): (() => string) | undefined {
    const definitions = this.#faker.rawDefinitions.person
    const patterns = definitions?.last_name_pattern
    const names = definitions?.last_name?.generic
    if (!patterns?.generic?.length || patterns.female || patterns.male || !names?.length || names.some((name) => name.includes('{'))) return undefined
    if (patterns.generic.some(({ value, weight }) => !(weight > 0) || /[{}]/.test(value.replaceAll(LAST_NAME, '')))) return undefined
    const choices = patterns.generic.map(({ value, weight }) => ({ weight, literals: value.split(LAST_NAME) }))
    const total = choices.reduce((sum, { weight }) => sum + weight, 0)
    return () => {
      this.#int(1)
      const drawn = this.#next() * total
      let reached = 0
      let chosen = choices.at(-1)!
      for (const choice of choices) {
        reached += choice.weight
        if (drawn < reached) {
          chosen = choice
          break
        }
      }
      const { literals } = chosen
      let name = literals[0]!
      for (let i = 1; i < literals.length; i++) name += this.#element(names) + literals[i]
      return name
    }
  }

  /** `faker.internet.email({ firstName, lastName, provider })` */
  email(firstName: string, lastName: string, provider: string): string {
    if (lastName === '' || !ASCII.test(firstName) || !ASCII.test(lastName) || typeof provider !== 'string') return this.#faker.internet.email({ firstName, lastName, provider })
    const separator = this.#element(SEPARATORS)
    const number = this.#int(99)
    let name = this.#int(1) === 0 ? `${firstName}${separator}${lastName}${number}` : `${firstName}${separator}${lastName}`
    // What faker's username and email do to an ASCII name: only the characters an address allows, at most 50, no stray dots.
    if (!(PLAIN.test(firstName) && PLAIN.test(lastName) && name.length <= 50)) {
      name = name.replaceAll(/[^A-Za-z0-9._+-]+/g, '').substring(0, 50).replaceAll(/\.{2,}/g, '.').replace(/^\./, '').replace(/\.$/, '')
    }
    return `${name}@${provider}`
  }

  /** `faker.string.alphanumeric(length)`, left to faker: it is needed only when an e-mail is taken. */
  alphanumeric(length: number): string {
    return this.#faker.string.alphanumeric(length)
  }

  /** The draws of `faker.internet.password({ length })`, without the password: characters 33 to 127 until enough are word characters. */
  skipPassword(length: number): void {
    for (let kept = 0; kept < length; ) if (PASSWORD_KEEPS[this.#int(94)]) kept++
  }

  /** `faker.string.uuid()`: its 30 random hexadecimal digits from left to right, then the variant digit (8 to b, as faker rounds it). */
  uuid(): string {
    const codes = this.#uuid
    for (let i = 0; i < 36; i++) if (i !== 8 && i !== 13 && i !== 14 && i !== 18 && i !== 19 && i !== 23) codes[i] = HEX[this.#int(15)]!
    codes[19] = HEX[Math.floor(this.#next() * 4 + 8)]!
    return String.fromCharCode(...codes)
  }

  /** `faker.datatype.boolean({ probability })` */
  boolean(probability: number): boolean {
    return probability <= 0 ? false : probability >= 1 || this.#next() < probability
  }

  /** `faker.date.past({ years, refDate })`: a millisecond from `years` before `refDate` to a second before it. */
  past(years: number, refDate: string): Date {
    if (this.#past?.years !== years || this.#past.refDate !== refDate) {
      const reference = new Date(refDate)
      const from = new Date(reference)
      from.setUTCFullYear(from.getUTCFullYear() - years)
      this.#past = { years, refDate, from: from.getTime(), to: reference.getTime() - 1000 }
    }
    const { from, to } = this.#past
    return new Date(Math.floor(this.#next() * (to - from + 1) + from))
  }
}
