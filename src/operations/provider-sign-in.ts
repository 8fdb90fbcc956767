import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { DeviceDetails } from '../data/device-details.js'
import type { OAuthProvider, ProviderIdentity } from '../data/provider-grants.js'
import type { AuthMethod, UserRecord } from '../data/record-schemas.js'
import { publicKeyOfStellarAddress, verifyStellarSignature } from '../data/stellar-keys.js'
import { INVITATION, tokenHolder } from './account-lifecycle.js'
import { startSignIn } from './authentication.js'
import { createAccount } from './new-organization.js'
import { withPreparation, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { sessionOrigin } from './sessions-and-devices.js'

type Provider = OAuthProvider | 'WEB3_STELLAR'
type SignInContext = Pick<OperationContext<'signInWithGoogle'>, 'store' | 'services' | 'sessions' | 'userAgent'>
type TokenSignIn = 'signInWithGoogle' | 'signInWithMicrosoft'
type CodeSignIn = 'exchangeGoogleCode' | 'exchangeMicrosoftCode' | 'signInWithGithub'
type ProviderRefresh = 'refreshGoogleToken' | 'refreshGithubToken' | 'refreshMicrosoftToken'

const DISPLAY: Record<OAuthProvider, string> = { GOOGLE: 'Google', GITHUB: 'GitHub', MICROSOFT: 'Microsoft' }
/** The docs: gmail.com addresses become personal accounts, other domains business accounts named after the domain. */
const PERSONAL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

const invalidCode = () => new ApiError('UNAUTHENTICATED', 'Authorization code is unknown, expired or already used', 'INVALID_CODE')
const inactive = () => new ApiError('UNAUTHENTICATED', 'User account is inactive', 'USER_INACTIVE')

/** First and last name: the provider's, else made from the e-mail's local part (`ada.lovelace` → Ada Lovelace). */
function namesOf(identity: ProviderIdentity): { name: string; lastName: string } {
  const words = identity.name?.trim()
    ? identity.name.trim().split(/\s+/)
    : identity.email.slice(0, identity.email.indexOf('@')).split(/[._+-]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1))
  return { name: words[0] ?? identity.email, lastName: words.slice(1).join(' ') }
}

/** A picture the provider would give: a Gravatar identicon of the e-mail, stable for each address. */
function imageUrlOf(email: string): string {
  return `https://www.gravatar.com/avatar/${bytesToHex(sha256(new TextEncoder().encode(email.trim().toLowerCase())))}?d=identicon`
}

/** Who signs in: the user of the vouched e-mail, or none yet (then made at commit); a deactivated one is refused. */
function existingUser(ctx: SignInContext, identity: ProviderIdentity): UserRecord | undefined {
  const user = ctx.store.userByEmail(identity.email)
  if (user && user.deletedAt !== null) throw inactive()
  return user
}

/** The invitation a sign-in accepts (`activationUid`, `activationToken`), checked against the provider's e-mail. */
function invitationOf(ctx: SignInContext, body: { activationUid?: string; activationToken?: string }, identity: ProviderIdentity): string | undefined {
  const { activationUid, activationToken } = body
  if (activationUid === undefined && activationToken === undefined) return undefined
  if (activationUid === undefined || activationToken === undefined) {
    throw new ApiError('INVALID_REQUEST', 'Invalid request body: activationUid and activationToken go together', 'INVALID_REQUEST')
  }
  const { user } = tokenHolder(ctx, activationToken, ['invitation'], INVITATION)
  if (user.id !== activationUid) throw new ApiError('INVALID_REQUEST', INVITATION.invalid, 'INVALID_TOKEN')
  if (user.email.toLowerCase() !== identity.email.toLowerCase()) {
    throw new ApiError('INVALID_REQUEST', 'The invitation is for another e-mail address than the one the provider gave', 'EMAIL_MISMATCH')
  }
  return activationToken
}

/**
 * The user signing in, once every check has passed: an existing one gets its e-mail verified (the provider vouches
 * for it), an unknown one is made with an organization and a free trial, as register does.
 */
async function commitUser(ctx: SignInContext, identity: ProviderIdentity, found: UserRecord | undefined, provider: Provider): Promise<UserRecord> {
  if (found) return found.validated ? found : ctx.store.updateUser(found.id, { validated: true })
  const email = identity.email
  const names = namesOf(identity)
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase()
  const personal = PERSONAL_DOMAINS.has(domain)
  return createAccount(ctx, {
    email, ...names, password: null, authMethod: provider as AuthMethod, validated: true,
    organization: { name: personal ? `${names.name} ${names.lastName}`.trim() : domain, website: null, isBusiness: !personal },
  })
}

/** The provider's tokens as the answer shows them; web3 has none, so its authState holds the session's. */
interface ProviderTokens {
  token: string
  refreshToken: string
  expiresAt: number
}

/** The answer of every sign-in: the session as login gives it, the provider's token, and the client's authState. */
function answer(ctx: SignInContext, user: UserRecord, provider: Provider, deviceInfo: DeviceDetails | undefined, tokens: ProviderTokens | undefined, message: string) {
  const session = startSignIn(ctx, user, sessionOrigin(ctx, provider, deviceInfo))
  const authState = {
    user: { email: user.email, name: session.user.name, imageUrl: imageUrlOf(user.email) },
    token: session.accessToken,
    accessToken: tokens?.token ?? session.accessToken,
    refreshToken: tokens?.refreshToken ?? ('refreshToken' in session ? session.refreshToken : null),
    expiresAt: tokens?.expiresAt ?? session.expiresAt,
    provider,
  }
  const shown = 'mfaRequired' in session ? session.message : message
  return { ...session, message: shown, ...(tokens ? { token: tokens.token } : {}), authState }
}

/** Sign-in with a provider's access token from the client-side flow (`POST /auth/google`, `/auth/microsoft`). */
function signInWithToken<K extends TokenSignIn>(provider: OAuthProvider) {
  return async (ctx: OperationContext<K>): Promise<Reply<K>> => {
    const now = ctx.services.now().getTime()
    const { token, deviceInfo } = ctx.body
    const held = ctx.store.providers.token(provider, token, now)
    if (!held) throw new ApiError('UNAUTHENTICATED', `${DISPLAY[provider]} access token is unknown or expired`, 'INVALID_PROVIDER_TOKEN')
    const found = existingUser(ctx, held.identity)
    const user = await commitUser(ctx, held.identity, found, provider)
    const refreshToken = ctx.store.providers.issueRefreshToken(provider, held.identity, now)
    return { status: 200, body: answer(ctx, user, provider, deviceInfo, { token, refreshToken, expiresAt: held.expiresAt! }, 'User logged in') } as Reply<K>
  }
}

/** Sign-in with a consent screen's code (`POST /auth/google/exchange`, `/auth/microsoft/exchange`, `/auth/github`). */
function signInWithCode<K extends CodeSignIn>(provider: OAuthProvider, message: string) {
  return async (ctx: OperationContext<K>): Promise<Reply<K>> => {
    const now = ctx.services.now().getTime()
    const body: { code: string; deviceInfo?: DeviceDetails; activationUid?: string; activationToken?: string } = ctx.body
    const held = ctx.store.providers.code(provider, body.code, now)
    if (!held) throw invalidCode()
    const found = existingUser(ctx, held.identity)
    const invitation = invitationOf(ctx, body, held.identity)
    // Every check has passed: from here on the sign-in changes the world.
    ctx.store.providers.useCode(body.code)
    if (invitation) ctx.store.emailTokens.use(invitation)
    const user = await commitUser(ctx, held.identity, found, provider)
    const tokens = ctx.store.providers.issueTokens(provider, held.identity, now)
    return { status: 200, body: answer(ctx, user, provider, body.deviceInfo, tokens, message) } as Reply<K>
  }
}

/** A provider's refresh: its new tokens (`POST /auth/{provider}/refresh`). */
function refreshWith<K extends ProviderRefresh>(provider: OAuthProvider) {
  return (ctx: OperationContext<K>): Reply<K> => {
    const renewed = ctx.store.providers.renew(provider, ctx.body.refresh_token, ctx.services.now().getTime())
    if (!renewed) throw new ApiError('UNAUTHENTICATED', `${DISPLAY[provider]} refresh token is unknown, expired or already replaced`, 'INVALID_REFRESH_TOKEN')
    return { status: 200, body: { success: true, token: renewed.token, accessToken: renewed.token, refreshToken: renewed.refreshToken, expiresAt: renewed.expiresAt } } as Reply<K>
  }
}

function checkStellarAddress(address: string): void {
  if (!publicKeyOfStellarAddress(address)) throw new ApiError('INVALID_REQUEST', 'Invalid request body: address must be a Stellar account id (G…)', 'INVALID_REQUEST')
}

/**
 * `POST /auth/web3`: the signature is checked outside the write queue (WebCrypto answers in a promise), then the
 * nonce and the address's user inside it.
 */
const signInWithWeb3 = withPreparation<'signInWithWeb3'>(
  async (ctx) => {
    const { address, nonce } = ctx.body
    checkStellarAddress(address)
    if (ctx.prepared !== true) throw new ApiError('UNAUTHENTICATED', 'The signature is not the signature of the nonce by this address', 'INVALID_SIGNATURE')
    if (ctx.store.providers.nonceUsed(address, nonce)) throw new ApiError('UNAUTHENTICATED', 'This nonce has already signed in: sign a fresh one', 'NONCE_ALREADY_USED')
    const identity = ctx.store.providers.walletOwner(address)
    if (!identity) throw new ApiError('UNAUTHENTICATED', 'No account is linked to this Stellar address', 'WALLET_NOT_LINKED')
    const found = existingUser(ctx, identity)
    ctx.store.providers.useNonce(address, nonce)
    const user = await commitUser(ctx, identity, found, 'WEB3_STELLAR')
    return { status: 200, body: answer(ctx, user, 'WEB3_STELLAR', ctx.body.deviceInfo, undefined, 'User logged in') }
  },
  (ctx) => {
    checkStellarAddress(ctx.body.address)
    return verifyStellarSignature(ctx.body.address, ctx.body.nonce, ctx.body.signature)
  },
)

/**
 * Sign-in with Google, GitHub, Microsoft and a Stellar wallet, the mock standing in for each provider
 * (`mock.providers`). Every sign-in starts a session as login does; the provider refreshes renew the provider's
 * tokens only.
 */
export const providerSignInResolvers = {
  signInWithGoogle: signInWithToken<'signInWithGoogle'>('GOOGLE'),
  exchangeGoogleCode: signInWithCode<'exchangeGoogleCode'>('GOOGLE', 'User logged in'),
  refreshGoogleToken: refreshWith<'refreshGoogleToken'>('GOOGLE'),
  signInWithGithub: signInWithCode<'signInWithGithub'>('GITHUB', 'Authentication successful'),
  refreshGithubToken: refreshWith<'refreshGithubToken'>('GITHUB'),
  signInWithMicrosoft: signInWithToken<'signInWithMicrosoft'>('MICROSOFT'),
  exchangeMicrosoftCode: signInWithCode<'exchangeMicrosoftCode'>('MICROSOFT', 'User logged in'),
  refreshMicrosoftToken: refreshWith<'refreshMicrosoftToken'>('MICROSOFT'),
  signInWithWeb3,
}
