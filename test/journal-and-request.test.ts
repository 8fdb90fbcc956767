import { describe, expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { people } from './support/world.js'

describe('mock.request', () => {
  it('answers in memory as a role, a user id or an e-mail, without touching the global fetch', async () => {
    const mock = createFlashbackMock()
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    expect((await mock.request('/organization/users', {}, { as: 'WORKSPACES' })).status).toBe(200)
    expect((await mock.request('/organization/users', {}, { as: 'USER' })).body).toEqual({ success: false, data: [], total: 0 })
    expect((await mock.request('/user/profile', {}, { as: people.globexOwner.id })).body.data.email).toBe(people.globexOwner.email)
    expect((await mock.request('/user/profile', {}, { as: 'JANE.SMITH@acme.com' })).body.data.id).toBe(people.user.id)
    expect((await mock.request('/user/profile')).status).toBe(401)
    expect(fetchSpy).not.toHaveBeenCalled()
    vi.restoreAllMocks()
  })

  it('sends JSON bodies', async () => {
    const mock = createFlashbackMock()
    const created = await mock.request('/organization/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'req@acme.com', password: 'Password123!', firstName: 'Re', lastName: 'Quest' }),
    }, { as: 'OWNER' })
    expect(created.status).toBe(201)
  })
})

describe('mock.journal', () => {
  it('records each request with its operation, caller, status and time, filters by operation, and is cleared by reset', async () => {
    const mock = createFlashbackMock()
    await mock.request('/organization/users', {}, { as: 'WORKSPACES' })
    await mock.request(`/organization/users/${people.user.id}`, { method: 'DELETE' }, { as: 'WORKSPACES' })
    // Jane, deleted by the request before, no longer authenticates.
    await mock.request(`/organization/users/${people.user.id}`, { method: 'DELETE' }, { as: people.user.id })
    await mock.request('/organisation/typo')
    expect(mock.journal().map((e) => [e.operationId, e.status, e.caller?.id ?? null])).toEqual([
      ['listOrganizationUsers', 200, people.workspaces.id],
      ['deleteOrganizationUser', 200, people.workspaces.id],
      ['deleteOrganizationUser', 401, null],
      [null, 404, null],
    ])
    expect(mock.journal({ operationId: 'deleteOrganizationUser' }).filter((e) => e.status === 200)).toHaveLength(1)
    expect(mock.journal()[0]!.caller).toEqual({ id: people.workspaces.id, email: people.workspaces.email, orgRole: 2 })
    expect(Date.parse(mock.journal()[0]!.at)).not.toBeNaN()
    await mock.reset()
    expect(mock.journal()).toEqual([])
  })

  it("times each entry by the mock's clock, as tokens and createdAt are", async () => {
    const mock = createFlashbackMock()
    mock.clock.set('2031-03-04T05:06:07Z')
    await mock.request('/user/profile', {}, { as: 'OWNER' })
    mock.clock.advance('2h')
    await mock.request('/user/profile', {}, { as: 'OWNER' })
    const [first, second] = mock.journal().map((e) => Date.parse(e.at))
    expect(first! - Date.parse('2031-03-04T05:06:07Z')).toBeGreaterThanOrEqual(0)
    expect(first! - Date.parse('2031-03-04T05:06:07Z')).toBeLessThan(60_000)
    expect(second! - first!).toBeGreaterThanOrEqual(2 * 3_600_000)
  })
})

describe('the journal of a mock that has not loaded its fixture yet', () => {
  it('keeps a faulted request answered before the first load finished', async () => {
    const mock = createFlashbackMock()
    mock.fail('getUserProfile', { status: 503 }, { times: 1 })
    // The fault needs no loaded world, so it is answered while the fixture is still loading.
    expect((await mock.request('/user/profile', {}, { as: 'OWNER' })).status).toBe(503)
    expect((await mock.request('/user/profile', {}, { as: 'OWNER' })).status).toBe(200)
    expect(mock.journal().map((entry) => entry.status)).toEqual([503, 200])
  })

  it('forgets at once what came before a reset, even while the reset is still loading', async () => {
    const mock = createFlashbackMock()
    await mock.request('/user/profile', {}, { as: 'OWNER' })
    const resetting = mock.reset()
    expect(mock.journal()).toEqual([])
    await resetting
    expect(mock.journal()).toEqual([])
  })
})
