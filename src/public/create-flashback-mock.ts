import type { HttpHandler } from 'msw'
import { roleByName, type OrgRoleName } from '../access/roles.js'
import { BaseUrls, DEFAULT_BASE_URLS } from '../adapters/base-url.js'
import { createMockFetch, type OtherHosts } from '../adapters/fetch.js'
import { createMswHandlers } from '../adapters/msw-handlers.js'
import type { Fixture } from '../data/fixture.js'
import type { FixtureName } from '../data/fixtures.js'
import type { EmailKind, OutboxFilter, OutboxMessage } from '../data/outbox.js'
import type { FlashbackStore } from '../data/store.js'
import { arrangeOrganization, arrangeUser } from '../mock/arrange.js'
import type { MockClockControl } from '../mock/clock.js'
import type { Fault, FaultOptions, Latency } from '../mock/faults.js'
import { createPipeline, type Pipeline } from '../mock/pipeline.js'
import type { UnhandledRequestStrategy } from '../mock/unmatched.js'
import { MockWorld, type MockUser, type MockWorldOptions } from '../mock/world.js'
import type { JournalEntry } from '../operations/journal.js'
import type { Violation } from '../operations/violations.js'
import type { OperationId } from '../spec/document.js'
import { providersOf, type MockProviders } from '../mock/providers.js'

export interface FlashbackMockOptions extends MockWorldOptions {
  /**
   * Where the API lives: one URL or several. Default: both Flashback hosts, the docs'
   * `https://backend.flashback.tech` (first, so `mock.baseUrl`) and the official client's `https://api.flashback.tech`.
   */
  baseUrl?: string | readonly string[]
  /**
   * A request under the base URL that matches no operation gets a 404 naming the closest operations
   * and is recorded in `violations`; this says whether to also warn (default), print an error, call
   * back, or `bypass` (let msw's own unhandled-request option decide).
   */
  onUnhandledRequest?: UnhandledRequestStrategy
  /** What `mock.fetch` does with a URL under none of the base URLs: reject (default) or hand it to this fetch. */
  fetchOtherHosts?: OtherHosts
}

/** What `mock.request()` resolves with: the status, headers and parsed JSON body. */
export interface MockResponse<Body = any> {
  status: number
  headers: Headers
  body: Body
}

/** The e-mails a mock's world has sent (`mock.outbox`): verification, invitation and password reset, oldest first. */
export interface MockOutbox {
  /**
   * The e-mails kept (at most 1,000, the oldest dropped), optionally of one recipient (any case) or kind.
   * @example
   * expect(mock.outbox.messages({ to: 'new.user@acme.com' })).toHaveLength(1)
   */
  messages(filter?: OutboxFilter): OutboxMessage[]
  /**
   * The newest e-mail to a recipient, of one kind if given: its `token` is what the page's call sends.
   * @example
   * const { token } = mock.outbox.latest('new.user@acme.com', 'verification')!
   */
  latest(to: string, kind?: EmailKind): OutboxMessage | undefined
  /**
   * Forgets every e-mail; their tokens keep working. `reset()` empties the outbox too.
   * @example
   * mock.outbox.clear()
   */
  clear(): void
}

/** Who `mock.request()` calls as: a role name (the first active user of that role in the first organization), a user id or an e-mail. */
export type CallAs = OrgRoleName | (string & {})

/** A Flashback Organization API mock: one world, reached through msw handlers, `fetch` or `request()`. */
export interface FlashbackMock {
  /** One msw handler per operation of the document, for `setupServer` or `setupWorker`. */
  readonly handlers: HttpHandler[]
  /** The first base URL (by default the docs' `https://backend.flashback.tech`). */
  readonly baseUrl: string
  /** Every base URL the mock answers under. */
  readonly baseUrls: readonly string[]
  /** The current @msw/data collections: `organizations`, `users` (replaced on reset). */
  readonly db: Pick<FlashbackStore, 'organizations' | 'users'>
  /** The bearer token of a user, by id or e-mail. Answers right after `createFlashbackMock()`. */
  tokenFor(userIdOrEmail: string): string
  /**
   * Every user of the world with its token and its MFA. Answers right after `createFlashbackMock()`.
   * @example
   * const enrolled = mock.users().filter((u) => u.mfa.twoStepSignIn) // Raphael Howell in the default fixture
   */
  users(): MockUser[]
  /** Back to the fixture; resolves when done. Cheap enough for every `beforeEach`. Faults are cleared at once. */
  reset(): Promise<void>
  /** Resolves when the fixture is loaded and every pending request has been answered. */
  ready(): Promise<void>
  /**
   * Every request since the last reset that broke the contract: a missing or bad token, a body or
   * parameter the document forbids, an unknown route. `expect(mock.violations).toEqual([])`.
   */
  readonly violations: readonly Violation[]
  /**
   * The requests answered since the last reset (operation, caller, status, time), optionally of one
   * operation: `expect(mock.journal({ operationId: 'deleteOrganizationUser' })).toHaveLength(1)`.
   */
  journal(filter?: { operationId?: OperationId | null }): JournalEntry[]
  /**
   * A WHATWG `fetch` answering through the mock without intercepting anything: same statuses, bodies,
   * journal and violations as the msw handlers. A path is taken relative to `baseUrl`.
   * @example
   * vi.stubGlobal('fetch', mock.fetch)
   */
  readonly fetch: typeof fetch
  /**
   * Sends a request in memory (through `mock.fetch`) and parses the answer.
   * @example
   * const { status, body } = await mock.request('/organization/users', {}, { as: 'WORKSPACES' })
   */
  request<Body = any>(path: string, init?: RequestInit, options?: { as?: CallAs }): Promise<MockResponse<Body>>
  /**
   * Makes an operation (or `'*'`, all) fail: a status from 400 to 599 with the endpoint's documented
   * body, a network error, or no response ever; once, N times (`{ times }`) or always. Effective at
   * once; throws for an unknown operationId. Returns a function that undoes it.
   * @example
   * mock.fail('listOrganizationUsers', { status: 500 }, { times: 1 })
   */
  fail(target: OperationId | '*', fault?: Fault, options?: FaultOptions): () => void
  /**
   * Delays an operation (or all) by ms, or by msw's realistic delay (`'real'`). Works with fake timers.
   * @example
   * mock.delay('*', 2000)
   */
  delay(target: OperationId | '*', latency: Latency, options?: FaultOptions): () => void
  /** Arrange helpers: a user of any role, or an organization with its OWNER, in one call, with tokens. */
  readonly arrange: {
    user(values?: Parameters<typeof arrangeUser>[1]): ReturnType<typeof arrangeUser>
    organization(values?: Parameters<typeof arrangeOrganization>[1]): ReturnType<typeof arrangeOrganization>
  }
  /** Switches to another fixture (a built-in name or an object), optionally with another seed, and resets. */
  useFixture(fixture: FixtureName | Fixture, seed?: number): Promise<void>
  /**
   * The mock's clock: access tokens from `POST /user/login` expire after an hour of it, and the
   * timestamps the mock writes follow it. Not `Date`: `vi.useFakeTimers()` neither stops nor moves it.
   * `reset()` brings it back to real time.
   * @example
   * mock.clock.advance('61m') // the next call with that access token is a 401; refresh renews it
   */
  readonly clock: MockClockControl
  /**
   * Expires the access tokens of every sign-in now, of one user (id or e-mail) or of everyone, so the
   * next call gets 401 and the client's refresh path runs. Returns how many expired. Test tokens
   * (`tokenFor`) never expire.
   * @example
   * mock.expireTokens('john.doe@acme.com')
   */
  expireTokens(userIdOrEmail?: string): number
  /**
   * Every e-mail the backend would have sent since the last reset, with its token and its link to your app
   * (the `appUrl` option): register's verification, a created user's invitation, a password reset.
   * @example
   * await mock.fetch('/user/request-reset-password', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'john.doe@acme.com' }) })
   * const { token } = mock.outbox.latest('john.doe@acme.com', 'password-reset')!
   */
  readonly outbox: MockOutbox
  /**
   * The code a user's authenticator app shows now, on the mock's clock: what `POST /mfa/verify-setup` and
   * `POST /mfa/verify-login` take for GOOGLE_AUTH. Throws for an unknown user or one without GOOGLE_AUTH set up
   * (`POST /mfa/setup`, or a `totpSecret` in the fixture's `mfa`).
   * @example
   * const code = mock.totp('john.doe@acme.com')
   * await client.verifyMFALogin({ mfaType: 'GOOGLE_AUTH', code })
   */
  totp(userIdOrEmail: string): string
  /**
   * The mock standing in for Google, GitHub, Microsoft and a Stellar wallet: says who signs in with which, and
   * gives the code, token or signature the world's `/auth/…` calls accept.
   * @example
   * const { code } = mock.providers.grant('google', 'new.user@gmail.com')
   * const { authState } = await client.exchangeCode(code, ProviderType.GOOGLE)
   */
  readonly providers: MockProviders
}

const worlds = new WeakMap<FlashbackMock, () => MockWorld>()

/** The world behind a mock: for the server entry and the project's own tests, not part of the public API. */
export function worldOf(mock: FlashbackMock): MockWorld {
  return worlds.get(mock)!()
}

/** What a `FlashbackMock` is made of: the world it shows and the pipeline its `fetch` and handlers answer through. */
export interface MockParts {
  /** The world, looked up on each use: a server's named world may have been dropped and made afresh. */
  world: () => MockWorld
  pipeline: Pipeline
  baseUrls: BaseUrls
  onUnhandledRequest: UnhandledRequestStrategy
  fetchOtherHosts: OtherHosts
  /** Headers `fetch` and `request()` add to every request: a server's world names itself with `x-mock-world`. */
  headers?: Record<string, string>
}

/**
 * Creates a mock of the Flashback Organization API.
 * @example
 * const mock = createFlashbackMock()
 * const server = setupServer(...mock.handlers)
 * beforeEach(() => mock.reset())
 * await fetch('https://backend.flashback.tech/organization/users', {
 *   headers: { Authorization: `Bearer ${mock.tokenFor('john.doe@acme.com')}` },
 * })
 */
export function createFlashbackMock(options: FlashbackMockOptions = {}): FlashbackMock {
  const world = new MockWorld(options)
  const onUnhandledRequest = options.onUnhandledRequest ?? 'warn'
  return mockOver({
    world: () => world,
    pipeline: createPipeline(() => world, onUnhandledRequest),
    baseUrls: new BaseUrls(options.baseUrl ?? DEFAULT_BASE_URLS),
    onUnhandledRequest,
    fetchOtherHosts: options.fetchOtherHosts ?? 'error',
  })
}

/** The public face of one world: the same for an in-process mock and for each of a server's worlds. */
export function mockOver(parts: MockParts): FlashbackMock {
  const { world: current, pipeline, baseUrls, onUnhandledRequest } = parts
  const mockFetch = createMockFetch(pipeline, baseUrls, parts.fetchOtherHosts, parts.headers)
  let handlers: HttpHandler[] | undefined
  const mock: FlashbackMock = {
    // Built on first use: a server on the core engine never needs them.
    get handlers() {
      return (handlers ??= createMswHandlers(pipeline, baseUrls, onUnhandledRequest))
    },
    baseUrl: baseUrls.primary,
    baseUrls: baseUrls.urls,
    get db() {
      const { organizations, users } = current().store
      return { organizations, users }
    },
    get violations() {
      return current().log.violations
    },
    journal: (filter) => current().log.journal(filter),
    arrange: {
      user: (values) => arrangeUser(current(), values),
      organization: (values) => arrangeOrganization(current(), values),
    },
    useFixture: (fixture, seed) => current().useFixture(fixture, seed),
    clock: {
      now: () => current().clock.now(),
      advance: (by) => current().clock.advance(by),
      set: (date) => current().clock.set(date),
    },
    expireTokens: (userIdOrEmail) => current().expireTokens(userIdOrEmail),
    outbox: {
      messages: (filter) => current().store.outbox.list(filter),
      latest: (to, kind) => current().store.outbox.latest(to, kind),
      clear: () => current().clearOutbox(),
    },
    totp(userIdOrEmail) {
      const { code } = current().totpCode(userIdOrEmail)
      if (code === undefined) throw new Error(`"${userIdOrEmail}" has no TOTP secret: set GOOGLE_AUTH up first (POST /mfa/setup)`)
      return code
    },
    providers: providersOf(current),
    fail: (target, fault = { status: 500 }, faultOptions) => current().faults.fail(target, fault, faultOptions),
    delay: (target, latency, faultOptions) => current().faults.delay(target, latency, faultOptions),
    fetch: mockFetch,
    async request(path, init = {}, { as } = {}) {
      const headers = new Headers(init.headers)
      if (as !== undefined) {
        const role = roleByName(as)
        headers.set('Authorization', `Bearer ${current().tokenFor(role === undefined ? as : current().userWithRole(role))}`)
      }
      if (init.body != null && !headers.has('content-type')) headers.set('Content-Type', 'application/json')
      const response = await mockFetch(path, { ...init, headers })
      const text = await response.text()
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
    },
    tokenFor: (userIdOrEmail) => current().tokenFor(userIdOrEmail),
    users: () => current().users(),
    reset: () => current().reset(),
    ready: () => current().ready(),
  }
  worlds.set(mock, current)
  return mock
}
