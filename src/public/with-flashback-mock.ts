import type { HttpHandler } from 'msw'
import { createFlashbackMock, type FlashbackMock, type FlashbackMockOptions } from './create-flashback-mock.js'

/**
 * What `withFlashbackMock` needs of msw's `setupServer()` (msw 2 and msw 3 alike): `boundary()`, which
 * scopes `use()` overrides to one async context, and `use()`.
 */
export interface BoundaryServer {
  boundary<Args extends any[], R>(callback: (...args: Args) => R): (...args: Args) => R
  use(...handlers: HttpHandler[]): void
}

type Body<Args extends unknown[], R> = (mock: FlashbackMock, ...args: Args) => R | Promise<R>

/**
 * Wraps a test body so that it runs against a mock of its own: a fresh world (store, journal,
 * violations, faults) whose handlers are installed with `server.use()` inside `server.boundary()`.
 * Tests running at the same time (`test.concurrent`) can then share one server and one base URL
 * without seeing each other's data. The test's own arguments (vitest's context) follow the mock.
 * @example
 * const server = setupServer()
 * beforeAll(() => server.listen())
 * afterAll(() => server.close())
 *
 * test.concurrent('creates a user', withFlashbackMock(server, async (mock, { expect }) => {
 *   const response = await fetch(`${mock.baseUrl}/organization/users`, { method: 'POST', ... })
 *   expect(mock.journal({ operationId: 'createOrganizationUser' })).toHaveLength(1)
 * }))
 */
export function withFlashbackMock<Args extends unknown[], R>(server: BoundaryServer, body: Body<Args, R>): (...args: Args) => Promise<R>
export function withFlashbackMock<Args extends unknown[], R>(server: BoundaryServer, options: FlashbackMockOptions, body: Body<Args, R>): (...args: Args) => Promise<R>
export function withFlashbackMock<Args extends unknown[], R>(
  server: BoundaryServer,
  optionsOrBody: FlashbackMockOptions | Body<Args, R>,
  maybeBody?: Body<Args, R>,
): (...args: Args) => Promise<R> {
  const [options, body] = typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody!]
  return server.boundary(async (...args: Args) => {
    const mock = createFlashbackMock(options)
    server.use(...mock.handlers)
    await mock.ready()
    return body(mock, ...args)
  })
}
