import type { HttpHandler } from 'msw'
import { DEFAULT_BASE_URL, normaliseBaseUrl } from './adapters/base-url.js'
import { createMswHandlers } from './adapters/msw-handlers.js'
import type { UnhandledRequestStrategy } from './adapters/unmatched.js'
import type { Violation } from './operations/violations.js'
import type { FlashbackStore } from './data/store.js'
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

/** A Flashback Organization API mock: msw handlers over an in-memory world. */
export interface FlashbackMock {
  /** One msw handler per operation of the document, for `setupServer` or `setupWorker`. */
  readonly handlers: HttpHandler[]
  readonly baseUrl: string
  /** The current @msw/data collections: `organizations`, `users`, `tokens` (replaced on reset). */
  readonly db: Pick<FlashbackStore, 'organizations' | 'users' | 'tokens'>
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
  return {
    handlers: createMswHandlers(state, baseUrl, options.onUnhandledRequest ?? 'warn'),
    baseUrl,
    get db() {
      const { organizations, users, tokens } = state.store
      return { organizations, users, tokens }
    },
    get violations() {
      return state.violations
    },
    tokenFor: (userIdOrEmail) => state.tokenFor(userIdOrEmail),
    users: () => state.users(),
    reset: () => state.reset(),
    ready: () => state.ready(),
    state,
  }
}
