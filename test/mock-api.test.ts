import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createFlashbackMock, type Fixture } from '../src/index.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { people, snapshot } from './support/world.js'
import { unhandledOption } from './support/msw-major.js'

const server = setupServer()
beforeAll(() => server.listen(unhandledOption('error')))
afterAll(() => server.close())

async function call(mock: ReturnType<typeof createFlashbackMock>, method: string, path: string, who: string, json?: unknown) {
  server.resetHandlers(...mock.handlers)
  const response = await fetch(mock.baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${mock.tokenFor(who)}`, 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  return { status: response.status, body: await response.json() }
}

const newUser = { email: 'new.user@acme.com', password: 'SecurePassword123!', firstName: 'New', lastName: 'User' }

describe('createFlashbackMock', () => {
  it('gives a token by user id or e-mail in any case, and throws for an unknown user', () => {
    const mock = createFlashbackMock()
    expect(mock.tokenFor('JOHN.DOE@acme.com')).toBe(mock.tokenFor(people.workspaces.id))
    expect(() => mock.tokenFor('nobody@acme.com')).toThrow('No user "nobody@acme.com"')
  })

  it('restores the fixture on reset after a mix of writes', async () => {
    const mock = createFlashbackMock()
    await mock.ready()
    const fresh = snapshot(mock)
    await call(mock, 'POST', '/organization/users', people.owner.email, newUser)
    await call(mock, 'DELETE', `/organization/users/${people.user.id}`, people.owner.email)
    await call(mock, 'PUT', `/organization/users/${people.workspaces.id}`, people.owner.email, { orgRole: 1 })
    await call(mock, 'PUT', '/organization/123e4567-e89b-12d3-a456-426614174000', people.owner.email, { name: 'Renamed' })
    expect(snapshot(mock)).not.toBe(fresh)
    await mock.reset()
    expect(snapshot(mock)).toBe(fresh)
  })

  it('keeps two mocks apart', async () => {
    const first = createFlashbackMock()
    const second = createFlashbackMock()
    await call(first, 'DELETE', `/organization/users/${people.user.id}`, people.owner.email)
    expect((await call(second, 'GET', `/organization/users/${people.user.id}`, people.owner.email)).body.deletedAt).toBeNull()
  })

  it('creates the same ids for the same seed, again after a reset, and others for another seed', async () => {
    const idOfNewUser = async (mock: ReturnType<typeof createFlashbackMock>) =>
      (await call(mock, 'POST', '/organization/users', people.owner.email, newUser)).body.data.id
    const mock = createFlashbackMock({ seed: 5 })
    const first = await idOfNewUser(mock)
    await mock.reset()
    expect(await idOfNewUser(mock)).toBe(first)
    expect(await idOfNewUser(createFlashbackMock({ seed: 5 }))).toBe(first)
    expect(await idOfNewUser(createFlashbackMock({ seed: 6 }))).not.toBe(first)
  })

  it('serves under any base URL, path prefix included', async () => {
    const mock = createFlashbackMock({ baseUrl: 'http://localhost:9999/api/' })
    expect(mock.baseUrl).toBe('http://localhost:9999/api')
    expect((await call(mock, 'GET', '/user/profile', people.user.email)).status).toBe(200)
  })

  it('loads a fixture object of your own', async () => {
    const fixture: Fixture = {
      organizations: [{ id: 'org-1', name: 'Tiny', domain: 'tiny.dev', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: false, mfaEnforced: false }],
      users: [{ id: 'owner-1', email: 'boss@tiny.dev', name: 'Bo', lastName: 'Ss', orgId: 'org-1', orgRole: 255, validated: true, deletedAt: null, password: 'Password123!', authMethod: 'LOCAL', createdAt: '2025-01-01T00:00:00.000Z' }],
      generatedUsers: [{ orgId: 'org-1', count: 40, roles: [0, 1, 2] }],
    }
    const mock = createFlashbackMock({ fixture })
    const list = await call(mock, 'GET', '/organization/users', 'boss@tiny.dev')
    expect(list.body.total).toBe(41)
  })

  it('lets server.use() override an operation for one test', async () => {
    const mock = createFlashbackMock()
    server.resetHandlers(...mock.handlers)
    server.use(http.get(`${mock.baseUrl}/user/profile`, () => HttpResponse.json({ success: false, message: 'down' }, { status: 503 })))
    const response = await fetch(`${mock.baseUrl}/user/profile`, { headers: { Authorization: `Bearer ${mock.tokenFor(people.user.id)}` } })
    expect(response.status).toBe(503)
  })

  it('fails loudly in strict mode when a response breaks the document', async () => {
    const mock = createFlashbackMock({ strict: true })
    await mock.ready()
    // A record the API could never produce: a user whose e-mail is not an e-mail.
    vi.spyOn(worldOf(mock).store, 'user').mockImplementation((id) =>
      id === people.user.id ? { ...(mock.db.users.findFirst((q) => q.where({ id }))!), email: 'broken' } : mock.db.users.findFirst((q) => q.where({ id })),
    )
    await expect(worldOf(mock).core.run('getOrganizationUser', { params: { userId: people.user.id }, authorization: `Bearer ${mock.tokenFor(people.owner.id)}`, contentType: null, body: null }))
      .rejects.toThrow(/getOrganizationUser 200: response body breaks the document at .*format.*email must be a valid email/)
    vi.restoreAllMocks()
  })

  it('shows a user changed in place through db in the next read and list', async () => {
    const mock = createFlashbackMock()
    await mock.ready()
    const listed = async () => (await call(mock, 'GET', '/organization/users', people.owner.id)).body.data.find((u: { id: string }) => u.id === people.user.id)
    expect((await listed()).name).not.toBe('Renamed')
    // Not how @msw/data means records to change (update() replaces them), but a test may do it.
    mock.db.users.all().find((u) => u.id === people.user.id)!.name = 'Renamed'
    expect((await listed()).name).toBe('Renamed')
    expect((await call(mock, 'GET', `/organization/users/${people.user.id}`, people.owner.id)).body.name).toBe('Renamed')
  })
})
