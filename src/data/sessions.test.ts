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
    expect(sessions.accessTokenOwner(accessToken)).toBe('u-jane')
    time.now += 1
    expect(sessions.accessTokenOwner(accessToken)).toBeUndefined()
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
    expect(sessions.accessTokenOwner(issued.accessToken)).toBe('u-jane')
    expect(sessions.liveSessionsOf('u-jane')).toEqual([])
  })

  it('expires the access tokens of one user, or of everyone', () => {
    const { sessions } = storeAt()
    const a = sessions.start(jane)
    const b = sessions.start(john)
    expect(sessions.expireAccessTokens('u-jane')).toBe(1)
    expect(sessions.accessTokenOwner(a.accessToken)).toBeUndefined()
    expect(sessions.accessTokenOwner(b.accessToken)).toBe('u-john')
    expect(sessions.expireAccessTokens()).toBe(1)
    expect(sessions.accessTokenOwner(b.accessToken)).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(a.refreshToken)).toBeDefined()
  })

  it('finds a live session only for its own user, and forgets everything on clear', () => {
    const { sessions } = storeAt()
    const issued = sessions.start(jane)
    expect(sessions.liveSession('u-john', issued.tokenId)).toBeUndefined()
    expect(sessions.liveSession('u-jane', issued.tokenId)?.id).toBe(issued.tokenId)
    sessions.clear()
    expect(sessions.accessTokenOwner(issued.accessToken)).toBeUndefined()
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
    expect(sessions.accessTokenOwner(issued.accessToken)).toBe('u-jane')
    time.now += 1
    expect(sessions.accessTokenOwner(issued.accessToken)).toBeUndefined()
  })

  it('ends the whole session on reuse of a rotated refresh token, and every session of a user at once', () => {
    const { sessions } = storeAt()
    const first = sessions.start(jane)
    const other = sessions.start(jane)
    const renewed = sessions.rotate(sessions.sessionOfRefreshToken(first.refreshToken)!, jane)
    expect(sessions.sessionOfRefreshToken(first.refreshToken)).toBeUndefined()
    expect(sessions.sessionOfRefreshToken(renewed.refreshToken)).toBeUndefined()
    expect(sessions.accessTokenOwner(renewed.accessToken)).toBeUndefined()
    expect(sessions.accessTokenOwner(other.accessToken)).toBe('u-jane')
    sessions.start(john)
    expect(sessions.endSessionsOf('u-jane')).toBe(1)
    expect(sessions.accessTokenOwner(other.accessToken)).toBeUndefined()
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
    expect(sessions.accessTokenOwner(`${header}.${changed}.${signature}`)).toBeUndefined()
    const elsewhere = new SessionStore(() => 1_000_000, (c) => new TokenSigner('another-secret').sign(c))
    expect(elsewhere.accessTokenOwner(accessToken)).toBeUndefined()
    expect(sessions.accessTokenOwner(accessToken)).toBe('u-jane')
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
