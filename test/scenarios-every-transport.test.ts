import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { documentedExample } from './support/document.js'
import { transports } from './support/transports.js'
import { people } from './support/world.js'

describe.each(transports)('scenario controls through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const list = () => t.request('GET', '/organization/users', { as: 'workspaces' })

  it('answers an injected 500 with the endpoint documented body, once, and journals it', async () => {
    t.mock.fail('listOrganizationUsers', { status: 500 }, { times: 1 })
    const failed = await list()
    expect(failed.status).toBe(500)
    expect(failed.body).toEqual(documentedExample('listOrganizationUsers', 500))
    expect((await list()).status).toBe(200)
    expect(t.mock.journal({ operationId: 'listOrganizationUsers' }).map((e) => e.status)).toEqual([500, 200])
  })

  it('fails N times, or always until undone, for one operation or all', async () => {
    t.mock.fail('*', { status: 503 }, { times: 2 })
    expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([503, 503, 200])
    const undo = t.mock.fail('listOrganizationUsers')
    expect((await list()).status).toBe(500)
    undo()
    expect((await list()).status).toBe(200)
  })

  it('gives a network error that the client sees as a failed request', async () => {
    t.mock.fail('listOrganizationUsers', 'network-error', { times: 1 })
    await expect(list()).rejects.toThrow(TypeError)
    expect((await list()).status).toBe(200)
  })

  it("delays by msw's realistic server time ('real'): 5 ms in Node, not a network round trip", async () => {
    // The delay asked for, read from the timer it sets (a measured time would flake on a busy machine).
    const timers = vi.spyOn(globalThis, 'setTimeout')
    t.mock.delay('listOrganizationUsers', 'real', { times: 1 })
    expect((await list()).status).toBe(200)
    const delays = timers.mock.calls.map((call) => call[1])
    timers.mockRestore()
    expect(delays).toContain(5)
    expect(delays.filter((ms) => typeof ms === 'number' && ms >= 100 && ms <= 400)).toEqual([])
  })

  it('refuses a body over 1 MB with 413, records it in the journal and the violations, and changes nothing', async () => {
    const before = t.mock.users().length
    const response = await t.request('POST', '/organization/users', {
      as: 'owner',
      json: { email: 'big@acme.com', password: 'Password123!', firstName: 'x'.repeat(1_100_000), lastName: 'B' },
    })
    expect(response.status).toBe(413)
    expect(response.body.message).toBe('Request body too large: the limit is 1048576 bytes')
    expect(t.mock.journal({ operationId: 'createOrganizationUser' }).map((e) => e.status)).toEqual([413])
    expect(t.mock.violations.map((v) => [v.kind, v.status])).toEqual([['invalid-request', 413]])
    expect(t.mock.users()).toHaveLength(before)
  })

  it('journals each request with its operation, caller and status, and unknown routes as violations', async () => {
    await list()
    await t.request('DELETE', `/organization/users/${people.user.id}`, { as: 'workspaces' })
    await t.request('GET', '/organisation/typo', { as: 'workspaces' })
    expect(t.mock.journal().map((e) => [e.operationId, e.status, e.caller?.id ?? null])).toEqual([
      ['listOrganizationUsers', 200, people.workspaces.id],
      ['deleteOrganizationUser', 200, people.workspaces.id],
      [null, 404, null],
    ])
    expect(t.mock.violations.map((v) => v.kind)).toEqual(['unknown-operation'])
  })
})

describe('every control call is effective the moment it returns', () => {
  it('applies a fault set right after createFlashbackMock(), before the fixture has loaded', async () => {
    const mock = createFlashbackMock()
    mock.fail('listOrganizationUsers', { status: 500 })
    expect((await mock.request('/organization/users', {}, { as: 'WORKSPACES' })).status).toBe(500)
  })

  it('applies a delay set right after createFlashbackMock()', async () => {
    const mock = createFlashbackMock()
    mock.delay('getUserProfile', 40)
    const started = performance.now()
    await mock.request('/user/profile', {}, { as: 'USER' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)
  })

  it('keeps a fault set after a useFixture() that was not awaited, and answers from the new fixture', async () => {
    const mock = createFlashbackMock()
    void mock.useFixture('empty')
    mock.fail('getUserProfile', { status: 503 })
    expect(mock.users()).toHaveLength(1)
    expect((await mock.request('/user/profile', {}, { as: mock.users()[0]!.id })).status).toBe(503)
  })

  it('clears faults when reset() is called, not when it finishes, so a fault set after it holds', async () => {
    const mock = createFlashbackMock()
    mock.fail('*')
    const reset = mock.reset()
    mock.fail('getUserProfile', { status: 418 })
    await reset
    expect((await mock.request('/user/profile', {}, { as: 'USER' })).status).toBe(418)
    expect((await mock.request('/organization/users', {}, { as: 'WORKSPACES' })).status).toBe(200)
  })

  it('lists users and gives tokens right after createFlashbackMock()', () => {
    const mock = createFlashbackMock()
    expect(mock.users().map((u) => u.email)).toContain(people.workspaces.email)
    expect(mock.tokenFor(people.workspaces.email)).toBe(mock.users().find((u) => u.id === people.workspaces.id)!.token)
  })

  it('refuses an unknown operationId in fail, delay and journal, at run time as well as in types', () => {
    const mock = createFlashbackMock()
    // @ts-expect-error: a typo of listOrganizationUsers
    expect(() => mock.fail('listOrganizationUser', { status: 500 })).toThrow('Unknown operationId "listOrganizationUser"')
    // @ts-expect-error: not an operation
    expect(() => mock.delay('nope', 10)).toThrow(TypeError)
    // @ts-expect-error: not an operation
    expect(() => mock.journal({ operationId: 'nope' })).toThrow(TypeError)
    expect(() => mock.fail('*', { status: 200 })).toThrow(RangeError)
    expect(() => mock.fail('*', { status: 500 }, { times: 0 })).toThrow(RangeError)
    expect(() => mock.delay('*', -5)).toThrow(RangeError)
  })
})
