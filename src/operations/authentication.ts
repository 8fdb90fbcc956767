import { WEAK_PASSWORD_MESSAGE, isStrongPassword } from '../access/password-rule.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'
import { createAccount } from './new-organization.js'
import { signInMethodsOf } from './mfa.js'
import { authUser, signedIn } from './signed-in.js'
import { sessionOrigin } from './sessions-and-devices.js'
import type { SessionOrigin } from '../data/sessions.js'
import type { UserRecord } from '../data/record-schemas.js'


const INVALID_REFRESH_TOKEN = () => new ApiError('UNAUTHENTICATED', 'Refresh token is unknown, expired or revoked', 'INVALID_REFRESH_TOKEN')

/** The refresh token of a refresh or logout body: the docs say `refreshToken`, the client sends `refresh_token`. */
function refreshTokenOf(body: { refreshToken?: string; refresh_token?: string }): string {
  return (body.refreshToken ?? body.refresh_token)!
}

/**
 * Starts the session of a sign-in, as login does: its tokens and user, or, for a user with MFA, the first step
 * (a limited access token, no refresh token until POST /mfa/verify-login).
 * @example
 * return { status: 200, body: startSignIn(ctx, user, sessionOrigin(ctx, 'GOOGLE', ctx.body.deviceInfo)) }
 */
export function startSignIn(ctx: Pick<OperationContext<'loginUser'>, 'store' | 'sessions'>, user: UserRecord, origin: SessionOrigin) {
  const mfaMethods = signInMethodsOf(ctx.store, user)
  if (mfaMethods.length === 0) return signedIn(ctx.sessions.start(user, origin), user)
  const { refreshToken: _kept, ...limited } = ctx.sessions.start(user, { ...origin, mfaPending: true })
  return { success: true as const, mfaRequired: true, message: 'MFA verification required', mfaMethods, primaryMethod: mfaMethods[0]!, ...limited, user: authUser(user) }
}

/** Sign-in with e-mail and password, sessions and refresh tokens. These need no bearer token except the two /token calls. */
export const authenticationResolvers = {
  loginUser(ctx: OperationContext<'loginUser'>): Reply<'loginUser'> {
    const { email, password, deviceInfo } = ctx.body
    const user = ctx.store.userByEmail(email)
    if (!user) throw new ApiError('UNAUTHENTICATED', 'No user with this e-mail', 'USER_NOT_FOUND')
    if (user.deletedAt !== null) throw new ApiError('UNAUTHENTICATED', 'User account is inactive', 'USER_INACTIVE')
    if (user.authMethod !== 'LOCAL' || user.password === null) {
      throw new ApiError('UNAUTHENTICATED', `This account signs in with ${user.authMethod} and has no password`, 'NO_PASSWORD_SET')
    }
    if (user.password !== password) throw new ApiError('UNAUTHENTICATED', 'Wrong password', 'INVALID_PASSWORD')
    return { status: 200, body: startSignIn(ctx, user, sessionOrigin(ctx, 'PASSWORD', deviceInfo)) }
  },

  refreshUserToken(ctx: OperationContext<'refreshUserToken'>): Reply<'refreshUserToken'> {
    const session = ctx.sessions.sessionOfRefreshToken(refreshTokenOf(ctx.body))
    const user = session && ctx.store.user(session.userId)
    if (!session || !user || user.deletedAt !== null || session.mfaPending) throw INVALID_REFRESH_TOKEN()
    const { accessToken, refreshToken, expiresAt, tokenId } = ctx.sessions.rotate(session, user)
    return { status: 200, body: { success: true, accessToken, refreshToken, expiresAt, token: accessToken, tokenId } }
  },

  logoutUser(ctx: OperationContext<'logoutUser'>): Reply<'logoutUser'> {
    const session = ctx.sessions.sessionOfRefreshToken(refreshTokenOf(ctx.body))
    if (!session) throw INVALID_REFRESH_TOKEN()
    ctx.sessions.revoke(session)
    return { status: 200, body: { success: true, message: 'Logged out successfully' } }
  },

  async registerUser(ctx: OperationContext<'registerUser'>): Promise<Reply<'registerUser'>> {
    const { email, password, firstName, lastName, companyName, companyWebsite, isBusiness } = ctx.body
    if (!isStrongPassword(password)) throw new ApiError('INVALID_REQUEST', WEAK_PASSWORD_MESSAGE, 'WEAK_PASSWORD')
    if (ctx.store.userByEmail(email)) throw new ApiError('INVALID_REQUEST', 'A user with this email already exists', 'EMAIL_ALREADY_EXISTS')
    const user = await createAccount(ctx, {
      email, name: firstName, lastName, password, authMethod: 'LOCAL', validated: false,
      organization: { name: companyName, website: companyWebsite ?? null, isBusiness },
    })
    const verification = sendEmail(ctx.store, ctx.services, user, 'verification')
    const body = { ...signedIn(ctx.sessions.start(user, sessionOrigin(ctx, 'PASSWORD')), user), user: { ...authUser(user), image_url: null }, verificationTokenId: verification.id }
    return { status: 201, body }
  },

  listTokens(ctx: OperationContext<'listTokens'>): Reply<'listTokens'> {
    const iso = (ms: number) => new Date(ms).toISOString()
    const tokens = ctx.sessions.liveSessionsOf(ctx.caller.id).map((s) => ({
      id: s.id,
      createdAt: iso(s.createdAt),
      expiresAt: iso(s.refreshExpiresAt),
      lastUsedAt: s.lastUsedAt === null ? null : iso(s.lastUsedAt),
    }))
    return { status: 200, body: { success: true, tokens } }
  },

  revokeToken(ctx: OperationContext<'revokeToken'>): Reply<'revokeToken'> {
    const session = ctx.sessions.liveSession(ctx.caller.id, ctx.params.tokenId)
    if (!session) throw new ApiError('NOT_FOUND', 'Token not found')
    ctx.sessions.revoke(session)
    return { status: 200, body: { success: true, message: 'Token revoked' } }
  },
}
