import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { withFlashbackMock, type FlashbackMock } from '../src/index.js'
import { unhandledOption } from './support/msw-major.js'
import { people } from './support/world.js'

const API = 'https://backend.flashback.tech'
const TESTS = 8

// One server with no handlers of its own: each test installs its own mock's handlers in its boundary.
const server = setupServer()
beforeAll(() => server.listen(unhandledOption('error')))
afterAll(() => server.close())

/** Resolves once `count` callers have arrived: every test waits here so that all eight worlds are live at once. */
function meetingPoint(count: number): () => Promise<void> {
  let arrived = 0
  let release!: () => void
  const everyone = new Promise<void>((resolve) => (release = resolve))
  return () => {
    arrived += 1
    if (arrived === count) release()
    return everyone
  }
}
const allCreated = meetingPoint(TESTS)

const call = (mock: FlashbackMock, method: string, path: string, json?: unknown) =>
  fetch(`${API}${path}`, {
    method,
    headers: { Authorization: `Bearer ${mock.tokenFor(people.owner.id)}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  })

const emailOf = (i: number) => `concurrent.${i}@acme.com`
const listEmails = async (mock: FlashbackMock) =>
  ((await (await call(mock, 'GET', '/organization/users')).json()).data as { email: string }[]).map((u) => u.email)

describe(`${TESTS} concurrent tests, each with a mock of its own at ${API}`, () => {
  for (let i = 0; i < TESTS; i++) {
    test.concurrent(`test ${i} sees only the user it created, changed and deleted, and only its own journal`, withFlashbackMock(server, async (mock, { expect }) => {
      const before = await listEmails(mock)
      const created = await call(mock, 'POST', '/organization/users', { email: emailOf(i), password: 'Password123!', firstName: `Test${i}`, lastName: 'Concurrent' })
      expect(created.status).toBe(201)
      const { id } = (await created.json()).data as { id: string }

      await allCreated()

      expect((await call(mock, 'PUT', `/organization/users/${id}`, { name: `Renamed${i}` })).status).toBe(200)
      const during = await listEmails(mock)
      expect(during).toEqual([...before, emailOf(i)])
      const mine = (await (await call(mock, 'GET', `/organization/users/${id}`)).json()) as { email: string; name: string }
      expect(mine).toMatchObject({ email: emailOf(i), name: `Renamed${i}` })

      expect((await call(mock, 'DELETE', `/organization/users/${id}`)).status).toBe(200)
      const gone = (await (await call(mock, 'GET', `/organization/users/${id}`)).json()) as { deletedAt: string | null }
      expect(gone.deletedAt).not.toBeNull()

      expect(mock.journal().map((entry) => `${entry.method} ${entry.status} ${entry.operationId}`)).toEqual([
        'GET 200 listOrganizationUsers',
        'POST 201 createOrganizationUser',
        'PUT 200 updateOrganizationUser',
        'GET 200 listOrganizationUsers',
        'GET 200 getOrganizationUser',
        'DELETE 200 deleteOrganizationUser',
        'GET 200 getOrganizationUser',
      ])
      expect(mock.violations).toEqual([])
    }))
  }
})
