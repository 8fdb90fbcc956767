import { Roles } from '../access/roles.js'
import type { IssuedTokens } from '../data/sessions.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'

/** The documented password rule of registration: 8 characters or more, with upper case, lower case and a digit. */
const STRONG_PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,}$/

const INVALID_REFRESH_TOKEN = () => new ApiError('UNAUTHENTICATED', 'Refresh token is unknown, expired or revoked', 'INVALID_REFRESH_TOKEN')

/** The user as login and register show it: the docs' id, email, display name and orgId, plus the client's orgRole. */
function authUser(user: UserRecord) {
  return { id: user.id, email: user.email, name: `${user.name} ${user.lastName}`.trim(), orgId: user.orgId, orgRole: user.orgRole }
}

/** The refresh token of a refresh or logout body: the docs say `refreshToken`, the client sends `refresh_token`. */
function refreshTokenOf(body: { refreshToken?: string; refresh_token?: string }): string {
  return (body.refreshToken ?? body.refresh_token)!
}

function signedIn(tokens: IssuedTokens, user: UserRecord) {
  return { success: true as const, ...tokens, user: authUser(user) }
}

/** Sign-in with e-mail and password, sessions and refresh tokens. These need no bearer token except the two /token calls. */
export const authenticationResolvers = {
  loginUser(ctx: OperationContext<'loginUser'>): Reply<'loginUser'> {
    const { email, password } = ctx.body
    const user = ctx.store.userByEmail(email)
    if (!user) throw new ApiError('UNAUTHENTICATED', 'No user with this e-mail', 'USER_NOT_FOUND')
    if (user.deletedAt !== null) throw new ApiError('UNAUTHENTICATED', 'User account is inactive', 'USER_INACTIVE')
    if (user.authMethod !== 'LOCAL' || user.password === null) {
      throw new ApiError('UNAUTHENTICATED', `This account signs in with ${user.authMethod} and has no password`, 'NO_PASSWORD_SET')
    }
    if (user.password !== password) throw new ApiError('UNAUTHENTICATED', 'Wrong password', 'INVALID_PASSWORD')
    return { status: 200, body: signedIn(ctx.sessions.start(user), user) }
  },

  refreshUserToken(ctx: OperationContext<'refreshUserToken'>): Reply<'refreshUserToken'> {
    const session = ctx.sessions.sessionOfRefreshToken(refreshTokenOf(ctx.body))
    const user = session && ctx.store.user(session.userId)
    if (!session || !user || user.deletedAt !== null) throw INVALID_REFRESH_TOKEN()
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
    if (!STRONG_PASSWORD.test(password)) {
      throw new ApiError('INVALID_REQUEST', 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit', 'WEAK_PASSWORD')
    }
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
    return { status: 201, body: { ...signedIn(ctx.sessions.start(user), user), user: { ...authUser(user), image_url: null } } }
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
