import { Faker } from '@faker-js/faker'
import { expandFixture, seededFaker, type Fixture, type FixtureData } from './data/fixture.js'
import { builtInFixtures, type FixtureName } from './data/fixtures.js'
import { FlashbackStore } from './data/store.js'
import { mintToken } from './data/tokens.js'
import type { OrganizationRecord, UserRecord } from './data/record-schemas.js'
import { createOperationCore, type OperationCore } from './operations/core.js'
import type { OperationInput, OperationResult } from './operations/context.js'
import { VIOLATION_LIMIT, type Violation } from './operations/violations.js'
import { JOURNAL_LIMIT, type JournalEntry } from './operations/journal.js'
import { FaultPlan } from './faults.js'
import { errorBody } from './spec/error-body.js'
import { getOperation } from './spec/operations.js'
import type { OperationId } from './spec/document.js'

export interface MockStateOptions {
  /** A built-in fixture's name or a fixture object. Default: `default`. */
  fixture?: FixtureName | Fixture
  /** Seed for generated users and new ids. Default: 1. */
  seed?: number
  /** Check every response against the document. Default: on under test runners (`NODE_ENV=test` or `VITEST`). */
  strict?: boolean
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
  #store = new FlashbackStore()
  // Re-seeded on every reset: seeding is far cheaper than building a Faker.
  readonly #ids: Faker
  #violations: Violation[] = []
  #journal: JournalEntry[] = []
  /** Faults and delays to inject; cleared by reset. */
  readonly faults = new FaultPlan()
  // Loads, resets and operations run in order, so nothing sees a half-loaded world.
  #queue: Promise<unknown>

  constructor(options: MockStateOptions = {}) {
    this.#seed = options.seed ?? 1
    this.#data = expandFixture(resolveFixture(options.fixture), seededFaker(this.#seed))
    this.#ids = seededFaker(this.#seed + 1)
    this.core = createOperationCore({
      store: () => this.#store,
      services: { now: () => new Date(), newId: () => this.#ids.string.uuid() },
      strict: options.strict ?? underTestRunner(),
      exclusive: (task) => this.#exclusive(task),
    })
    this.#queue = Promise.resolve()
    void this.reset()
  }

  get seed(): number {
    return this.#seed
  }

  /** Switches to another fixture (and seed) and resets to it. */
  useFixture(fixture: FixtureName | Fixture, seed = this.#seed): Promise<void> {
    const data = expandFixture(resolveFixture(fixture), seededFaker(seed))
    return this.#exclusive(async () => {
      this.#data = data
      this.#seed = seed
    }).then(() => this.reset())
  }

  /**
   * Creates a user of any role in one call and returns it with its token; defaults: a validated
   * USER with a faker name in the fixture's first organization.
   * @example
   * const { user, token } = await mock.state.createUser({ orgRole: 254 })
   */
  createUser(values: Partial<Omit<UserRecord, 'id' | 'createdAt'>> = {}): Promise<{ user: UserRecord; token: string }> {
    return this.#exclusive(async () => {
      const name = values.name ?? this.#ids.person.firstName()
      const lastName = values.lastName ?? this.#ids.person.lastName()
      const orgId = values.orgId === undefined ? (this.#data.organizations[0]?.id ?? null) : values.orgId
      const domain = (orgId && this.#store.organization(orgId)?.domain) || 'example.com'
      const user = await this.#store.addUser({
        id: this.#ids.string.uuid(),
        email: values.email ?? `${name}.${lastName}.${this.#ids.string.alphanumeric(4)}@${domain}`.toLowerCase(),
        name,
        lastName,
        orgId,
        orgRole: values.orgRole === undefined ? (orgId === null ? null : 0) : values.orgRole,
        validated: values.validated ?? true,
        deletedAt: values.deletedAt ?? null,
        password: values.password ?? 'Password123!',
        authMethod: values.authMethod ?? 'LOCAL',
        createdAt: new Date().toISOString(),
      })
      return { user: { ...user }, token: this.#store.tokenOf(user.id)! }
    })
  }

  /**
   * Creates an organization with its OWNER in one call.
   * @example
   * const { organization, owner } = await mock.state.createOrganization({ name: 'Initech' })
   */
  createOrganization(values: Partial<OrganizationRecord> = {}): Promise<{ organization: OrganizationRecord; owner: { user: UserRecord; token: string } }> {
    const organization = this.#exclusive(async () => {
      const name = values.name ?? this.#ids.company.name()
      const domain = values.domain ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`
      return { ...(await this.#store.organizations.create({
        id: this.#ids.string.uuid(), name, domain, address1: null, address2: null, city: null, zipcode: null, phone: null,
        state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false,
        ...values,
      })) }
    })
    return organization.then(async (created) => ({ organization: created, owner: await this.createUser({ orgId: created.id, orgRole: 255 }) }))
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
    return this.#exclusive(async () => {
      const store = new FlashbackStore()
      await store.load(this.#data)
      this.#store = store
      this.#ids.seed(this.#seed + 1)
      this.#violations = []
      this.#journal = []
      this.faults.clear()
    })
  }

  /**
   * The requests answered since the last reset, oldest first (the latest 1000), optionally of one operation.
   * @example
   * expect(mock.journal({ operationId: 'deleteOrganizationUser' })).toHaveLength(1)
   */
  journal(filter: { operationId?: OperationId | null } = {}): JournalEntry[] {
    return filter.operationId === undefined ? [...this.#journal] : this.#journal.filter((e) => e.operationId === filter.operationId)
  }

  record(entry: Omit<JournalEntry, 'at'>): void {
    this.#journal.push({ ...entry, at: new Date().toISOString() })
    if (this.#journal.length > JOURNAL_LIMIT) this.#journal.shift()
  }

  /** Every request that broke the contract since the last reset, oldest first (the latest 1000). */
  get violations(): readonly Violation[] {
    return [...this.#violations]
  }

  recordViolation(violation: Violation): void {
    if (violation.operationId === null) {
      this.record({ operationId: null, method: violation.method, path: violation.path, status: violation.status, caller: null })
    }
    this.#violations.push(violation)
    if (this.#violations.length > VIOLATION_LIMIT) this.#violations.shift()
  }

  /** The documented error body of an operation for an injected status. */
  faultResult(id: OperationId, method: string, path: string, status: number): OperationResult {
    this.record({ operationId: id, method, path, status, caller: null })
    return { status, body: errorBody(getOperation(id), status, status >= 500 ? 'Internal server error' : 'Injected fault', 'Injected by flashback-mock') }
  }

  /** Runs an operation for an adapter, recording the request if it broke the contract. */
  async answer(id: OperationId, method: string, path: string, input: OperationInput): Promise<OperationResult> {
    const result = await this.core.run(id, input)
    this.record({ operationId: id, method, path, status: result.status, caller: result.caller ?? null })
    if (result.violation) {
      const message = (result.body as { message?: string }).message ?? `${result.status}`
      this.recordViolation({ kind: result.violation, method, path, operationId: id, status: result.status, message })
    }
    return result
  }

  /** The bearer token of a user, by id or e-mail (case-insensitive). Throws for an unknown user. */
  tokenFor(userIdOrEmail: string): string {
    const user = this.#findUser(userIdOrEmail)
    if (!user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    return this.#store.tokenOf(user.id) ?? mintToken(user)
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
