import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ContractViolation, createFlashbackMock, expectResponseMatchesDocument } from '../src/index.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { people } from './support/world.js'
import { unhandledOption } from './support/msw-major.js'

const unhandled = vi.fn()
const mock = createFlashbackMock({ onUnhandledRequest: unhandled })
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen(unhandledOption('error')))
beforeEach(() => mock.reset())
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const api = (path: string, init: RequestInit = {}, who: string | null = people.workspaces.id) =>
  fetch(mock.baseUrl + path, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(who ? { Authorization: `Bearer ${mock.tokenFor(who)}` } : {}), ...init.headers },
  })

describe('violations', () => {
  it('stays empty while the client keeps to the contract, refusals by the rules included', async () => {
    await api('/organization/users')
    await api(`/organization/users/${people.workspaces.id}`, { method: 'DELETE' }) // 400 Cannot delete yourself
    await api('/organization/users', {}, people.user.id) // 403
    expect(mock.violations).toEqual([])
  })

  it('records a missing token, an invalid body, a bad parameter, a wrong method and an unknown route', async () => {
    await api('/user/profile', {}, null)
    await api('/organization/users', { method: 'POST', body: JSON.stringify({ email: 'x' }) })
    await api(`/user/${'x'.repeat(200)}`)
    await api('/organization/users', { method: 'PATCH' })
    await api('/organisation/users')
    expect(mock.violations.map((v) => [v.kind, v.status, v.operationId])).toEqual([
      ['unauthenticated', 401, 'getUserProfile'],
      ['invalid-request', 400, 'createOrganizationUser'],
      ['invalid-request', 400, 'getUserById'],
      ['method-not-allowed', 405, null],
      ['unknown-operation', 404, null],
    ])
    expect(mock.violations[1]!.message).toBe('Invalid request body: password is required; firstName is required; lastName is required; email must be a valid email')
  })

  it('is cleared by reset()', async () => {
    await api('/user/profile', {}, null)
    await mock.reset()
    expect(mock.violations).toEqual([])
  })
})

describe('unhandled requests under the base URL', () => {
  it('answer 404 naming the closest operation, and call the onUnhandledRequest callback', async () => {
    const response = await api('/organization/user/42')
    expect(response.status).toBe(404)
    expect((await response.json()).message).toContain('did you mean GET /organization/users/{userId}')
    expect(unhandled).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', path: '/organization/user/42' }))
  })

  it('are left to msw with "bypass"', async () => {
    const bypassing = createFlashbackMock({ onUnhandledRequest: 'bypass' })
    server.use(...bypassing.handlers, http.get(`${bypassing.baseUrl}/health`, () => HttpResponse.json({ ok: true })))
    const response = await fetch(`${bypassing.baseUrl}/health`)
    expect(await response.json()).toEqual({ ok: true })
  })
})

describe('expectResponseMatchesDocument', () => {
  it('resolves with the body of a response the document allows', async () => {
    const body = await expectResponseMatchesDocument(await api('/organization/users'), 'listOrganizationUsers', 200)
    expect(body).toMatchObject({ success: true })
  })

  it('rejects a body that breaks the schema, naming the schema path', async () => {
    const wrong = Response.json({ success: true, data: [{ id: 1 }], total: 1 })
    await expect(expectResponseMatchesDocument(wrong, 'listOrganizationUsers')).rejects.toThrow(/listOrganizationUsers 200: .*#\/.*/)
  })

  it('rejects a status the operation does not declare', async () => {
    await expect(expectResponseMatchesDocument(new Response('{}', { status: 418 }), 'getUserProfile')).rejects.toBeInstanceOf(ContractViolation)
  })
})

describe('response checks when strict is off', () => {
  it('print one line per problem instead of failing', async () => {
    const lenient = createFlashbackMock({ strict: false })
    await lenient.ready()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const real = worldOf(lenient).store.user.bind(worldOf(lenient).store)
    vi.spyOn(worldOf(lenient).store, 'user').mockImplementation((id) => {
      const user = real(id)
      return user && id === people.user.id ? { ...user, email: 'broken' } : user
    })
    const input = { params: { userId: people.user.id }, authorization: `Bearer ${lenient.tokenFor(people.owner.id)}`, contentType: null, body: null }
    const result = await worldOf(lenient).core.run('getOrganizationUser', input)
    await worldOf(lenient).core.run('getOrganizationUser', input)
    expect(result.status).toBe(200)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/^\[flashback-mock\] getOrganizationUser 200: response body breaks the document/)
    vi.restoreAllMocks()
  })
})
