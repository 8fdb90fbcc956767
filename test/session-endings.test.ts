import { beforeEach, describe, expect, it } from 'vitest'
import { SESSIONS_PER_USER } from '../src/data/sessions.js'
import { transports, type Transport } from './support/transports.js'
import { people } from './support/world.js'

const PASSWORD = 'Password123!'

interface Tokens {
  accessToken: string
  refreshToken: string
  tokenId: string
}

async function signIn(t: Transport, email: string): Promise<Tokens> {
  const response = await t.request('POST', '/user/login', { json: { email, password: PASSWORD } })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body
}

const profileStatus = async (t: Transport, tokens: Tokens) => (await t.request('GET', '/user/profile', { as: { token: tokens.accessToken } })).status
const refreshStatus = async (t: Transport, tokens: Tokens) => (await t.request('POST', '/user/refresh', { json: { refreshToken: tokens.refreshToken } })).status

describe.each(transports)('what ends a session, through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('ends the whole session when a rotated refresh token is used again, its newest tokens included, and no other session', async () => {
    const stolen = await signIn(t, people.user.email)
    const other = await signIn(t, people.user.email)
    const renewed = (await t.request('POST', '/user/refresh', { json: { refreshToken: stolen.refreshToken } })).body as Tokens
    const reuse = await t.request('POST', '/user/refresh', { json: { refreshToken: stolen.refreshToken } })
    expect(reuse.status).toBe(401)
    expect(reuse.body).toMatchObject({ success: false, error_code: 'INVALID_REFRESH_TOKEN' })
    expect(await refreshStatus(t, renewed)).toBe(401)
    expect(await profileStatus(t, renewed)).toBe(401)
    expect(await profileStatus(t, stolen)).toBe(401)
    expect(await profileStatus(t, other)).toBe(200)
    expect((await t.request('GET', '/token', { as: { token: other.accessToken } })).body.tokens.map((x: { id: string }) => x.id)).toEqual([other.tokenId])
  })

  it('ends every session of a user who deactivates, so being activated again does not bring them back', async () => {
    const jane = await signIn(t, people.user.email)
    expect((await t.request('POST', '/user/deactivate', { as: { token: jane.accessToken } })).status).toBe(200)
    expect((await t.request('POST', `/organization/users/${people.user.id}/activate`, { as: 'workspaces' })).status).toBe(200)
    expect(await profileStatus(t, jane)).toBe(401)
    expect(await refreshStatus(t, jane)).toBe(401)
    expect(await profileStatus(t, await signIn(t, people.user.email))).toBe(200)
  })

  it('ends every session of a deleted user, so activating it again does not bring them back', async () => {
    const jane = await signIn(t, people.user.email)
    const john = await signIn(t, people.workspaces.email)
    expect((await t.request('DELETE', `/organization/users/${people.user.id}`, { as: 'workspaces' })).status).toBe(200)
    expect((await t.request('POST', `/organization/users/${people.user.id}/activate`, { as: 'workspaces' })).status).toBe(200)
    expect(await profileStatus(t, jane)).toBe(401)
    expect(await refreshStatus(t, jane)).toBe(401)
    expect(await profileStatus(t, john)).toBe(200)
  })

  it('ends every session of a user who changes their password, the one that changed it included', async () => {
    const laptop = await signIn(t, people.user.email)
    const phone = await signIn(t, people.user.email)
    const changed = await t.request('PUT', `/user/${people.user.id}`, { as: { token: phone.accessToken }, json: { password: 'AnotherPassword9' } })
    expect(changed.status).toBe(200)
    for (const tokens of [laptop, phone]) {
      expect(await profileStatus(t, tokens)).toBe(401)
      expect(await refreshStatus(t, tokens)).toBe(401)
    }
    const login = await t.request('POST', '/user/login', { json: { email: people.user.email, password: 'AnotherPassword9' } })
    expect(login.status).toBe(200)
  })

  it(`keeps at most ${SESSIONS_PER_USER} sessions per user, ending the oldest first`, async () => {
    const first = await signIn(t, people.user.email)
    const second = await signIn(t, people.user.email)
    for (let i = 2; i < SESSIONS_PER_USER; i++) await signIn(t, people.user.email)
    const newest = await signIn(t, people.user.email)
    expect(await profileStatus(t, first)).toBe(401)
    expect(await refreshStatus(t, first)).toBe(401)
    expect(await profileStatus(t, second)).toBe(200)
    const listed = (await t.request('GET', '/token', { as: { token: newest.accessToken } })).body.tokens as { id: string }[]
    expect(listed).toHaveLength(SESSIONS_PER_USER)
    expect(listed[0]!.id).toBe(second.tokenId)
    expect(listed.at(-1)!.id).toBe(newest.tokenId)
  })
})
