import { describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_LIFETIME_MS, REFRESH_TOKEN_LIFETIME_MS, SESSIONS_PER_USER, SessionStore } from './sessions.js'
import { TokenSigner } from './tokens.js'

const jane = { id: 'u-jane', email: 'jane@acme.com', orgId: 'org-acme' }
const john = { id: 'u-john', email: 'john@acme.com', orgId: 'org-acme' }

function storeAt(start = 1_000_000) {
  const time = { now: start }
  return { time, sessions: new SessionStore(() => time.now, (claims) => new TokenSigner('test-secret').sign(claims)) }
}

describe('SessionStore', () => {
  it('knows an access token for exactly its lifetime', () => {
    const { time, sessions } = storeAt()
    const { accessToken, expiresAt } = sessions.start(jane)
    expect(expiresAt).toBe(time.now + ACCESS_TOKEN_LIFETIME_MS)
    time.now += ACCESS_TOKEN_LIFETIME_MS - 1
    expect(sessions.accessTokenSession(accessToken)?.userId).toBe('u-jane')
    time.now += 1
    expect(sessions.accessTokenSession(accessToken)?.userId).toBeUndefined()
  })

  it('rotates the refresh token, keeping the session id and its end', () => {
    const { time, sessions } = storeAt()
    const first = sessions.start(jane)
    time.now += 1000
    const session = sessions.sessionOfRefreshToken(first.refreshToken)!
    const second = sessions.rotate(session, jane)
    expect(second.tokenId).toBe(first.tokenId)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(sessions.sessionOfRefreshToken(first.refreshToken)).toBeUndefined()
    time.now = 1_000_000 + REFRESH_TOKEN_LIFETIME_MS
    expect(sessions.sessionOfRefreshToken(second.refreshToken)).toBeUndefined()
  })

  it('ends a revoked session\'s refresh token but not its access token', () => {
    const { sessions } = storeAt()
    const issued = sessions.start(jane)
    sessions.revoke(sessions.sessionOfRefreshToken(issued.refreshToken)!)
    expect(sessions.sessionOfRefreshToken(issued.refreshToken)).toBeUndefined()
    expect(sessions.accessTokenSession(issued.accessToken)?.userId).toBe('u-jane')
    expect(sessions.liveSessionsOf('u-jane')).toEqual([])
  })

  it('expires the access tokens of one user, or of everyone', () => {
    const { sessions } = storeAt()
    const a = sessions.start(jane)
    const b = sessions.start(john)
    expect(sessions.expireAccessTokens('u-jane')).toBe(1)
    expect(sessions.accessTokenSession(a.accessToken)?.userId).toBeUndefined()
    expect(sessions.accessTokenSession(b.accessToken)?.userId).toBe('u-john')
    expect(sessions.expireAccessTokens()).toBe(1)
    expect(sessions.accessTokenSession(b.accessToken)?.userId).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(a.refreshToken)).toBeDefined()
  })

  it('finds a live session only for its own user, and forgets everything on clear', () => {
    const { sessions } = storeAt()
    const issued = sessions.start(jane)
    expect(sessions.liveSession('u-john', issued.tokenId)).toBeUndefined()
    expect(sessions.liveSession('u-jane', issued.tokenId)?.id).toBe(issued.tokenId)
    sessions.clear()
    expect(sessions.accessTokenSession(issued.accessToken)?.userId).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(issued.refreshToken)).toBeUndefined()
  })
})

describe('SessionStore memory', () => {
  it('drops sessions once nothing of them works, on a sweep paid for by later sign-ins', () => {
    const { time, sessions } = storeAt()
    const users = Array.from({ length: 300 }, (_, i) => ({ id: `u-${i}`, email: `u${i}@acme.com`, orgId: null }))
    const logins = users.map((user) => sessions.start(user))
    for (const login of logins.slice(0, 100)) sessions.revoke(sessions.sessionOfRefreshToken(login.refreshToken)!)
    expect(sessions.size).toBe(300)
    time.now += ACCESS_TOKEN_LIFETIME_MS
    for (let i = 0; i < 1000; i++) sessions.start(jane)
    // The revoked ones went once their access tokens expired; the 200 live ones and Jane's newest 100 stay.
    expect(sessions.size).toBe(200 + SESSIONS_PER_USER)
    time.now += REFRESH_TOKEN_LIFETIME_MS
    for (let i = 0; i < 1000; i++) sessions.start(john)
    expect(sessions.size).toBe(SESSIONS_PER_USER)
  })

  it('keeps a revoked session while its access token runs, then forgets its tokens', () => {
    const { time, sessions } = storeAt()
    const issued = sessions.start(jane)
    sessions.revoke(sessions.sessionOfRefreshToken(issued.refreshToken)!)
    time.now += ACCESS_TOKEN_LIFETIME_MS - 1
    expect(sessions.accessTokenSession(issued.accessToken)?.userId).toBe('u-jane')
    time.now += 1
    expect(sessions.accessTokenSession(issued.accessToken)?.userId).toBeUndefined()
  })

  it('ends the whole session on reuse of a rotated refresh token, and every session of a user at once', () => {
    const { sessions } = storeAt()
    const first = sessions.start(jane)
    const other = sessions.start(jane)
    const renewed = sessions.rotate(sessions.sessionOfRefreshToken(first.refreshToken)!, jane)
    expect(sessions.sessionOfRefreshToken(first.refreshToken)).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(renewed.refreshToken)).toBeUndefined()
    expect(sessions.accessTokenSession(renewed.accessToken)?.userId).toBeUndefined()
    expect(sessions.accessTokenSession(other.accessToken)?.userId).toBe('u-jane')
    sessions.start(john)
    expect(sessions.endSessionsOf('u-jane')).toBe(1)
    expect(sessions.accessTokenSession(other.accessToken)?.userId).toBeUndefined()
    expect(sessions.size).toBe(1)
  })
})

describe('session tokens', () => {
  it('are recognised only as the mock signed them: a changed claim or another secret is nobody', () => {
    const { sessions } = storeAt()
    const { accessToken } = sessions.start(jane)
    const [header, payload, signature] = accessToken.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const changed = Buffer.from(JSON.stringify({ ...claims, jti: claims.jti.replace(/\.\d+$/, '.9999999999999') })).toString('base64url')
    expect(sessions.accessTokenSession(`${header}.${changed}.${signature}`)?.userId).toBeUndefined()
    const elsewhere = new SessionStore(() => 1_000_000, (c) => new TokenSigner('another-secret').sign(c))
    expect(elsewhere.accessTokenSession(accessToken)).toBeUndefined()
    expect(sessions.accessTokenSession(accessToken)?.userId).toBe('u-jane')
  })

  it('are signed with the mock secret like its other tokens, so none can be made from what a client sees', () => {
    const signer = new TokenSigner('the-mock-secret')
    const sessions = new SessionStore(() => 1_000_000, (claims) => signer.sign(claims))
    const { accessToken, refreshToken } = sessions.start(jane)
    for (const token of [accessToken, refreshToken]) {
      expect(JSON.parse(atob(token.split('.')[0]!))).toEqual({ alg: 'HS256', typ: 'JWT' })
      expect(signer.verify(token)?.sub).toBe(jane.id)
      expect(new TokenSigner('another-secret').verify(token)).toBeUndefined()
    }
  })
})

describe('SessionStore: sessions and their devices', () => {
  const laptop = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP' as const, os: 'Linux', browser: 'Firefox' }
  const phone = { userAgent: 'Mozilla/5.0 (iPhone) Mobile Safari/604.1', deviceType: 'MOBILE' as const, os: 'iOS', browser: 'Safari' }

  it('records where a session comes from, and keeps its last activity at the clock', () => {
    const { time, sessions } = storeAt()
    const { tokenId } = sessions.start(jane, { loginMethod: 'PASSWORD', device: { ...laptop, ipAddress: '192.0.2.1' } })
    const session = sessions.liveSession(jane.id, tokenId)!
    expect(session).toMatchObject({ loginMethod: 'PASSWORD', ipAddress: '192.0.2.1', lastActivityAt: time.now, device: { ...laptop, createdAt: time.now, trustedUntil: null } })
    time.now += 5000
    sessions.recordActivity(session)
    expect(session.lastActivityAt).toBe(time.now)
  })

  it("makes one device of a user's sign-ins from one browser, and another of another user's from the same", () => {
    const { sessions } = storeAt()
    sessions.start(jane, { loginMethod: 'PASSWORD', device: laptop })
    sessions.start(jane, { loginMethod: 'PASSWORD', device: { ...laptop, ipAddress: '198.51.100.2' } })
    sessions.start(jane, { loginMethod: 'PASSWORD', device: phone })
    sessions.start(john, { loginMethod: 'PASSWORD', device: laptop })
    const janes = sessions.devicesOf(jane.id)
    expect(janes.map((d) => d.os)).toEqual(['Linux', 'iOS'])
    expect(sessions.liveSessionsOfDevice(jane.id, janes[0]!.id)).toHaveLength(2)
    expect(sessions.devicesOf(john.id)[0]!.id).not.toBe(janes[0]!.id)
    expect(sessions.liveSessionsOfDevice(john.id, janes[0]!.id)).toEqual([])
  })

  it('ends a session at once, access token included, and forgets a device with its last session', () => {
    const { sessions } = storeAt()
    const issued = sessions.start(jane, { loginMethod: 'PASSWORD', device: laptop })
    const device = sessions.devicesOf(jane.id)[0]!
    device.trustedUntil = Number.MAX_SAFE_INTEGER
    sessions.end(sessions.liveSession(jane.id, issued.tokenId)!)
    expect(sessions.accessTokenSession(issued.accessToken)?.userId).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(issued.refreshToken)).toBeUndefined()
    expect(sessions.devicesOf(jane.id)).toEqual([])
    sessions.start(jane, { loginMethod: 'PASSWORD', device: laptop })
    const again = sessions.devicesOf(jane.id)[0]!
    expect([again.id === device.id, again.trustedUntil]).toEqual([false, null])
  })

  it('keeps devices, shared by their sessions, through a snapshot, and loads sessions saved before there were devices', () => {
    const { sessions } = storeAt()
    sessions.start(jane, { loginMethod: 'PASSWORD', device: laptop })
    sessions.start(jane, { loginMethod: 'INVITATION', device: laptop })
    sessions.devicesOf(jane.id)[0]!.trustedUntil = 5_000_000
    const saved = JSON.parse(JSON.stringify(sessions.snapshot()))
    const { sessions: loaded } = storeAt()
    loaded.restore(saved)
    const [device] = loaded.devicesOf(jane.id)
    expect(device).toMatchObject({ ...laptop, trustedUntil: 5_000_000 })
    expect(loaded.liveSessionsOfDevice(jane.id, device!.id).map((s) => s.device)).toEqual([device, device])
    expect(loaded.liveSessionsOfDevice(jane.id, device!.id)[0]!.device).toBe(device)

    const old = saved.map(({ lastActivityAt: _a, loginMethod: _m, ipAddress: _i, device: _d, ...rest }: Record<string, unknown>) => rest)
    loaded.restore(old)
    expect(loaded.devicesOf(jane.id)).toEqual([])
    expect(loaded.liveSessionsOf(jane.id).map((s) => [s.loginMethod, s.lastActivityAt === s.createdAt, s.device])).toEqual([['PASSWORD', true, null], ['PASSWORD', true, null]])
  })
})
