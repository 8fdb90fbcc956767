import { v4 as uuid } from 'uuid'
import { fingerprintOf, type DeviceDetails } from './device-details.js'
import { equalInConstantTime, unverifiedClaims } from './tokens.js'

/** Documented: an access token is valid for one hour. */
export const ACCESS_TOKEN_LIFETIME_MS = 60 * 60 * 1000
/** Not documented ("longer than the access token"): 30 days, counted from sign-in. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000
/** Not documented: a user keeps at most this many sessions; signing in once more ends the oldest. */
export const SESSIONS_PER_USER = 100

// Clients send the same few tokens on every request: each is recognised (an HMAC) once. Bounded, so a flood of
// valid tokens cannot grow it; a token it forgot is recognised again.
const REMEMBERED_TOKENS = 1000
// Ended sessions are dropped on a sweep after this many sign-ins, or as many as there are sessions if more:
// each sign-in pays for a constant share of it.
const SWEEP_AFTER_SIGN_INS = 256

/** Not documented: trusting a device lasts this long. */
export const DEVICE_TRUST_MS = 30 * 24 * 60 * 60 * 1000

/**
 * A device a user is signed in from: one fingerprint among the user's live sessions, the one object each of
 * those sessions points to. It lives as long as one of them does (so a user keeps at most `SESSIONS_PER_USER`).
 */
export interface Device extends DeviceDetails {
  id: string
  fingerprint: string
  /** When its first session started. */
  createdAt: number
  /** When its trust ends; null when it is not trusted. */
  trustedUntil: number | null
}

/** Where a session comes from: what a sign-in records besides its user. */
export interface SessionOrigin {
  /** PASSWORD, EMAIL_VERIFICATION, INVITATION… */
  loginMethod: string
  /** None for a session a test starts without a request (`mock.signIn`). */
  device?: DeviceDetails
  /** A sign-in waiting for its MFA step: its access token is limited to that step until `completeMfa`. */
  mfaPending?: boolean
}

/** Who a session is for: what the tokens' claims carry. */
export interface SessionUser {
  id: string
  email: string
  orgId: string | null
}

/**
 * One sign-in and everything it keeps. No token is stored: each carries its session, which of the session's
 * tokens it is and when it expires (in `jti`), and is recognised by signing its claims again.
 */
export interface Session {
  /** The `tokenId` login returns, GET /token lists and DELETE /token/{tokenId} takes. */
  id: string
  userId: string
  createdAt: number
  refreshExpiresAt: number
  lastUsedAt: number | null
  revokedAt: number | null
  /** How many refresh tokens the session has had: the latest is the only one that works; an older one is reuse. */
  refreshTokens: number
  /** How many access tokens it has issued. */
  accessTokens: number
  /** Access tokens issued before this count no longer work (`expireAccessTokens`). */
  accessValidFrom: number
  /** When its latest access token expires: an ended refresh token keeps the session until then. */
  accessExpiresAt: number
  /** The latest of its sign-in, refresh and heartbeat. */
  lastActivityAt: number
  loginMethod: string
  /** The address the sign-in's deviceInfo gave, if any. */
  ipAddress: string | null
  device: Device | null
  /**
   * Set on a sign-in that waits for its MFA step: its access token is limited to that step and its refresh
   * token is never handed out. Absent (older saved worlds) means full access.
   */
  mfaPending?: boolean
}

/** A session as a state file keeps it: one saved before devices were recorded has none of their fields. */
export type SavedSession = Omit<Session, 'lastActivityAt' | 'loginMethod' | 'ipAddress' | 'device'> & Partial<Pick<Session, 'lastActivityAt' | 'loginMethod' | 'ipAddress' | 'device'>>

/** What login and refresh hand out. */
export interface IssuedTokens {
  tokenId: string
  accessToken: string
  refreshToken: string
  /** When the access token expires, in epoch milliseconds. */
  expiresAt: number
}

/** Signs claims as a JWT: the mock's `TokenSigner`, so session tokens are HS256 under the mock's secret like the rest. */
export type SignClaims = (claims: object) => string

type TokenType = 'access' | 'refresh'

/** What a session token says of itself, once its signature is known to be the mock's. */
interface Recognised {
  type: TokenType
  sessionId: string
  /** Which of the session's access or refresh tokens it is, counted from 1. */
  number: number
  expiresAt: number
}

// The session, the token's number and its expiry in milliseconds (exp has seconds): opaque to clients, as a jti is.
const jtiOf = (sessionId: string, number: number, expiresAtMs: number) => `${sessionId}.${number}.${expiresAtMs}`
const JTI = /^([^.]+)\.(\d+)\.(-?\d+)$/

/** The claims of the client's `JwtPayload`. */
function sessionClaims(user: SessionUser, type: TokenType, issuedAtMs: number, jti: string, expiresAtMs: number): object {
  return {
    sub: user.id,
    userId: user.id,
    email: user.email,
    orgId: user.orgId ?? undefined,
    type,
    iat: Math.floor(issuedAtMs / 1000),
    exp: Math.floor(expiresAtMs / 1000),
    jti,
    iss: 'flashback-mock',
  }
}

/**
 * Sign-in sessions: access tokens that expire after an hour and refresh tokens that rotate. A session is dropped
 * once nothing of it works any more (lazily, and on a sweep paid for by sign-ins), a user keeps at most
 * `SESSIONS_PER_USER`, and reusing a rotated refresh token ends its whole session. Emptied by the mock's `reset()`.
 */
export class SessionStore {
  readonly #now: () => number
  readonly #sign: SignClaims
  readonly #sessions = new Map<string, Session>()
  // Each user's sessions, oldest first.
  readonly #byUser = new Map<string, Set<Session>>()
  // Tokens seen lately, and what they are: null for one that is no session's (a test token, a forgery), so a
  // client sending the same test token on every request does not have its claims decoded every time.
  readonly #recognised = new Map<string, Recognised | null>()
  #signInsSinceSweep = 0

  /** `now` is the mock's clock in epoch milliseconds; `sign` makes a JWT of claims. */
  constructor(now: () => number, sign: SignClaims) {
    this.#now = now
    this.#sign = sign
  }

  /** How many sessions are kept (live or with an access token still running). */
  get size(): number {
    return this.#sessions.size
  }

  /**
   * Starts a session: a new access token and refresh token. Past `SESSIONS_PER_USER`, the user's oldest session
   * ends. The device it comes from is the one of the user's live sessions with its fingerprint, or a new one.
   * With `mfaPending` its tokens are limited until `completeMfa`.
   */
  start(user: SessionUser, origin: SessionOrigin = { loginMethod: 'PASSWORD' }): IssuedTokens {
    const now = this.#now()
    this.#sweepNow()
    const kept = this.#byUser.get(user.id) ?? new Set<Session>()
    this.#byUser.set(user.id, kept)
    if (kept.size >= SESSIONS_PER_USER) for (const old of kept) if (this.#isDead(old, now)) this.#drop(old)
    for (const oldest of kept) {
      if (kept.size < SESSIONS_PER_USER) break
      this.#drop(oldest)
    }
    const device = origin.device ? this.#deviceFor(user.id, origin.device, now) : null
    const session: Session = {
      id: uuid(),
      userId: user.id,
      createdAt: now,
      refreshExpiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
      lastUsedAt: null,
      revokedAt: null,
      refreshTokens: 0,
      accessTokens: 0,
      accessValidFrom: 1,
      accessExpiresAt: now,
      lastActivityAt: now,
      loginMethod: origin.loginMethod,
      ipAddress: origin.device?.ipAddress ?? null,
      device,
      ...(origin.mfaPending ? { mfaPending: true } : {}),
    }
    this.#sessions.set(session.id, session)
    kept.add(session)
    return this.#issue(user, session, now)
  }

  /** The session of an access token, while the token is valid; undefined for an unknown, expired or ended one. */
  accessTokenSession(token: string): Session | undefined {
    const access = this.#recognise(token)
    if (!access || access.type !== 'access') return undefined
    const session = this.#sessions.get(access.sessionId)
    if (!session || access.number < session.accessValidFrom || this.#now() >= access.expiresAt) return undefined
    return session
  }

  /**
   * The MFA step of a sign-in is done: the session gets full access, with new tokens (its limited access
   * tokens stop working).
   */
  completeMfa(session: Session, user: SessionUser): IssuedTokens {
    const now = this.#now()
    delete session.mfaPending
    session.accessValidFrom = session.accessTokens + 1
    session.lastUsedAt = now
    return this.#issue(user, session, now)
  }

  /** Whether the mock signed this access token, whatever has become of it since (expired, its session ended). */
  isSessionAccessToken(token: string): boolean {
    return this.#recognise(token)?.type === 'access'
  }

  /**
   * The live session whose current refresh token this is. A refresh token the session has already rotated
   * away is reuse (a copy of it was taken): the whole session ends, its access tokens too, and this is undefined.
   */
  sessionOfRefreshToken(token: string): Session | undefined {
    const refresh = this.#recognise(token)
    if (!refresh || refresh.type !== 'refresh') return undefined
    const session = this.#sessions.get(refresh.sessionId)
    if (!session) return undefined
    if (refresh.number < session.refreshTokens) {
      this.#drop(session)
      return undefined
    }
    return this.#isLive(session, this.#now()) ? session : undefined
  }

  /** Rotation: a new refresh token replaces the one used (which stops working), and a new access token. */
  rotate(session: Session, user: SessionUser): IssuedTokens {
    const now = this.#now()
    session.lastUsedAt = now
    session.lastActivityAt = now
    return this.#issue(user, session, now)
  }

  /** Records that a session is in use now (a heartbeat). */
  recordActivity(session: Session): void {
    session.lastActivityAt = this.#now()
  }

  /** Ends a session at once: its refresh token and its access tokens stop working. */
  end(session: Session): void {
    this.#drop(session)
  }

  /** The devices of a user's live sessions, in the order they were first signed in from. */
  devicesOf(userId: string): Device[] {
    const devices = new Set<Device>()
    for (const session of this.liveSessionsOf(userId)) if (session.device) devices.add(session.device)
    return [...devices]
  }

  /** A user's live sessions from one of its devices, oldest first. */
  liveSessionsOfDevice(userId: string, deviceId: string): Session[] {
    return this.liveSessionsOf(userId).filter((s) => s.device?.id === deviceId)
  }

  /** Ends a session's refresh token; access tokens already issued run until they expire. */
  revoke(session: Session): void {
    session.revokedAt = this.#now()
  }

  /** Ends every session of a user at once, access tokens included (deactivation, deletion, a new password). */
  endSessionsOf(userId: string): number {
    const kept = this.#byUser.get(userId)
    if (!kept) return 0
    for (const session of kept) this.#sessions.delete(session.id)
    this.#byUser.delete(userId)
    return kept.size
  }

  /** Every user's live sessions, oldest first. */
  liveSessions(): Session[] {
    const now = this.#now()
    return [...this.#sessions.values()].filter((s) => this.#isLive(s, now))
  }

  /** A user's live sessions, oldest first. */
  liveSessionsOf(userId: string): Session[] {
    const now = this.#now()
    return [...(this.#byUser.get(userId) ?? [])].filter((s) => this.#isLive(s, now))
  }

  /** A live session of the user by its id. */
  liveSession(userId: string, tokenId: string): Session | undefined {
    const session = this.#sessions.get(tokenId)
    return session && session.userId === userId && this.#isLive(session, this.#now()) ? session : undefined
  }

  /** Makes every access token (of one user, or of everyone) expire now; refresh tokens keep working. Counts the sessions it ended access for. */
  expireAccessTokens(userId?: string): number {
    const now = this.#now()
    const sessions = userId === undefined ? this.#sessions.values() : (this.#byUser.get(userId) ?? []).values()
    let expired = 0
    for (const session of sessions) {
      if (session.accessExpiresAt > now && session.accessValidFrom <= session.accessTokens) {
        session.accessValidFrom = session.accessTokens + 1
        session.accessExpiresAt = now
        expired++
      }
    }
    return expired
  }

  /** Every session kept, oldest first, as plain data (what a saved world holds): each with a copy of its device. */
  snapshot(): Session[] {
    return [...this.#sessions.values()].map((session) => ({ ...session, device: session.device && { ...session.device } }))
  }

  /**
   * Replaces every session with saved ones (from `snapshot()`), keeping their order; the sessions of one device
   * share it again. A session saved before devices were recorded has none, and its sign-in as its latest activity.
   */
  restore(sessions: readonly SavedSession[]): void {
    this.clear()
    const devices = new Map<string, Device>()
    for (const saved of sessions) {
      const savedDevice = saved.device ?? null
      const deviceKey = savedDevice && `${saved.userId} ${savedDevice.id}`
      if (savedDevice && !devices.has(deviceKey!)) devices.set(deviceKey!, { ...savedDevice })
      const session: Session = {
        ...saved,
        lastActivityAt: saved.lastActivityAt ?? saved.lastUsedAt ?? saved.createdAt,
        loginMethod: saved.loginMethod ?? 'PASSWORD',
        ipAddress: saved.ipAddress ?? null,
        device: deviceKey ? devices.get(deviceKey)! : null,
      }
      this.#sessions.set(session.id, session)
      const kept = this.#byUser.get(session.userId) ?? new Set<Session>()
      this.#byUser.set(session.userId, kept)
      kept.add(session)
    }
  }

  clear(): void {
    this.#sessions.clear()
    this.#byUser.clear()
    this.#recognised.clear()
    this.#signInsSinceSweep = 0
  }

  // A new sign-in from a device one of the user's live sessions has: the same device, so its trust holds.
  #deviceFor(userId: string, details: DeviceDetails, now: number): Device {
    const fingerprint = fingerprintOf(details)
    for (const session of this.#byUser.get(userId) ?? []) {
      if (session.device?.fingerprint === fingerprint && this.#isLive(session, now)) return session.device
    }
    const { userAgent, deviceType, os, browser } = details
    // uuid builds its text by concatenation, a rope of about 500 bytes that stays as it is unless something
    // flattens it (a session id is, as a Map key); the copy is one flat string of 36 bytes.
    return { id: uuid().toLowerCase(), fingerprint, userAgent, deviceType, os, browser, createdAt: now, trustedUntil: null }
  }

  #isLive(session: Session, now: number): boolean {
    return session.revokedAt === null && now < session.refreshExpiresAt
  }

  // Nothing of it works: its refresh token has ended and its last access token has expired.
  #isDead(session: Session, now: number): boolean {
    return !this.#isLive(session, now) && now >= session.accessExpiresAt
  }

  #drop(session: Session): void {
    this.#sessions.delete(session.id)
    const kept = this.#byUser.get(session.userId)
    kept?.delete(session)
    if (kept?.size === 0) this.#byUser.delete(session.userId)
  }

  // Runs every max(256, sessions kept) sign-ins, so each sign-in pays for a constant share of a full pass.
  #sweepNow(): void {
    if (++this.#signInsSinceSweep < Math.max(SWEEP_AFTER_SIGN_INS, this.#sessions.size)) return
    this.#signInsSinceSweep = 0
    const now = this.#now()
    for (const session of this.#sessions.values()) if (this.#isDead(session, now)) this.#drop(session)
  }

  #issue(user: SessionUser, session: Session, now: number): IssuedTokens {
    const expiresAt = now + ACCESS_TOKEN_LIFETIME_MS
    session.accessTokens++
    session.refreshTokens++
    session.accessExpiresAt = Math.max(session.accessExpiresAt, expiresAt)
    const accessToken = this.#sign(sessionClaims(user, 'access', now, jtiOf(session.id, session.accessTokens, expiresAt), expiresAt))
    const refreshJti = jtiOf(session.id, session.refreshTokens, session.refreshExpiresAt)
    const refreshToken = this.#sign(sessionClaims(user, 'refresh', now, refreshJti, session.refreshExpiresAt))
    return { tokenId: session.id, accessToken, refreshToken, expiresAt }
  }

  /** What a session token says of itself, if the mock signed it: its claims, signed again, must give the same token. */
  #recognise(token: string): Recognised | undefined {
    const known = this.#recognised.get(token)
    if (known !== undefined) return known ?? undefined
    const recognised = this.#check(token)
    if (this.#recognised.size >= REMEMBERED_TOKENS) this.#recognised.delete(this.#recognised.keys().next().value!)
    this.#recognised.set(token, recognised ?? null)
    return recognised
  }

  #check(token: string): Recognised | undefined {
    const claims = unverifiedClaims(token)
    if (!claims || (claims.type !== 'access' && claims.type !== 'refresh') || typeof claims.jti !== 'string') return undefined
    const jti = JTI.exec(claims.jti)
    if (!jti || !equalInConstantTime(this.#sign(claims), token)) return undefined
    return { type: claims.type, sessionId: jti[1]!, number: Number(jti[2]), expiresAt: Number(jti[3]) }
  }

}
