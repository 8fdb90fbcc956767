import { expandFixture, fixtureRecords, type Fixture, type FixtureData } from './data/fixture.js'
import { SeededRandom } from './data/seeded-random.js'
import { builtInFixtures, type FixtureName } from './data/fixtures.js'
import { FlashbackStore } from './data/store.js'
import { TokenSigner, randomTokenSecret } from './data/tokens.js'
import type { UserRecord } from './data/record-schemas.js'
import { createOperationCore, type OperationCore } from './operations/core.js'
import type { OperationInput, OperationResult } from './operations/context.js'
import { RequestLog } from './request-log.js'
import { FaultPlan } from './faults.js'
import { errorBody } from './spec/error-body.js'
import { getOperation } from './spec/operations.js'
import type { OperationId } from './spec/document.js'

export interface MockStateOptions {
  /** A built-in fixture's name or a fixture object. Default: `default`. */
  fixture?: FixtureName | Fixture
  /** Seed for new ids, made-up names and the users a fixture's `generatedUsers` asks for. Default: 1. */
  seed?: number
  /** Check every response against the document. Default: on under test runners (`NODE_ENV=test` or `VITEST`). */
  strict?: boolean
  /**
   * The secret the mock signs tokens with (HS256). Default: random for each mock, so its tokens
   * work with that mock only (across `reset()` and `useFixture()`); give one to keep tokens across restarts.
   */
  tokenSecret?: string
}

function resolveFixture(fixture: FixtureName | Fixture | undefined): Fixture {
  const found = typeof fixture === 'object' ? fixture : builtInFixtures[fixture ?? 'default']
  if (!found) throw new Error(`Unknown fixture "${String(fixture)}": use ${Object.keys(builtInFixtures).join(', ')} or a fixture object`)
  return found
}

function underTestRunner(): boolean {
  const env = typeof process === 'undefined' ? undefined : process.env
  return Boolean(env && (env.NODE_ENV === 'test' || env.VITEST))
}

/** A user of the loaded world with its bearer token. */
export interface MockUser {
  id: string
  email: string
  name: string
  lastName: string
  orgId: string | null
  orgRole: number | null
  deletedAt: string | null
  token: string
}

/**
 * One mock's world: the store, the seeded services and the operation core. Independent of msw,
 * so the msw handlers and the standalone server share it.
 */
export class MockState {
  readonly core: OperationCore
  #seed: number
  #data: FixtureData
  // Outlives the stores, so tokens stay valid across resets and fixture changes.
  readonly #tokens: TokenSigner
  #store: FlashbackStore
  // Re-seeded on every reset, so new ids and names start again from the seed.
  readonly #random: SeededRandom
  /** The journal and the contract violations since the last reset. */
  readonly log = new RequestLog()
  /** Faults and delays to inject; cleared by reset. */
  readonly faults = new FaultPlan()
  // Loads, resets and operations run in order, so nothing sees a half-loaded world.
  #queue: Promise<unknown>

  constructor(options: MockStateOptions = {}) {
    this.#seed = options.seed ?? 1
    this.#tokens = new TokenSigner(options.tokenSecret ?? randomTokenSecret())
    this.#store = new FlashbackStore(this.#tokens)
    const fixture = resolveFixture(options.fixture)
    // The fixture's own users are known at once (for `tokenFor`); generated ones join before the first request.
    this.#data = fixtureRecords(fixture)
    this.#random = new SeededRandom(this.#seed + 1)
    this.core = createOperationCore({
      store: () => this.#store,
      services: { now: () => new Date(), newId: () => this.#random.uuid() },
      strict: options.strict ?? underTestRunner(),
      exclusive: (task) => this.#exclusive(task),
    })
    this.#queue = Promise.resolve()
    void this.#load(fixture, this.#seed)
  }

  get seed(): number {
    return this.#seed
  }

  /** Switches to another fixture (and seed) and resets to it. */
  useFixture(fixture: FixtureName | Fixture, seed = this.#seed): Promise<void> {
    const resolved = resolveFixture(fixture)
    fixtureRecords(resolved) // a broken fixture is refused here, not at the next request
    return this.#load(resolved, seed)
  }

  // One queued task, so nothing queued meanwhile sees the old world or an empty store.
  #load(fixture: Fixture, seed: number): Promise<void> {
    return this.#exclusive(async () => {
      this.#data = await expandFixture(fixture, seed)
      this.#seed = seed
      await this.#restore()
    })
  }

  /**
   * Runs a task on the current world after every pending load, reset and request: how the arrange
   * helpers (`src/arrange.ts`) write.
   */
  arrange<T>(task: (world: { store: FlashbackStore; random: SeededRandom; defaultOrgId: string | null }) => Promise<T>): Promise<T> {
    return this.#exclusive(() => task({ store: this.#store, random: this.#random, defaultOrgId: this.#data.organizations[0]?.id ?? null }))
  }

  /** The current collections (they are replaced on reset). */
  get store(): FlashbackStore {
    return this.#store
  }

  /** Waits for pending loads and operations. */
  ready(): Promise<void> {
    return this.#exclusive(async () => undefined)
  }

  /** Restores the fixture: every change is gone and new ids start again from the seed. */
  reset(): Promise<void> {
    return this.#exclusive(() => this.#restore())
  }

  async #restore(): Promise<void> {
    const store = new FlashbackStore(this.#tokens)
    await store.load(this.#data)
    this.#store = store
    this.#random.seed(this.#seed + 1)
    this.log.clear()
    this.faults.clear()
  }

  /** The documented error body of an operation for an injected status. */
  faultResult(id: OperationId, method: string, path: string, status: number): OperationResult {
    this.log.record({ operationId: id, method, path, status, caller: null })
    return { status, body: errorBody(getOperation(id), status, status >= 500 ? 'Internal server error' : 'Injected fault', 'Injected by flashback-mock') }
  }

  /** Runs an operation for an adapter, recording the request if it broke the contract. */
  async answer(id: OperationId, method: string, path: string, input: OperationInput): Promise<OperationResult> {
    const result = await this.core.run(id, input)
    this.log.record({ operationId: id, method, path, status: result.status, caller: result.caller ?? null })
    if (result.violation) {
      const message = (result.body as { message?: string }).message ?? `${result.status}`
      this.log.recordViolation({ kind: result.violation, method, path, operationId: id, status: result.status, message })
    }
    return result
  }

  /** The bearer token of a user, by id or e-mail (case-insensitive). Throws for an unknown user. */
  tokenFor(userIdOrEmail: string): string {
    const user = this.#findUser(userIdOrEmail)
    if (!user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    return this.#store.tokenOf(user.id) ?? this.#tokens.mint(user)
  }

  /** The id of the first active user with this role in the first organization of the fixture. */
  userWithRole(role: number): string {
    const orgId = this.#data.organizations[0]?.id ?? null
    const user = this.#store.usersOf(orgId).find((u) => u.orgRole === role && u.deletedAt === null)
    if (!user) throw new Error(`No active user with role ${role} in organization "${orgId}"`)
    return user.id
  }

  /** Every user of the current world, with its token. */
  users(): MockUser[] {
    return this.#store.users.all().map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      lastName: u.lastName,
      orgId: u.orgId,
      orgRole: u.orgRole,
      deletedAt: u.deletedAt,
      token: this.tokenFor(u.id),
    }))
  }

  #findUser(userIdOrEmail: string): UserRecord | undefined {
    const loaded = this.#store.user(userIdOrEmail) ?? this.#store.userByEmail(userIdOrEmail)
    if (loaded) return loaded
    const wanted = userIdOrEmail.toLowerCase()
    return this.#data.users.find((u) => u.id === userIdOrEmail || u.email.toLowerCase() === wanted)
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task)
    this.#queue = result.catch(() => undefined)
    return result
  }
}
