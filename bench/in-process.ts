import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createFlashbackMock, type Fixture } from '../src/index.js'
import { unhandledOption } from '../test/support/msw-major.js'
import { sample } from './stats.js'

const BASE = 'https://backend.flashback.tech'
const JOHN = '550e8400-e29b-41d4-a716-446655440000'
const OWNER = '770e8400-e29b-41d4-a716-446655440002'

export interface Sizes {
  warmup: number
  samples: number
  batch: number
  rounds: number
}

let server: ReturnType<typeof setupServer>

/** Runs `task` with the given msw handlers installed (one setupServer at a time). */
async function withServer<T>(handlers: Parameters<typeof setupServer>, task: () => Promise<T>): Promise<T> {
  server = setupServer(...handlers)
  server.listen(unhandledOption('error'))
  try {
    return await task()
  } finally {
    server.close()
  }
}

/**
 * GET /organization/users/{John} through the full mock and through one static handler, and through
 * `mock.fetch` (no interception). One server, handlers swapped between consecutive batches, so each
 * trio of samples shares the machine's state.
 */
export async function requestOverhead(sizes: Sizes) {
  const mock = createFlashbackMock({ strict: true })
  await mock.ready()
  const headers = { Authorization: `Bearer ${mock.tokenFor(OWNER)}` }
  const url = `${BASE}/organization/users/${JOHN}`
  const get = async () => (await fetch(url, { headers })).json()
  return withServer(mock.handlers, async () => {
    const body = await get()
    const staticHandler = http.get(`${BASE}/organization/users/:userId`, () => HttpResponse.json(body))
    const setups = { full: mock.handlers, bare: [staticHandler] }
    const full: number[] = []
    const bare: number[] = []
    const fetchAdapter: number[] = []
    const viaFetchAdapter = async () => (await mock.fetch(url, { headers })).json()
    for (const name of ['full', 'bare'] as const) {
      server.resetHandlers(...setups[name])
      await sample(get, { ...sizes, samples: 0 })
    }
    await sample(viaFetchAdapter, { ...sizes, samples: 0 })
    for (let i = 0; i < sizes.samples * sizes.rounds; i++) {
      server.resetHandlers(...setups.full)
      full.push(...(await sample(get, { warmup: 0, samples: 1, batch: sizes.batch })))
      server.resetHandlers(...setups.bare)
      bare.push(...(await sample(get, { warmup: 0, samples: 1, batch: sizes.batch })))
      fetchAdapter.push(...(await sample(viaFetchAdapter, { warmup: 0, samples: 1, batch: sizes.batch })))
    }
    return { full, bare, fetchAdapter }
  })
}

function organizationOf(users: number): Fixture {
  const orgId = '5a5a5a5a-0000-4000-8000-000000000001'
  return {
    organizations: [{ id: orgId, name: 'Bench', domain: 'bench.dev', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false }],
    users: [{ id: OWNER, email: 'owner@bench.dev', name: 'Owner', lastName: 'Bench', orgId, orgRole: 255, validated: true, deletedAt: null, password: 'Password123!', authMethod: 'LOCAL', createdAt: '2025-01-01T00:00:00.000Z' }],
    generatedUsers: [{ orgId, count: users - 1, roles: [0, 1, 2] }],
  }
}

/** The same get-by-id with a small and a large store, and the list of the large one. */
export async function storeSize(sizes: Sizes, small: number, large: number) {
  const results: Record<string, number[]> = { small: [], large: [], list: [] }
  const mocks = { small: createFlashbackMock({ fixture: organizationOf(small) }), large: createFlashbackMock({ fixture: organizationOf(large) }) }
  await Promise.all([mocks.small.ready(), mocks.large.ready()])
  for (let r = 0; r < sizes.rounds; r++) {
    for (const size of ['small', 'large'] as const) {
      const mock = mocks[size]
      const headers = { Authorization: `Bearer ${mock.tokenFor(OWNER)}` }
      // A user from the end of the store: the worst case for anything that scans.
      const last = mock.db.users.all().at(-1)!.id
      await withServer(mock.handlers, async () => {
        results[size]!.push(...(await sample(async () => (await fetch(`${BASE}/organization/users/${last}`, { headers })).json(), sizes)))
        if (size === 'large') {
          results.list!.push(...(await sample(async () => (await fetch(`${BASE}/organization/users`, { headers })).json(), { ...sizes, batch: 1, warmup: 2 })))
        }
      })
    }
  }
  return results
}

/** reset() of the default fixture. */
export async function resetCost(sizes: Sizes) {
  const mock = createFlashbackMock()
  await mock.ready()
  return sample(() => mock.reset(), { ...sizes, batch: sizes.batch * 4 })
}
