import { expandFixture, fixtureRecords, type Fixture, type FixtureData } from '../data/fixture.js'
import { relyingPartyOf } from '../data/passkeys.js'
import { SeededRandom } from '../data/seeded-random.js'
import { fixtureByName, fixtureNames, type FixtureName } from '../data/fixtures.js'
import { SessionStore, type IssuedTokens, type Session } from '../data/sessions.js'
import type { EmailToken } from '../data/email-tokens.js'
import type { OutboxMessage } from '../data/outbox.js'
import { FlashbackStore, type StoreSnapshot } from '../data/store.js'
import { TokenSigner, randomTokenSecret } from '../data/tokens.js'
import { totpCode } from '../data/totp.js'
import type { MfaMethod, MfaRecord } from '../data/account-records.js'
import { signInMethods } from '../data/mfa-state.js'
import { ProviderGrants, type Grant, type OAuthProvider, type ProviderIdentity } from '../data/provider-grants.js'
import type { UserRecord } from '../data/record-schemas.js'
import { createOperationCore, type OperationCore } from '../operations/core.js'
import { RequestLog } from './request-log.js'
import { FaultPlan } from './faults.js'
import { MockClock } from './clock.js'

export interface MockWorldOptions {
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
  /**
   * Where your app lives: the links of the e-mails in the outbox (verification, invitation, password reset)
   * lead to its pages, e.g. `http://localhost:5173/verify-email?token=…`. Default: `https://app.flashback.tech`.
   */
  appUrl?: string
  /**
   * The rpId of passkeys (WebAuthn): a host name, the one of the pages that register and use them or one they end
   * with. Default: `appUrl`'s host name (`app.flashback.tech`; `localhost` for `http://localhost:5173`). Pages on the
   * rpId or under it (https, or http on this machine) and `appUrl`'s origin may use them.
   */
  passkeyRpId?: string
}

/** Not documented: the links of e-mails lead here unless `appUrl` says otherwise. */
const DEFAULT_APP_URL = 'https://app.flashback.tech'

/** The app's URL without a trailing slash, so links join it with one; anything but an http(s) URL is refused. */
function appUrlOf(appUrl: string = DEFAULT_APP_URL): string {
  if (!/^https?:\/\/[^/\s]+/i.test(appUrl) || !URL.canParse(appUrl)) throw new Error(`appUrl must be an http or https URL, not "${appUrl}"`)
  return appUrl.replace(/\/+$/, '')
}

function resolveFixture(fixture: FixtureName | Fixture | undefined): Fixture {
  const found = typeof fixture === 'object' ? fixture : fixtureByName(fixture ?? 'default')
  if (!found) throw new Error(`Unknown fixture "${String(fixture)}": use ${fixtureNames.join(', ')} or a fixture object`)
  return found
}

function underTestRunner(): boolean {
  const env = typeof process === 'undefined' ? undefined : process.env
  return Boolean(env && (env.NODE_ENV === 'test' || env.VITEST))
}

/** Where a world comes from: what `reset()` goes back to. */
export interface WorldOrigin {
  fixture: FixtureName | Fixture
  seed: number
}

/**
 * Everything of a world that a restart should keep, as plain data, in named parts: the records, the sign-in
 * sessions, the clock's distance from real time and where the seeded sequence is (so new ids do not repeat
 * old ones). Faults and the journal are not kept: they describe a test or a moment, not the world.
 */
export interface WorldSnapshot {
  store: StoreSnapshot
  sessions: Session[]
  clock: { offsetMs: number }
  random: { state: number[] }
  /** The outbox and its e-mails' tokens; a state file saved before there was an outbox has none. */
  mail?: { outbox: OutboxMessage[]; tokens: EmailToken[] }
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
  /** The user's MFA: what `GET /mfa/status` shows, and whether a password sign-in asks for a second step. */
  mfa: MockUserMfa
}

/** A user's MFA as the mock's own views show it. */
export interface MockUserMfa {
  enabledMethods: MfaMethod[]
  primaryMethod: MfaMethod | null
  /** Whether `POST /user/login` answers the limited first step, to be finished with `POST /mfa/verify-login`. */
  twoStepSignIn: boolean
  /** Whether the user has a TOTP secret, so `mock.totp(email)` has a code. */
  totp: boolean
}

/** The view of the world that the arrange helpers (`./arrange.ts`) write to. */
export interface ArrangeScope {
  store: FlashbackStore
  random: SeededRandom
  defaultOrgId: string | null
}

/**
 * One mock's world: the store, the seeded services, the operation core, the injected faults and the
 * request log. Independent of msw and of every transport: each of them reaches it through the pipeline.
 */
export class MockWorld {
  readonly core: OperationCore
  /** Whether answers are checked against the documents so that a mismatch throws (see `MockWorldOptions.strict`). */
  readonly strict: boolean
  #seed: number
  #data: FixtureData
  // Outlives the stores, so tokens stay valid across resets and fixture changes.
  readonly #tokens: TokenSigner
  #store: FlashbackStore
  // Replaced, not emptied, by a reset: requests answered before the reset's load still see the old grants.
  #providers = new ProviderGrants()
  // Whether #store holds #data yet; until then reads answer from #data, which is plain data.
  #loaded = false
  // Re-seeded on every reset, so new ids and names start again from the seed.
  readonly #random: SeededRandom
  /** The world's name: `default`, or the name a server's request gave (`x-mock-world`). */
  readonly name: string
  /** The journal and the contract violations since the last reset. */
  readonly log: RequestLog
  /** Faults and delays to inject; cleared by reset. */
  readonly faults = new FaultPlan()
  /** The mock's time: token expiry and the timestamps it writes; back to real time on reset. */
  readonly clock = new MockClock(() => this.#changed())
  /**
   * Told after every change of the world (a write, a load, a reset, an arranged record, a clock move), once it
   * is done: a server with `--state` saves then. Reads never call it.
   */
  onChange: (() => void) | undefined
  /** Sign-in sessions (login, refresh, logout); emptied on reset. */
  readonly sessions = new SessionStore(() => this.clock.nowMs(), (claims) => this.#tokens.sign(claims))
  // Loads, resets, arrange tasks and writes run in order, so nothing sees a half-loaded world or a
  // half-done write; reads wait only for the tasks queued before them (decisions/016).
  #queue: Promise<unknown> = Promise.resolve()
  #queued = 0
  #lastLoad: Promise<void> | undefined
  // The fixture the world starts from, loaded at first use: a story module that creates a `large` mock but
  // never renders it does not fetch faker.
  #initial: { fixture: Fixture; seed: number } | undefined
  #origin: WorldOrigin
  #changes = 0

  constructor(options: MockWorldOptions = {}, name = 'default') {
    this.name = name
    this.log = new RequestLog(() => this.clock.nowMs(), name)
    this.#seed = options.seed ?? 1
    this.#tokens = new TokenSigner(options.tokenSecret ?? randomTokenSecret())
    this.#store = new FlashbackStore(this.#tokens, this.#providers)
    const fixture = resolveFixture(options.fixture)
    // A fixture's own users are known at once (for `users()` and `tokenFor()`); generated ones join at load.
    this.#data = fixtureRecords(fixture)
    this.#random = new SeededRandom(this.#seed + 1)
    this.strict = options.strict ?? underTestRunner()
    const appUrl = appUrlOf(options.appUrl)
    this.core = createOperationCore({
      store: () => this.#store,
      services: { now: () => this.clock.now(), newId: () => this.#random.uuid(), appUrl, relyingParty: relyingPartyOf(appUrl, options.passkeyRpId) },
      sessions: this.sessions,
      strict: this.strict,
      exclusive: (task) => this.#exclusive(task),
      shared: (task) => this.#shared(task),
    })
    this.#initial = { fixture, seed: this.#seed }
    this.#origin = { fixture: options.fixture ?? 'default', seed: this.#seed }
  }

  /** The fixture and seed the world was made from, or switched to last: what `reset()` goes back to. */
  get origin(): WorldOrigin {
    return this.#origin
  }

  get seed(): number {
    return this.#seed
  }

  /**
   * Switches to another fixture (and seed) and resets to it. Faults set from now on apply to the new
   * world: the ones set before are cleared at once, not when the load finishes.
   */
  useFixture(fixture: FixtureName | Fixture, seed = this.#seed): Promise<void> {
    const resolved = resolveFixture(fixture)
    const records = fixtureRecords(resolved) // a broken fixture is refused here, not at the next request
    this.faults.clear()
    this.log.clear()
    // Plain data is the new world at once; generated users need faker, so those fixtures switch when loaded.
    if (!resolved.generatedUsers?.length) {
      this.#data = records
      this.#seed = seed
      this.#loaded = false
    }
    this.#initial = undefined
    this.#origin = { fixture, seed }
    this.#providers = new ProviderGrants()
    return (this.#lastLoad = this.#load(resolved, seed))
  }

  // One queued task, so nothing queued meanwhile sees the old world or an empty store.
  #load(fixture: Fixture, seed: number): Promise<void> {
    return this.#exclusive(async () => {
      this.#data = await expandFixture(fixture, seed)
      this.#seed = seed
      await this.#restore()
    })
  }

  /** Runs a task on the current world after every pending load, reset and request. */
  arrange<T>(task: (scope: ArrangeScope) => Promise<T>): Promise<T> {
    return this.#exclusive(() => task({ store: this.#store, random: this.#random, defaultOrgId: this.#data.organizations[0]?.id ?? null }))
  }

  /** The current collections (they are replaced on reset). */
  get store(): FlashbackStore {
    return this.#store
  }

  /** Resolves when the latest fixture load or reset is done (requests may still be pending). */
  loaded(): Promise<void> {
    this.#start()
    return this.#lastLoad ?? Promise.resolve()
  }

  /** Waits for pending loads and operations. */
  ready(): Promise<void> {
    return this.#exclusive(async () => undefined, false)
  }

  /**
   * Reads the world's whole state in its queue, so no write is half done; `read` must use the snapshot before it
   * returns (the records are the store's own), e.g. turn it into JSON text. `changeCount` read there is the
   * snapshot's.
   */
  snapshot<T>(read: (snapshot: WorldSnapshot) => T): Promise<T> {
    return this.#exclusive(async () => read({ store: this.#store.snapshot(), sessions: this.sessions.snapshot(), clock: { offsetMs: this.clock.offsetMs }, random: { state: this.#random.state() }, mail: { outbox: this.#store.outbox.list(), tokens: this.#store.emailTokens.snapshot() } }), false)
  }

  /**
   * Puts the world in a saved state (from `snapshot()`), once its fixture has loaded: the fixture stays what
   * `reset()` goes back to. A record that breaks the schema rejects, and the world keeps the state it had.
   */
  restore(snapshot: WorldSnapshot): Promise<void> {
    this.#start()
    return (this.#lastLoad = this.#exclusive(async () => {
      const store = new FlashbackStore(this.#tokens, this.#providers)
      await store.load(snapshot.store)
      store.outbox.load(snapshot.mail?.outbox ?? [])
      store.emailTokens.load(snapshot.mail?.tokens ?? [])
      this.#store = store
      this.#loaded = true
      this.sessions.restore(snapshot.sessions)
      this.clock.restoreOffset(snapshot.clock.offsetMs)
      this.#random.continueFrom(snapshot.random.state)
    }))
  }

  /** Restores the fixture: every change is gone and new ids start again from the seed. Faults are cleared at once. */
  reset(): Promise<void> {
    this.faults.clear()
    // Cleared now, not when the queued restore runs: a request answered meanwhile (a fault needs no
    // loaded world) stays in the journal, and the first load of a world keeps what came before it.
    this.log.clear()
    this.clock.reset()
    this.#providers = new ProviderGrants()
    this.#loaded = false
    this.#start()
    return (this.#lastLoad = this.#exclusive(() => this.#restore()))
  }

  async #restore(): Promise<void> {
    const store = new FlashbackStore(this.#tokens, this.#providers)
    await store.load(this.#data)
    this.#store = store
    this.sessions.clear()
    this.#loaded = true
    this.#random.seed(this.#seed + 1)
  }

  /** The bearer token of a user, by id or e-mail (case-insensitive). Throws for an unknown user. */
  tokenFor(userIdOrEmail: string): string {
    const user = this.#findUser(userIdOrEmail)
    if (!user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    return this.#store.tokenOf(user.id) ?? this.#tokens.mint(user)
  }

  /**
   * Makes the access tokens of every sign-in (of one user, by id or e-mail, or of everyone) expire now,
   * so the next call is a 401 and the client's refresh path runs. Test tokens never expire.
   */
  expireTokens(userIdOrEmail?: string): number {
    const user = userIdOrEmail === undefined ? undefined : this.#findUser(userIdOrEmail)
    if (userIdOrEmail !== undefined && !user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    const expired = this.sessions.expireAccessTokens(user?.id)
    this.#changed()
    return expired
  }

  /**
   * The user and the TOTP code an authenticator app would show them now (on the mock's clock); no code when the
   * user has no TOTP secret (GOOGLE_AUTH not set up). Throws for an unknown user.
   */
  totpCode(userIdOrEmail: string): { id: string; email: string; code?: string } {
    const user = this.#findUser(userIdOrEmail)
    if (!user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    const secret = this.#mfaRecordOf(user.id)?.totpSecret
    return { id: user.id, email: user.email, ...(secret === undefined ? {} : { code: totpCode(secret, this.clock.now().getTime()) }) }
  }

  /**
   * Signs a user in at a provider, as its consent screen would: a code and an access token this world's
   * `/auth/{provider}` calls accept. The e-mail need not be a user's yet: the first sign-in makes one.
   */
  grantSignIn(provider: OAuthProvider, identity: ProviderIdentity): Grant {
    return this.#providers.grant(provider, identity, this.clock.nowMs())
  }

  /** Links a Stellar address to who signs in with it (`POST /auth/web3`). */
  linkWallet(address: string, identity: ProviderIdentity): void {
    this.#providers.linkWallet(address, identity)
  }

  /** Whether the world has this user, by id or e-mail (case-insensitive). */
  hasUser(userIdOrEmail: string): boolean {
    return this.#findUser(userIdOrEmail) !== undefined
  }

  /** The id of the first active user with this role in the first organization of the fixture. */
  userWithRole(role: number): string {
    const orgId = this.#data.organizations[0]?.id ?? null
    const user = this.#currentUsers().find((u) => u.orgId === orgId && u.orgRole === role && u.deletedAt === null)
    if (!user) throw new Error(`No active user with role ${role} in organization "${orgId}"`)
    return user.id
  }

  /** Every user of the current world, with its token; right after a load starts, the fixture's own users. */
  users(): MockUser[] {
    return this.#currentUsers().map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      lastName: u.lastName,
      orgId: u.orgId,
      orgRole: u.orgRole,
      deletedAt: u.deletedAt,
      token: this.tokenFor(u.id),
      mfa: this.#mfaOf(u),
    }))
  }

  // Read without a copy: `users()` of a large world asks it for every user.
  #mfaRecordOf(userId: string): Readonly<MfaRecord> | undefined {
    return this.#loaded ? this.#store.account.mfaRecordOf(userId) : this.#data.mfa?.[userId]
  }

  #mfaOf(user: UserRecord): MockUserMfa {
    const mfa = this.#mfaRecordOf(user.id) ?? { enabledMethods: [] }
    const orgId = user.orgId
    const organization = orgId === null ? undefined : this.#loaded ? this.#store.organization(orgId) : this.#data.organizations.find((o) => o.id === orgId)
    return {
      enabledMethods: [...mfa.enabledMethods],
      primaryMethod: mfa.primaryMethod ?? null,
      twoStepSignIn: signInMethods(mfa, organization?.mfaEnforced ?? false).length > 0,
      totp: mfa.totpSecret !== undefined,
    }
  }

  /** The world's organizations (id, name, deletedAt), deleted ones included; right after a load starts, the fixture's. */
  organizations(): { id: string; name: string; deletedAt: string | null }[] {
    const all = this.#loaded ? this.#store.organizations.all() : this.#data.organizations
    return all.map((o) => ({ id: o.id, name: o.name, deletedAt: o.deletedAt }))
  }

  /**
   * Starts a session for a user without its password, as a login would: access and refresh tokens.
   * Throws for an unknown or deleted user.
   */
  signIn(userIdOrEmail: string): { tokens: IssuedTokens; user: UserRecord } {
    const user = this.#findUser(userIdOrEmail)
    if (!user) throw new Error(`No user "${userIdOrEmail}" in the mock`)
    if (user.deletedAt !== null) throw new Error(`User "${user.email}" is deleted: a deleted user cannot sign in (activate it first)`)
    return { tokens: this.sessions.start(user), user }
  }

  /** How many users the world has, deleted ones included. */
  userCount(): number {
    return this.#loaded ? this.#store.users.count() : this.#data.users.length
  }

  #currentUsers(): readonly UserRecord[] {
    return this.#loaded ? this.#store.users.all() : this.#data.users
  }

  #findUser(userIdOrEmail: string): UserRecord | undefined {
    const loaded = this.#store.user(userIdOrEmail) ?? this.#store.userByEmail(userIdOrEmail)
    if (loaded) return loaded
    const wanted = userIdOrEmail.toLowerCase()
    return this.#data.users.find((u) => u.id === userIdOrEmail || u.email.toLowerCase() === wanted)
  }

  /** Queues the initial fixture load, once, ahead of whatever first needs the world. */
  #start(): void {
    const initial = this.#initial
    if (!initial) return
    this.#initial = undefined
    this.#lastLoad = this.#load(initial.fixture, initial.seed)
  }

  // `changes`: whether the task may change the world (then `onChange` is told once it is done).
  #exclusive<T>(task: () => T | Promise<T>, changes = true): Promise<T> {
    this.#start()
    this.#queued++
    const result = this.#queue.then(task)
    const settled = () => {
      this.#queued--
      if (changes) this.#changed()
    }
    this.#queue = result.then(settled, settled)
    return result
  }

  #changed(): void {
    this.#changes++
    this.onChange?.()
  }

  /** Forgets the outbox's e-mails (their tokens keep working), at once: a change a saved world must keep too. */
  clearOutbox(): void {
    this.#store.outbox.clear()
    this.#changed()
  }

  /** How many changes the world has had: unchanged, a saved copy of it is still current. */
  get changeCount(): number {
    return this.#changes
  }

  // Not queued itself: later writes do not wait for it, nor do reads for each other.
  #shared<T>(task: () => T | Promise<T>): T | Promise<T> {
    this.#start()
    return this.#queued === 0 ? task() : this.#queue.then(task)
  }
}
