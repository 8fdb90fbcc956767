import { beforeEach, describe, expect, it } from 'vitest'
import { expectDocumented } from './support/document.js'
import { transports, type Transport } from './support/transports.js'
import { people, snapshot } from './support/world.js'
import { worldOf } from '../src/public/create-flashback-mock.js'

const PASSWORD = 'Password123!'
const MAC_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const laptop = { userAgent: MAC_CHROME, ipAddress: '203.0.113.7', deviceType: 'DESKTOP', os: 'macOS', browser: 'Chrome', timezone: 'Europe/Paris' }
const bearer = (token: string) => ({ token })
// The records and every session with its device: what a refused call must leave as it was.
const state = (t: Transport) => snapshot(t.mock) + JSON.stringify(worldOf(t.mock).sessions.snapshot())

interface SignedIn {
  accessToken: string
  refreshToken: string
  tokenId: string
}

async function signIn(t: Transport, email: string, extra: { deviceInfo?: object; userAgent?: string } = {}): Promise<SignedIn> {
  const json = { email, password: PASSWORD, ...(extra.deviceInfo ? { deviceInfo: extra.deviceInfo } : {}) }
  const response = await t.request('POST', '/user/login', { json, ...(extra.userAgent ? { headers: { 'User-Agent': extra.userAgent } } : {}) })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body
}

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS
// The mock's clock keeps running after a move: times are compared within a few seconds of what a test expects.
const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / MINUTE_MS)

const refresh = (t: Transport, refreshToken: string) => t.request('POST', '/user/refresh', { json: { refresh_token: refreshToken } })
const profile = (t: Transport, accessToken: string) => t.request('GET', '/user/profile', { as: bearer(accessToken) })

describe.each(transports)('sessions and devices through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('lists a login with deviceInfo as a session, and revoking it ends its access token and its refresh token at once', async () => {
    t.mock.clock.set('2026-03-01T09:00:00.000Z')
    const login = await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    const other = await signIn(t, people.workspaces.email, { deviceInfo: laptop })

    const listed = await t.request('GET', '/sessions', { as: bearer(other.accessToken) })
    expect(listed.status).toBe(200)
    await expectDocumented('listSessions', 200, listed.body)
    const [first, second] = listed.body.sessions
    expect(listed.body.sessions).toHaveLength(2)
    expect(first).toEqual({ id: login.tokenId, ipAddress: '203.0.113.7', startedAt: expect.any(String), lastActivity: first.startedAt, expiresAt: expect.any(String), loginMethod: 'PASSWORD' })
    expect(minutesBetween('2026-03-01T09:00:00.000Z', first.startedAt)).toBe(0)
    expect(Date.parse(first.expiresAt) - Date.parse(first.startedAt)).toBe(30 * DAY_MS)
    expect(second.id).toBe(other.tokenId)

    const revoked = await t.request('POST', `/sessions/${login.tokenId}/revoke`, { as: bearer(other.accessToken) })
    expect([revoked.status, revoked.body]).toEqual([200, { success: true, message: 'Session revoked successfully' }])
    expect((await profile(t, login.accessToken)).status).toBe(401)
    const refused = await refresh(t, login.refreshToken)
    expect([refused.status, refused.body.error_code]).toEqual([401, 'INVALID_REFRESH_TOKEN'])
    // The other session goes on, and the revoked one is not found any more.
    expect((await profile(t, other.accessToken)).status).toBe(200)
    const again = await t.request('POST', `/sessions/${login.tokenId}/revoke`, { as: bearer(other.accessToken) })
    expect([again.status, again.body]).toEqual([404, { success: false, message: 'Session not found' }])
  })

  it("answers another user's session id with 404 and changes nothing", async () => {
    const theirs = await signIn(t, people.workspaces.email)
    const mine = await signIn(t, people.user.email)
    const before = state(t)
    for (const path of [`/sessions/${theirs.tokenId}/revoke`, `/sessions/${theirs.tokenId}/heartbeat`]) {
      const response = await t.request('POST', path, { as: bearer(mine.accessToken) })
      expect([response.status, response.body]).toEqual([404, { success: false, message: 'Session not found' }])
    }
    expect(state(t)).toBe(before)
    expect((await profile(t, theirs.accessToken)).status).toBe(200)
    expect((await t.request('GET', '/sessions', { as: bearer(mine.accessToken) })).body.sessions.map((s: { id: string }) => s.id)).toEqual([mine.tokenId])
  })

  it('revokes every session of the caller with the documented message, the calling one included, and no other user\'s', async () => {
    const first = await signIn(t, people.workspaces.email)
    const second = await signIn(t, people.workspaces.email)
    const someoneElse = await signIn(t, people.user.email)
    const response = await t.request('POST', '/sessions/revoke-all', { as: bearer(second.accessToken) })
    expect(response.status).toBe(200)
    await expectDocumented('revokeAllSessions', 200, response.body)
    for (const session of [first, second]) {
      expect((await profile(t, session.accessToken)).status).toBe(401)
      expect((await refresh(t, session.refreshToken)).status).toBe(401)
    }
    expect((await profile(t, someoneElse.accessToken)).status).toBe(200)
  })

  it('records a heartbeat at the mock clock, at the client\'s path and at the docs\' device path, without moving the expiry', async () => {
    t.mock.clock.set('2026-03-01T09:00:00.000Z')
    const login = await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    t.mock.clock.advance('20m')
    const beat = await t.request('POST', `/sessions/${login.tokenId}/heartbeat`, { as: bearer(login.accessToken) })
    expect(beat.status).toBe(200)
    const [session] = (await t.request('GET', '/sessions', { as: bearer(login.accessToken) })).body.sessions
    expect(beat.body).toEqual({ success: true, message: 'Session heartbeat recorded', newExpiry: session.expiresAt })
    expect(minutesBetween(session.startedAt, session.lastActivity)).toBe(20)
    expect(Date.parse(session.expiresAt) - Date.parse(session.startedAt)).toBe(30 * DAY_MS)

    t.mock.clock.advance('10m')
    const [device] = (await t.request('GET', '/devices', { as: bearer(login.accessToken) })).body.devices
    const deviceBeat = await t.request('POST', `/devices/${device.id}/heartbeat`, { as: bearer(login.accessToken) })
    expect([deviceBeat.status, deviceBeat.body]).toEqual([200, { success: true, message: 'Device heartbeat recorded', newExpiry: session.expiresAt }])
    const details = await t.request('GET', `/devices/${device.id}`, { as: bearer(login.accessToken) })
    expect(minutesBetween(session.startedAt, details.body.device.lastSeen)).toBe(30)
    expect(details.body.device.sessions[0].lastActivity).toBe(details.body.device.lastSeen)
  })

  it('lists the devices of the caller\'s sessions, from deviceInfo or else the User-Agent, one per fingerprint, with details, trust, untrust and removal', async () => {
    t.mock.clock.set('2026-03-01T09:00:00.000Z')
    const mac = await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    t.mock.clock.advance('5m')
    const macAgain = await signIn(t, people.workspaces.email, { deviceInfo: { ...laptop, ipAddress: '198.51.100.4' } })
    const phone = await signIn(t, people.workspaces.email, { userAgent: IPHONE_SAFARI })

    const listed = await t.request('GET', '/devices', { as: bearer(phone.accessToken) })
    expect(listed.status).toBe(200)
    await expectDocumented('listDevices', 200, listed.body)
    const [macDevice, phoneDevice] = listed.body.devices
    expect(listed.body.devices).toHaveLength(2)
    expect(macDevice).toMatchObject({
      deviceName: 'Chrome on macOS', deviceType: 'DESKTOP', os: 'macOS', browser: 'Chrome', ipAddress: '198.51.100.4', isTrusted: false, trustLevel: 'UNTRUSTED', userAgent: MAC_CHROME,
    })
    expect(minutesBetween('2026-03-01T09:00:00.000Z', macDevice.createdAt)).toBe(0)
    expect(minutesBetween(macDevice.createdAt, macDevice.lastSeen)).toBe(5)
    expect(macDevice.deviceFingerprint).toMatch(/^[0-9a-f]{16}$/)
    expect(phoneDevice).toMatchObject({ deviceName: 'Safari on iOS', deviceType: 'MOBILE', os: 'iOS', browser: 'Safari', userAgent: IPHONE_SAFARI })
    expect(phoneDevice).not.toHaveProperty('ipAddress')

    const details = await t.request('GET', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })
    expect(details.status).toBe(200)
    await expectDocumented('getDeviceDetails', 200, details.body)
    expect(details.body.device.sessions.map((s: { id: string }) => s.id)).toEqual([mac.tokenId, macAgain.tokenId])

    const trusted = await t.request('POST', '/devices/trust', { as: bearer(phone.accessToken), json: { fingerprint: macDevice.deviceFingerprint } })
    expect([trusted.status, trusted.body]).toEqual([200, { success: true, message: 'Device trusted successfully', trustExpiresAt: expect.any(String) }])
    expect(minutesBetween('2026-03-01T09:05:00.000Z', trusted.body.trustExpiresAt)).toBe(30 * 24 * 60)
    const afterTrust = (await t.request('GET', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })).body.device
    expect(afterTrust).toMatchObject({ isTrusted: true, trustLevel: 'TRUSTED', trustExpiresAt: trusted.body.trustExpiresAt })
    // A new sign-in from the trusted device is the same device, still trusted.
    await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    const stillOne = (await t.request('GET', '/devices', { as: bearer(phone.accessToken) })).body.devices
    expect(stillOne.map((d: { id: string; isTrusted: boolean }) => [d.id, d.isTrusted])).toEqual([[macDevice.id, true], [phoneDevice.id, false]])

    const untrusted = await t.request('POST', `/devices/${macDevice.id}/untrust`, { as: bearer(phone.accessToken) })
    expect([untrusted.status, untrusted.body]).toEqual([200, { success: true, message: 'Device untrusted successfully' }])
    expect((await t.request('GET', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })).body.device).toMatchObject({ isTrusted: false, trustLevel: 'UNTRUSTED' })
    expect((await t.request('GET', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })).body.device).not.toHaveProperty('trustExpiresAt')

    const removed = await t.request('DELETE', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })
    expect([removed.status, removed.body]).toEqual([200, { success: true, message: 'Device removed successfully' }])
    for (const session of [mac, macAgain]) {
      expect((await profile(t, session.accessToken)).status).toBe(401)
      expect((await refresh(t, session.refreshToken)).status).toBe(401)
    }
    expect((await profile(t, phone.accessToken)).status).toBe(200)
    const left = (await t.request('GET', '/devices', { as: bearer(phone.accessToken) })).body.devices
    expect(left.map((d: { id: string }) => d.id)).toEqual([phoneDevice.id])
    const gone = await t.request('GET', `/devices/${macDevice.id}`, { as: bearer(phone.accessToken) })
    expect([gone.status, gone.body]).toEqual([404, { success: false, message: 'Device not found' }])
  })

  it("does not reveal another user's device: its id and its fingerprint are 404s, and nothing changes", async () => {
    const theirs = await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    const mine = await signIn(t, people.user.email)
    const [device] = (await t.request('GET', '/devices', { as: bearer(theirs.accessToken) })).body.devices
    const before = state(t)
    const calls: Array<[string, string, object?]> = [
      ['GET', `/devices/${device.id}`],
      ['POST', `/devices/${device.id}/untrust`],
      ['POST', `/devices/${device.id}/heartbeat`],
      ['DELETE', `/devices/${device.id}`],
      ['POST', '/devices/trust', { fingerprint: device.deviceFingerprint }],
    ]
    for (const [method, path, json] of calls) {
      const response = await t.request(method, path, { as: bearer(mine.accessToken), ...(json ? { json } : {}) })
      expect([method, path, response.status, response.body]).toEqual([method, path, 404, { success: false, message: 'Device not found' }])
    }
    expect(state(t)).toBe(before)
    expect((await profile(t, theirs.accessToken)).status).toBe(200)
  })

  it('gives register, verify-email and activate sessions of their own kind, and keeps a session through refresh', async () => {
    const registered = await t.request('POST', '/user/register', {
      json: { email: 'ada@newco.example', password: 'SecurePass123', firstName: 'Ada', lastName: 'Lovelace', companyName: 'NewCo', isBusiness: true },
      headers: { 'User-Agent': IPHONE_SAFARI },
    })
    const token = t.mock.outbox.latest('ada@newco.example')!.token
    const verified = await t.request('POST', '/user/verify-email', { json: { token } })
    const renewed = await refresh(t, registered.body.refreshToken)
    expect(renewed.body.tokenId).toBe(registered.body.tokenId)
    const sessions = (await t.request('GET', '/sessions', { as: bearer(verified.body.accessToken) })).body.sessions
    expect(sessions.map((s: { id: string; loginMethod: string }) => [s.id, s.loginMethod])).toEqual([
      [registered.body.tokenId, 'PASSWORD'],
      [verified.body.tokenId, 'EMAIL_VERIFICATION'],
    ])
    const devices = (await t.request('GET', '/devices', { as: bearer(verified.body.accessToken) })).body.devices
    expect(devices[0]).toMatchObject({ deviceName: 'Safari on iOS', deviceType: 'MOBILE' })
  })

  it('forgets sessions and devices on reset', async () => {
    const login = await signIn(t, people.workspaces.email, { deviceInfo: laptop })
    t.mock.reset()
    expect((await profile(t, login.accessToken)).status).toBe(401)
    const fresh = await signIn(t, people.workspaces.email)
    expect((await t.request('GET', '/sessions', { as: bearer(fresh.accessToken) })).body.sessions).toHaveLength(1)
    expect((await t.request('GET', '/devices', { as: bearer(fresh.accessToken) })).body.devices).toHaveLength(1)
  })
})

describe('a login body with deviceInfo', () => {
  const t = transports[1].use()
  beforeEach(() => t.mock.reset())

  it('is refused with a 400 naming the fields when deviceInfo lacks what the client type requires, and starts no session', async () => {
    const before = state(t)
    const response = await t.request('POST', '/user/login', { json: { email: people.workspaces.email, password: PASSWORD, deviceInfo: { userAgent: MAC_CHROME } } })
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(/deviceType is required; os is required; browser is required/)
    expect(state(t)).toBe(before)
  })
})
