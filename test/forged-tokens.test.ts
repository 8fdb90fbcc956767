import { describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { FORGERIES, forgeToken, type ListedUser } from './support/forged-tokens.js'
import { useStandaloneServer } from './support/transports.js'
import { people } from './support/world.js'

const OWNER = 255
const WORKSPACES = 2

describe.each(['core', 'msw'] as const)('a token forged from the user list, over the standalone server (%s engine)', (engine) => {
  const { server, url } = useStandaloneServer({ engine, strict: true })
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(url() + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: response.status, body: await response.json() }
  }

  it.each(FORGERIES)("does not let John (WORKSPACES) make himself OWNER with Olivia's token built as %s", async (forgery) => {
    await server.mock.reset()
    const johnsToken = server.mock.tokenFor('john.doe@acme.com')
    const list = await call('GET', '/organization/users', johnsToken)
    expect(list.status).toBe(200)
    const listed = list.body.data as (ListedUser & { orgRole: number })[]
    const olivia = listed.find((u) => u.orgRole === OWNER)!
    const john = listed.find((u) => u.email === 'john.doe@acme.com')!
    expect(olivia.email).toBe('olivia.bennett@acme.com')

    const forged = forgeToken(forgery, olivia, johnsToken, 'flashback-mock')
    const promotion = await call('PUT', `/organization/users/${john.id}`, forged, { orgRole: OWNER })
    expect(promotion).toEqual({ status: 401, body: { success: false, message: 'Invalid or expired token' } })
    expect((await call('GET', '/user/profile', forged)).status).toBe(401)

    const after = await call('GET', `/organization/users/${john.id}`, johnsToken)
    expect(after.body.orgRole).toBe(WORKSPACES)
    expect(server.mock.db.users.all().find((u) => u.id === john.id)?.orgRole).toBe(WORKSPACES)
  })
})

describe('tokens', () => {
  const profileStatus = async (mock: ReturnType<typeof createFlashbackMock>, token: string) =>
    (await mock.request('/user/profile', { headers: { Authorization: `Bearer ${token}` } })).status

  it('stay valid across reset() and useFixture() of the same mock', async () => {
    const mock = createFlashbackMock()
    const token = mock.tokenFor(people.user.email)
    expect(await profileStatus(mock, token)).toBe(200)
    await mock.reset()
    expect(await profileStatus(mock, token)).toBe(200)
    await mock.useFixture('default', 9)
    expect(await profileStatus(mock, token)).toBe(200)
    expect(mock.tokenFor(people.user.email)).toBe(token)
  })

  it("of one mock are refused by another, unless both were given the same tokenSecret (a restart with --token-secret)", async () => {
    const first = createFlashbackMock()
    const second = createFlashbackMock()
    const response = await second.request('/user/profile', { headers: { Authorization: `Bearer ${first.tokenFor(people.user.email)}` } })
    expect(response.status).toBe(401)
    expect(response.body.message).toBe('Invalid or expired token')

    const before = createFlashbackMock({ tokenSecret: 'team secret' })
    const after = createFlashbackMock({ tokenSecret: 'team secret' })
    expect(await profileStatus(after, before.tokenFor(people.user.email))).toBe(200)
    expect(after.tokenFor(people.user.email)).toBe(before.tokenFor(people.user.email))
  })

  it('of a created user keep working after the user is renamed, and stop once the user is deleted', async () => {
    const mock = createFlashbackMock()
    const { user, token } = await mock.arrange.user({ orgRole: 0 })
    const owner = { headers: { 'Content-Type': 'application/json' } }
    const renamed = await mock.request(`/organization/users/${user.id}`, { ...owner, method: 'PUT', body: JSON.stringify({ name: 'Renamed' }) }, { as: 'OWNER' })
    expect(renamed.status).toBe(200)
    expect(await profileStatus(mock, token)).toBe(200)
    expect((await mock.request(`/organization/users/${user.id}`, { method: 'DELETE' }, { as: 'OWNER' })).status).toBe(200)
    const response = await mock.request('/user/profile', { headers: { Authorization: `Bearer ${token}` } })
    expect(response.status).toBe(401)
    expect(response.body.message).toBe('User account has been deleted')
  })

  it('of a user created before a reset do not sign in the different user given the same id after it', async () => {
    const mock = createFlashbackMock()
    const before = await mock.arrange.user({ email: 'first.person@acme.com' })
    await mock.reset()
    const after = await mock.arrange.user({ email: 'second.person@acme.com' })
    expect(after.user.id).toBe(before.user.id)
    const response = await mock.request('/user/profile', { headers: { Authorization: `Bearer ${before.token}` } })
    expect(response.status).toBe(401)
    expect(response.body.message).toBe('Invalid or expired token')
    expect(await profileStatus(mock, after.token)).toBe(200)
  })

  it('refuses an empty tokenSecret', () => {
    expect(() => createFlashbackMock({ tokenSecret: '' })).toThrow('The token secret must not be empty')
  })
})
