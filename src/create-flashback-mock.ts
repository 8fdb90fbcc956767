import { getResponse, type HttpHandler } from 'msw'
import { roleByName, type OrgRoleName } from './access/roles.js'
import { DEFAULT_BASE_URL, normaliseBaseUrl } from './adapters/base-url.js'
import { createMswHandlers } from './adapters/msw-handlers.js'
import type { UnhandledRequestStrategy } from './adapters/unmatched.js'
import type { Violation } from './operations/violations.js'
import type { JournalEntry } from './operations/journal.js'
import type { Fault, FaultOptions, Latency } from './faults.js'
import type { Fixture } from './data/fixture.js'
import type { FixtureName } from './data/fixtures.js'
import type { OperationId } from './spec/document.js'
import type { FlashbackStore } from './data/store.js'
import { arrangeOrganization, arrangeUser } from './arrange.js'
import { MockState, type MockStateOptions, type MockUser } from './mock-state.js'

export interface FlashbackMockOptions extends MockStateOptions {
  /** Where the API lives. Default: `https://backend.flashback.tech`. */
  baseUrl?: string
  /**
   * A request under the base URL that matches no operation gets a 404 naming the closest operations
   * and is recorded in `violations`; this says whether to also warn (default), print an error, call
   * back, or `bypass` (let msw's own `onUnhandledRequest` decide).
   */
  onUnhandledRequest?: UnhandledRequestStrategy
}

/** What `mock.request()` resolves with: the status, headers and parsed JSON body. */
export interface MockResponse<Body = any> {
  status: number
  headers: Headers
  body: Body
}

/** Who `mock.request()` calls as: a role name (the first active user of that role in the first organization), a user id or an e-mail. */
export type CallAs = OrgRoleName | (string & {})

/** A Flashback Organization API mock: msw handlers over an in-memory world. */
export interface FlashbackMock {
  /** One msw handler per operation of the document, for `setupServer` or `setupWorker`. */
  readonly handlers: HttpHandler[]
  readonly baseUrl: string
  /** The current @msw/data collections: `organizations`, `users` (replaced on reset). */
  readonly db: Pick<FlashbackStore, 'organizations' | 'users'>
  /** The bearer token of a user, by id or e-mail. */
  tokenFor(userIdOrEmail: string): string
  /** Every user of the world with its token. */
  users(): MockUser[]
  /** Back to the fixture; resolves when done. Cheap enough for every `beforeEach`. */
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
   * Sends a request through the handlers in memory: no sockets, no patching of the global fetch.
   * @example
   * const { status, body } = await mock.request('/organization/users', {}, { as: 'WORKSPACES' })
   */
  request<Body = any>(path: string, init?: RequestInit, options?: { as?: CallAs }): Promise<MockResponse<Body>>
  /**
   * Makes an operation (or `'*'`, all) fail: a status with the endpoint's documented body, a network
   * error, or no response ever; once, N times (`{ times }`) or always. Returns a function that undoes it.
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
  /** The msw-independent world behind the handlers (used by the standalone server). */
  readonly state: MockState
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
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const state = new MockState(options)
  const handlers = createMswHandlers(state, baseUrl, options.onUnhandledRequest ?? 'warn')
  return {
    handlers,
    baseUrl,
    get db() {
      const { organizations, users } = state.store
      return { organizations, users }
    },
    get violations() {
      return state.log.violations
    },
    journal: (filter) => state.log.journal(filter),
    arrange: {
      user: (values) => arrangeUser(state, values),
      organization: (values) => arrangeOrganization(state, values),
    },
    useFixture: (fixture, seed) => state.useFixture(fixture, seed),
    fail: (target, fault = { status: 500 }, options) => state.faults.fail(target, fault, options),
    delay: (target, latency, options) => state.faults.delay(target, latency, options),
    async request(path, init = {}, { as } = {}) {
      await state.ready()
      const headers = new Headers(init.headers)
      if (as !== undefined) headers.set('Authorization', `Bearer ${state.tokenFor(roleByName(as) === undefined ? as : state.userWithRole(roleByName(as)!))}`)
      if (init.body != null && !headers.has('content-type')) headers.set('Content-Type', 'application/json')
      const response = (await getResponse(handlers, new Request(baseUrl + path, { ...init, headers }))) ??
        Response.json({ success: false, message: `No operation ${init.method ?? 'GET'} ${path}` }, { status: 404 })
      const text = await response.text()
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
    },
    tokenFor: (userIdOrEmail) => state.tokenFor(userIdOrEmail),
    users: () => state.users(),
    reset: () => state.reset(),
    ready: () => state.ready(),
    state,
  }
}
