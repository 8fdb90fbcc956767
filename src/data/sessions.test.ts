import { describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_LIFETIME_MS, REFRESH_TOKEN_LIFETIME_MS, SessionStore } from './sessions.js'
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

describe('session tokens', () => {
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
