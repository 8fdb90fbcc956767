// The Playwright entry (`flashback-mock/playwright`): a test fixture that gives each test a world of its own
// on one running server, so parallel workers never see each other's users, faults or clock.
import { test as base, type APIRequestContext } from '@playwright/test'
import type { Duration } from './mock/clock.js'
import type { Fault, FaultOptions, Latency } from './mock/faults.js'
import type { EmailKind, OutboxFilter, OutboxMessage } from './data/outbox.js'
import type { MockUser } from './mock/world.js'
import { WORLD_COOKIE, WORLD_HEADER } from './mock/world-name.js'
import type { JournalEntry } from './operations/journal.js'
import type { OperationId } from './spec/document.js'

/** A test's own world on the server, and the mock's helpers for it (each one call to the control API). */
export interface MockWorldHelpers {
  /** The world's name, unique to the test (and to its retry). */
  readonly name: string
  /** The server's base URL. */
  readonly url: string
  /** The header that puts a request in this world: give it to any client the test makes itself. */
  readonly headers: Readonly<Record<string, string>>
  /** Every user of the world with its bearer token. */
  users(): Promise<MockUser[]>
  /** A user's bearer token, by id or e-mail. */
  tokenFor(userIdOrEmail: string): Promise<string>
  /** Makes an operation (or `'*'`) fail in this world only: a status, a network error or no response. */
  fail(target: OperationId | '*', fault?: Fault, options?: FaultOptions): Promise<void>
  /** Delays an operation (or `'*'`) in this world only. */
  delay(target: OperationId | '*', latency: Latency, options?: FaultOptions): Promise<void>
  /** This world's clock: sign-ins' access tokens expire after an hour of it. */
  readonly clock: { advance(by: Duration): Promise<Date>; set(date: Date | string | number): Promise<Date> }
  /** Expires the access tokens of every sign-in of this world, or of one user's; answers how many. */
  expireTokens(userIdOrEmail?: string): Promise<number>
  /** Back to the fixture. */
  reset(): Promise<void>
  /** The requests this world answered, optionally of one operation. */
  journal(filter?: { operationId?: OperationId }): Promise<JournalEntry[]>
  /** The e-mails this world's backend would have sent (verification, invitation, password reset), oldest first. */
  outbox(filter?: OutboxFilter): Promise<OutboxMessage[]>
  /** The newest e-mail to an address (of one kind), whose `token` the page's next call sends; undefined if none. */
  latestEmail(to: string, kind?: EmailKind): Promise<OutboxMessage | undefined>
  /** The code a user's authenticator app shows now on this world's clock (GOOGLE_AUTH set up): what the MFA prompt takes. */
  totp(userIdOrEmail: string): Promise<string>
  /**
   * Signs a user in at a provider in this world, as its consent screen would: the `code` and access `token` the
   * world's `/auth/{provider}` calls accept. An e-mail that is no user's yet becomes one at the first sign-in.
   */
  grantSignIn(provider: 'google' | 'github' | 'microsoft', email: string): Promise<{ code: string; token: string }>
}

export interface FlashbackMockFixtures {
  /** The test's own world: made before the test, dropped after it. */
  mockWorld: MockWorldHelpers
}

export interface FlashbackMockOptions {
  /** Where the server runs. Default: `FLASHBACK_MOCK_URL`, else `http://127.0.0.1:4010`. */
  mockUrl: string
  /** The server's `--control-token`, when it has one. Default: `FLASHBACK_MOCK_CONTROL_TOKEN`. */
  mockControlToken: string | undefined
}

function controlClient(url: string, name: string, controlToken: string | undefined) {
  const headers = { [WORLD_HEADER]: name, ...(controlToken === undefined ? {} : { 'x-control-token': controlToken }) }
  return async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}/__mock/${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    })
    const answer = (await response.json()) as T & { message?: string }
    if (!response.ok) throw new Error(`flashback-mock: ${method} /__mock/${path} answered ${response.status}: ${answer.message ?? ''}`)
    return answer
  }
}

/** A name no other test or retry of this run shares: the test's id and its retry. */
function worldNameFor(testId: string, retry: number): string {
  return `pw-${testId}-${retry}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64)
}

/**
 * Playwright's `test` with a world per test on one flashback-mock server: `request` sends the
 * `x-mock-world` header, `page` (its context) carries the world's cookie for the server's host, and
 * `mockWorld` gives the mock's helpers for that world.
 * @example
 * import { test, expect } from 'flashback-mock/playwright'
 *
 * test('creates a user', async ({ request, mockWorld }) => {
 *   const token = await mockWorld.tokenFor('olivia.bennett@acme.com')
 *   await mockWorld.fail('listOrganizationUsers', { status: 503 }, { times: 1 })
 *   const response = await request.get(`${mockWorld.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
 *   expect(response.status()).toBe(503)
 * })
 */
export const test = base.extend<FlashbackMockFixtures & FlashbackMockOptions>({
  mockUrl: [process.env.FLASHBACK_MOCK_URL ?? 'http://127.0.0.1:4010', { option: true }],
  mockControlToken: [process.env.FLASHBACK_MOCK_CONTROL_TOKEN, { option: true }],
  mockWorld: async ({ mockUrl, mockControlToken }, use, testInfo) => {
    const url = mockUrl.replace(/\/+$/, '')
    const name = worldNameFor(testInfo.testId, testInfo.retry)
    const control = controlClient(url, name, mockControlToken)
    await control('POST', 'worlds', { name })
    const users = async () => (await control<{ users: MockUser[] }>('GET', 'users')).users
    const outbox = async (filter: OutboxFilter = {}) => {
      const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined)).toString()
      return (await control<{ messages: OutboxMessage[] }>('GET', `outbox${query ? `?${query}` : ''}`)).messages
    }
    await use({
      name,
      url,
      headers: { [WORLD_HEADER]: name },
      users,
      async tokenFor(userIdOrEmail) {
        const wanted = userIdOrEmail.toLowerCase()
        const user = (await users()).find((u) => u.id === userIdOrEmail || u.email.toLowerCase() === wanted)
        if (!user) throw new Error(`flashback-mock: no user "${userIdOrEmail}" in world "${name}"`)
        return user.token
      },
      async fail(target, fault = { status: 500 }, options = {}) {
        const kind = fault === 'network-error' ? { networkError: true } : fault === 'no-response' ? { noResponse: true } : { status: fault.status }
        await control('POST', 'faults', { ...(target === '*' ? {} : { operationId: target }), ...kind, ...options })
      },
      async delay(target, latency, options = {}) {
        await control('POST', 'faults', { ...(target === '*' ? {} : { operationId: target }), delayMs: latency, ...options })
      },
      clock: {
        advance: async (by) => new Date((await control<{ now: string }>('POST', 'clock', { advance: by })).now),
        set: async (date) => new Date((await control<{ now: string }>('POST', 'clock', { set: date instanceof Date ? date.toISOString() : date })).now),
      },
      async expireTokens(userIdOrEmail) {
        return (await control<{ expired: number }>('POST', 'tokens/expire', userIdOrEmail === undefined ? {} : { user: userIdOrEmail })).expired
      },
      async reset() {
        await control('POST', 'reset')
      },
      async journal(filter = {}) {
        const query = filter.operationId ? `?operationId=${encodeURIComponent(filter.operationId)}` : ''
        return (await control<{ journal: JournalEntry[] }>('GET', `journal${query}`)).journal
      },
      outbox,
      async latestEmail(to, kind) {
        return (await outbox({ to, ...(kind ? { kind } : {}) })).at(-1)
      },
      async grantSignIn(provider, email) {
        const { code, token } = await control<{ code: string; token: string }>('POST', `providers/${provider}/grants`, { user: email })
        return { code, token }
      },
      async totp(userIdOrEmail) {
        return (await control<{ code: string }>('GET', `totp?user=${encodeURIComponent(userIdOrEmail)}`)).code
      },
    })
    await control('DELETE', `worlds/${name}`).catch(() => undefined)
  },
  context: async ({ context, mockWorld }, use) => {
    // Cookies ignore ports: a page on another port of the same host that calls the mock with
    // `credentials: 'include'` is in the world too.
    await context.addCookies([{ name: WORLD_COOKIE, value: mockWorld.name, url: mockWorld.url, sameSite: 'Lax' }])
    await use(context)
  },
  request: async ({ playwright, baseURL, mockWorld }, use) => {
    const request: APIRequestContext = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}), extraHTTPHeaders: mockWorld.headers })
    await use(request)
    await request.dispose()
  },
})

export { expect } from '@playwright/test'
