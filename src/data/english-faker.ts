import { Faker, base, en, type Randomizer } from '@faker-js/faker'

/** A faker with English data on a given random sequence; loaded only by `SeededRandom.english()`. */
export function englishFaker(randomizer: Randomizer): Faker {
  return new Faker({ locale: [en, base], randomizer })
}
