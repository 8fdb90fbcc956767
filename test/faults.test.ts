import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { useStandaloneServer } from './support/transports.js'
import { documentedExample } from './support/document.js'
import { unhandledOption } from './support/msw-major.js'
import { people } from './support/world.js'

const mock = createFlashbackMock()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen(unhandledOption('bypass')))
beforeEach(() => mock.reset())
afterEach(() => vi.useRealTimers())
afterAll(() => server.close())

const list = () =>
  fetch(`${mock.baseUrl}/organization/users`, { headers: { Authorization: `Bearer ${mock.tokenFor(people.workspaces.id)}` } })

describe('mock.fail', () => {
  it('answers 500 with the endpoint documented body, once', async () => {
    mock.fail('listOrganizationUsers', { status: 500 }, { times: 1 })
    const failed = await list()
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual(documentedExample('listOrganizationUsers', 500))
    expect((await list()).status).toBe(200)
  })

  it('fails N times, or always until undone, for one operation or all', async () => {
    mock.fail('*', { status: 503 }, { times: 2 })
    expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([503, 503, 200])
    const undo = mock.fail('listOrganizationUsers')
    expect([(await list()).status, (await list()).status]).toEqual([500, 500])
    undo()
    expect((await list()).status).toBe(200)
  })

  it('gives a network error that fetch rejects with', async () => {
    mock.fail('listOrganizationUsers', 'network-error', { times: 1 })
    await expect(list()).rejects.toThrow(TypeError)
  })

  it('never answers, for timeout tests with an AbortSignal', async () => {
    mock.fail('listOrganizationUsers', 'no-response', { times: 1 })
    const controller = new AbortController()
    const pending = fetch(`${mock.baseUrl}/organization/users`, {
      headers: { Authorization: `Bearer ${mock.tokenFor(people.workspaces.id)}` },
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toThrow(/abort/i)
  })

  it('is cleared by reset()', async () => {
    mock.fail('*')
    await mock.reset()
    expect((await list()).status).toBe(200)
  })
})

describe('mock.delay', () => {
  it('holds the answer for the given time, measured with fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    mock.delay('listOrganizationUsers', 2000, { times: 1 })
    let settled = false
    const pending = list().then((r) => {
      settled = true
      return r
    })
    await vi.advanceTimersByTimeAsync(1999)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await pending).status).toBe(200)
  })
})

describe('faults over the standalone server control API', () => {
  const { server: standalone, url: serverUrl } = useStandaloneServer()
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${serverUrl()}/__mock/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })
  const profile = () => fetch(`${serverUrl()}/user/profile`, { headers: { Authorization: `Bearer ${standalone.mock.tokenFor(people.user.id)}` } })

  it('injects a status once, a network error and a delay, then clears them', async () => {
    expect((await control('POST', 'faults', { operationId: 'getUserProfile', status: 500, times: 1 })).status).toBe(201)
    const failed = await profile()
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ success: false, message: 'Internal server error', error: 'Injected by flashback-mock' })
    expect((await profile()).status).toBe(200)

    await control('POST', 'faults', { operationId: 'getUserProfile', networkError: true, times: 1 })
    await expect(profile()).rejects.toThrow()

    await control('POST', 'faults', { delayMs: 300 })
    const started = performance.now()
    expect((await profile()).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    await control('DELETE', 'faults')
  })

  it('refuses a fault for an operation the document does not have', async () => {
    const response = await control('POST', 'faults', { operationId: 'deleteEverything', status: 500 })
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(/^Invalid request body: operationId "deleteEverything" is not one of \*, listOrganizationUsers, /)
  })

  it('lists the journal, filtered by operation', async () => {
    await control('POST', 'reset')
    await profile()
    await fetch(`${serverUrl()}/organization/users`)
    const { journal } = await (await control('GET', 'journal?operationId=getUserProfile')).json()
    expect(journal).toEqual([expect.objectContaining({ operationId: 'getUserProfile', status: 200, caller: { id: people.user.id, email: people.user.email, orgRole: 0 } })])
  })
})
