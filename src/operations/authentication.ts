import { Roles } from '../access/roles.js'
import type { SubscriptionRecord } from '../data/account-records.js'
import { WEAK_PASSWORD_MESSAGE, isStrongPassword } from '../access/password-rule.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'
import { signInMethodsOf } from './mfa.js'
import { authUser, signedIn } from './signed-in.js'
import { sessionOrigin } from './sessions-and-devices.js'
import type { SessionOrigin } from '../data/sessions.js'
import type { UserRecord } from '../data/record-schemas.js'

/** A registration's free trial (the docs say one is given; its name and limits are the mock's). */
export const FREE_TRIAL: Omit<SubscriptionRecord, 'orgId' | 'id'> = {
  name: 'Free Trial',
  description: 'Free trial subscription',
  capabilities: [
    { id: 'cap_001', code: 'STORAGE_TOTAL_BYTES', description: 'Total storage available in bytes', type: 'STORAGE', periodType: 'ALL_TIME', current: 0, max: 5 * 1024 ** 3 },
    { id: 'cap_002', code: 'EGRESS_MONTHLY_BYTES', description: 'Monthly egress in bytes', type: 'TRAFFIC', periodType: 'MONTHLY', current: 0, max: 1024 ** 3 },
  ],
}

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
    const organization = await ctx.store.organizations.create({
      id: ctx.services.newId(),
      name: companyName,
      domain: email.slice(email.lastIndexOf('@') + 1).toLowerCase(),
      address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null,
      deletedAt: null,
      reposDisabled: false,
      website: companyWebsite ?? null,
      is_business: isBusiness,
      mfaEnforced: false,
    })
    const user = await ctx.store.addUser({
      id: ctx.services.newId(),
      email,
      name: firstName,
      lastName,
      orgId: organization.id,
      orgRole: Roles.OWNER,
      validated: false,
      deletedAt: null,
      password,
      authMethod: 'LOCAL',
      createdAt: ctx.services.now().toISOString(),
    })
    ctx.store.account.addSubscription({ orgId: organization.id, id: ctx.services.newId(), ...FREE_TRIAL })
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
