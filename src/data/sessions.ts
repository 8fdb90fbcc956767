import { v4 as uuid } from 'uuid'

/** Documented: an access token is valid for one hour. */
export const ACCESS_TOKEN_LIFETIME_MS = 60 * 60 * 1000
/** Not documented ("longer than the access token"): 30 days, counted from sign-in. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

/** Who a session is for: what the tokens' claims carry. */
export interface SessionUser {
  id: string
  email: string
  orgId: string | null
}

/** One sign-in: its refresh token (rotated on every refresh) and when it ends. */
export interface Session {
  /** The `tokenId` login returns, GET /token lists and DELETE /token/{tokenId} takes. */
  id: string
  userId: string
  refreshToken: string
  createdAt: number
  refreshExpiresAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

/** What login and refresh hand out. */
export interface IssuedTokens {
  tokenId: string
  accessToken: string
  refreshToken: string
  /** When the access token expires, in epoch milliseconds. */
  expiresAt: number
}

interface AccessGrant {
  userId: string
  expiresAt: number
}

/** Signs claims as a JWT: the mock's `TokenSigner`, so session tokens are HS256 under the mock's secret like the rest. */
export type SignClaims = (claims: object) => string

/** The claims of the client's `JwtPayload`; `jti` makes each token unique. Recognised by look-up, and signed. */
function sessionClaims(user: SessionUser, type: 'access' | 'refresh', issuedAtMs: number, expiresAtMs: number): object {
  const claims = {
    sub: user.id,
    userId: user.id,
    email: user.email,
    orgId: user.orgId ?? undefined,
    type,
    iat: Math.floor(issuedAtMs / 1000),
    exp: Math.floor(expiresAtMs / 1000),
    jti: uuid(),
    iss: 'flashback-mock',
  }
  return claims
}

/**
 * Sign-in sessions: access tokens that expire after an hour and refresh tokens that rotate.
 * Keyed by token, so authentication is one look-up. Emptied by the mock's `reset()`.
 */
export class SessionStore {
  readonly #now: () => number
  readonly #sessions = new Map<string, Session>()
  readonly #byRefreshToken = new Map<string, Session>()
  readonly #access = new Map<string, AccessGrant>()

  readonly #sign: SignClaims

  /** `now` is the mock's clock in epoch milliseconds; `sign` makes a JWT of claims. */
  constructor(now: () => number, sign: SignClaims) {
    this.#now = now
    this.#sign = sign
  }

  /** Starts a session: a new access token and refresh token. */
  start(user: SessionUser): IssuedTokens {
    const now = this.#now()
    const session: Session = {
      id: uuid(),
      userId: user.id,
      refreshToken: this.#sign(sessionClaims(user, 'refresh', now, now + REFRESH_TOKEN_LIFETIME_MS)),
      createdAt: now,
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
      lastUsedAt: null,
      revokedAt: null,
    }
    this.#sessions.set(session.id, session)
    this.#byRefreshToken.set(session.refreshToken, session)
    return this.#issueAccess(user, session)
  }

  /** The user an access token belongs to, while it is valid; undefined for an unknown or expired one. */
  accessTokenOwner(token: string): string | undefined {
    const grant = this.#access.get(token)
    return grant && this.#now() < grant.expiresAt ? grant.userId : undefined
  }

  /** The live session of a refresh token: not revoked, not expired, not already rotated away. */
  sessionOfRefreshToken(token: string): Session | undefined {
    const session = this.#byRefreshToken.get(token)
    return session && this.#isLive(session) ? session : undefined
  }

  /** Rotation: a new refresh token replaces the one used (which stops working), and a new access token. */
  rotate(session: Session, user: SessionUser): IssuedTokens {
    const now = this.#now()
    this.#byRefreshToken.delete(session.refreshToken)
    session.refreshToken = this.#sign(sessionClaims(user, 'refresh', now, session.refreshExpiresAt))
    session.lastUsedAt = now
    this.#byRefreshToken.set(session.refreshToken, session)
    return this.#issueAccess(user, session)
  }

  /** Ends a session's refresh token; access tokens already issued run until they expire. */
  revoke(session: Session): void {
    session.revokedAt = this.#now()
  }

  /** A user's live sessions, oldest first. */
  liveSessionsOf(userId: string): Session[] {
    return [...this.#sessions.values()].filter((s) => s.userId === userId && this.#isLive(s))
  }

  /** A live session of the user by its id. */
  liveSession(userId: string, tokenId: string): Session | undefined {
    const session = this.#sessions.get(tokenId)
    return session && session.userId === userId && this.#isLive(session) ? session : undefined
  }

  /** Makes every access token (of one user, or of everyone) expire now; refresh tokens keep working. */
  expireAccessTokens(userId?: string): number {
    const now = this.#now()
    let expired = 0
    for (const grant of this.#access.values()) {
      if ((userId === undefined || grant.userId === userId) && grant.expiresAt > now) {
        grant.expiresAt = now
        expired++
      }
    }
    return expired
  }

  clear(): void {
    this.#sessions.clear()
    this.#byRefreshToken.clear()
    this.#access.clear()
  }

  #isLive(session: Session): boolean {
    return session.revokedAt === null && this.#now() < session.refreshExpiresAt
  }

  #issueAccess(user: SessionUser, session: Session): IssuedTokens {
    const now = this.#now()
    const expiresAt = now + ACCESS_TOKEN_LIFETIME_MS
    const accessToken = this.#sign(sessionClaims(user, 'access', now, expiresAt))
    this.#access.set(accessToken, { userId: user.id, expiresAt })
    return { tokenId: session.id, accessToken, refreshToken: session.refreshToken, expiresAt }
  }
}
