import type { Faker, Randomizer } from '@faker-js/faker'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'
import { v4 as uuidV4 } from 'uuid'

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * One seeded random sequence for a mock (pure-rand's xoroshiro128+). Ids need only this; names need
 * faker's English data, which is most of faker's size, so that faker is loaded on first use and draws
 * from the same sequence: a mock that never makes up a name never loads it.
 * @example
 * const random = new SeededRandom(1)
 * random.uuid() // the same for every mock seeded with 1
 * const { person } = await random.english()
 */
export class SeededRandom {
  #generator: RandomGenerator
  #english: Promise<Faker> | undefined
  /** This sequence in the shape faker takes. */
  readonly #randomizer: Randomizer = {
    next: () => this.float(),
    seed: (seed) => this.seed(Array.isArray(seed) ? (seed[0] ?? 0) : seed),
  }

  constructor(seed: number) {
    this.#generator = xoroshiro128plus(seed)
  }

  /** Starts the sequence again from a seed. */
  seed(seed: number): void {
    this.#generator = xoroshiro128plus(seed)
  }

  /** Where the sequence is: saved with a world, so ids made after a restart do not repeat the ones made before it. */
  state(): number[] {
    return [...this.#generator.getState()]
  }

  /** Continues the sequence from a `state()`. */
  continueFrom(state: readonly number[]): void {
    this.#generator = xoroshiro128plusFromState(state)
  }

  /** A float in [0, 1): what faker's calls draw from this sequence, one or more each. */
  float(): number {
    return uniformFloat64(this.#generator)
  }

  uuid(): string {
    return uuidV4({ random: Uint8Array.from({ length: 16 }, () => uniformInt(this.#generator, 0, 255)) })
  }

  alphanumeric(length: number): string {
    return Array.from({ length }, () => ALPHANUMERIC[uniformInt(this.#generator, 0, ALPHANUMERIC.length - 1)]).join('')
  }

  /** A faker with English data on this sequence. */
  english(): Promise<Faker> {
    this.#english ??= import('./english-faker.js').then(({ englishFaker }) => englishFaker(this.#randomizer))
    return this.#english
  }
}
