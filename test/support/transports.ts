import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { createFlashbackServer } from '../../src/public/create-flashback-server.js'
import { createFlashbackMock, type FlashbackMock } from '../../src/public/create-flashback-mock.js'
import { people, type Person } from './world.js'
import { unhandledOption } from './msw-major.js'

interface ApiResponse {
  status: number
  body: any
  headers: Headers
}

export interface RequestOptions {
  /** Who calls: a person of the default fixture, a raw token, or nobody. */
  as?: Person | { token: string } | null
  /** A JSON value (sent as JSON) or raw text. */
  json?: unknown
  text?: string
  headers?: Record<string, string>
}

/** One way of reaching the mock: the shared suites run against every one. */
export interface Transport {
  readonly name: string
  readonly mock: FlashbackMock
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>
}

function headersFor(mock: FlashbackMock, options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const as = options.as
  if (typeof as === 'string') headers.Authorization = `Bearer ${mock.tokenFor(people[as].id)}`
  else if (as && typeof as === 'object') headers.Authorization = `Bearer ${as.token}`
  if (options.json !== undefined || options.text !== undefined) headers['Content-Type'] = 'application/json'
  return { ...headers, ...options.headers }
}

async function send(mock: FlashbackMock, baseUrl: string, method: string, path: string, options: RequestOptions = {}, viaFetch: typeof fetch = fetch) {
  const body = options.text ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
  const response = await viaFetch(baseUrl + path, { method, headers: headersFor(mock, options), body })
  const text = await response.text()
  // Every answer is JSON but the PEM file of a generated organization key, which stays text.
  const json = /json/i.test(response.headers.get('content-type') ?? 'application/json')
  return { status: response.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: response.headers }
}

/** msw's `setupServer` intercepting `fetch`, as in a client team's test suite. */
export function useMswTransport(): Transport {
  const mock = createFlashbackMock()
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen(unhandledOption('error')))
  afterAll(() => server.close())
  return { name: 'msw setupServer', mock, request: (m, p, o) => send(mock, mock.baseUrl, m, p, o) }
}

/** `mock.fetch`: the same pipeline with no interception at all. */
function useFetchTransport(): Transport {
  const mock = createFlashbackMock()
  return { name: 'mock.fetch', mock, request: (m, p, o) => send(mock, mock.baseUrl, m, p, o, mock.fetch) }
}

/** The standalone server over real HTTP on loopback, answering through the core or through msw. */
function useServerTransport(engine: 'core' | 'msw'): Transport {
  const { server, url } = useStandaloneServer({ engine, strict: true })
  return {
    name: `standalone server (${engine})`,
    get mock() {
      return server.mock
    },
    request: (m, p, o) => send(server.mock, url(), m, p, o),
  }
}

/**
 * The standalone server with every request in a named world (`x-mock-world`), while the default world
 * is changed meanwhile: a suite passes only if nothing of one world reaches another.
 */
function useNamedWorldTransport(): Transport {
  const { server, url } = useStandaloneServer({ strict: true })
  const world = server.world('shared-suite')
  return {
    name: 'standalone server (named world)',
    mock: world,
    async request(m, p, o = {}) {
      // The default world's data differs from the named world's whenever a suite writes.
      await server.mock.arrange.user({ name: 'Elsewhere' })
      return send(world, url(), m, p, { ...o, headers: { 'x-mock-world': 'shared-suite', ...o.headers } })
    },
  }
}

/** A standalone server for one describe block: listening before its tests, closed after. */
export function useStandaloneServer(options: Parameters<typeof createFlashbackServer>[0] = {}) {
  const server = createFlashbackServer(options)
  let url = ''
  beforeAll(async () => {
    url = await server.listen(0)
  })
  afterAll(() => server.close())
  return { server, url: () => url }
}

/** Every way of reaching the mock, for `describe.each`. */
export const transports = [
  { name: 'msw setupServer', use: useMswTransport },
  { name: 'mock.fetch', use: useFetchTransport },
  { name: 'standalone server (core)', use: () => useServerTransport('core') },
  { name: 'standalone server (msw getResponse)', use: () => useServerTransport('msw') },
  { name: 'standalone server (named world)', use: useNamedWorldTransport },
] as const
