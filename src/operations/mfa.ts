import { Roles } from '../access/roles.js'
import type { MfaMethod, MfaRecord } from '../data/account-records.js'
import { BACKUP_CODE_COUNT, OFFERED_METHODS, afterSuccess, isMfaRequired, signInMethods } from '../data/mfa-state.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { FlashbackStore } from '../data/store.js'
import { isTotpCode, totpSecretOf, totpUri } from '../data/totp.js'
import { withPreparation, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'
import { done, fail, refuseWhileLocked, withMethod, without } from './mfa-attempts.js'
import { confirmPasskey, signInWithPasskey, startPasskeySetup, warmPasskeyCheck } from './passkeys.js'
import { sessionOrigin } from './sessions-and-devices.js'
import { randomHex } from '../data/random-hex.js'

const INVALID_CODE = 'Invalid verification code'
const MAGIC_LINK: { invalid: string; expired: string } = {
  invalid: 'Magic link is invalid or has already been used',
  expired: 'Magic link has expired: ask for a new one',
}

/** What each method's setup keeps in a user's MFA record: forgotten when the method is disabled. */
const SETUP_FIELDS: Record<MfaMethod, (keyof MfaRecord)[]> = {
  GOOGLE_AUTH: ['totpSecret', 'backupCodes'],
  MAGIC_LINK: ['magicLinkEmail'],
  PASSKEY: ['passkeys', 'passkeyRegistration', 'passkeyAuthentication'],
}

/** Whether the user's organization enforces MFA (`isEnforced`); false without an organization. */
function enforcedFor(store: FlashbackStore, user: UserRecord): boolean {
  return (user.orgId !== null && store.organization(user.orgId)?.mfaEnforced) || false
}

/** `mfaRequired` of GET /user/profile: the same per-user value as `isRequired` of GET /mfa/status. */
export function mfaRequiredOf(store: FlashbackStore, user: UserRecord): boolean {
  return isMfaRequired(store.account.mfaOf(user.id), enforcedFor(store, user))
}

/** The methods a password sign-in of the user must be followed by (none: one step), primary first. */
export function signInMethodsOf(store: FlashbackStore, user: UserRecord): MfaMethod[] {
  const mfa = store.account.mfaOf(user.id)
  const methods = signInMethods(mfa, enforcedFor(store, user))
  return methods.includes(mfa.primaryMethod!) ? [mfa.primaryMethod!, ...methods.filter((m) => m !== mfa.primaryMethod)] : methods
}


/** Keeps the verified MFA record and gives the sign-in full access. */
function fullAccess(ctx: OperationContext<'verifyMfaLogin'>, verified: MfaRecord): Reply<'verifyMfaLogin'> {
  const user = ctx.caller
  ctx.store.account.setMfa(user.id, verified)
  const session = ctx.callerSession
  // The waiting sign-in gets full access; a revoked one (or any other token) starts a new sign-in instead.
  const tokens = session?.mfaPending && session.revokedAt === null ? ctx.sessions.completeMfa(session, user) : ctx.sessions.start(user, sessionOrigin(ctx, 'MFA'))
  return {
    status: 200,
    body: { success: true, message: 'MFA verification successful', fullAccessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tokenId: tokens.tokenId, expiresAt: tokens.expiresAt },
  }
}

/**
 * MFA as the official client drives it: set up (TOTP, magic link, passkey), confirm, enable, disable, primary, reset, and
 * the MFA step of a sign-in. Enforcement is the organization's `mfaEnforced`; `isRequired` is per user.
 */
export const mfaResolvers = {
  async enforceOrganizationMfa(ctx: OperationContext<'enforceOrganizationMfa'>): Promise<Reply<'enforceOrganizationMfa'>> {
    // x-access (organization `caller`, ADMINISTRATORS) has checked the caller has an organization.
    const { enforced } = ctx.body
    await ctx.store.updateOrganization(ctx.caller.orgId!, { mfaEnforced: enforced })
    return { status: 200, body: { success: true, message: `MFA enforcement ${enforced ? 'enabled' : 'disabled'} for organization` } }
  },

  getMfaStatus(ctx: OperationContext<'getMfaStatus'>): Reply<'getMfaStatus'> {
    const enforced = enforcedFor(ctx.store, ctx.caller)
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    const { enabledMethods, primaryMethod } = mfa
    return {
      status: 200,
      body: {
        success: true,
        data: {
          isEnabled: enabledMethods.length > 0,
          isRequired: isMfaRequired(mfa, enforced),
          isEnforced: enforced,
          enabledMethods,
          ...(primaryMethod ? { primaryMethod } : {}),
          sessionVerified: ctx.callerSession?.mfaPending !== true,
        },
      },
    }
  },

  getMfaMethods(_ctx: OperationContext<'getMfaMethods'>): Reply<'getMfaMethods'> {
    return { status: 200, body: { success: true, data: [...OFFERED_METHODS] } }
  },

  setupMfa(ctx: OperationContext<'setupMfa'>): Reply<'setupMfa'> {
    const { mfaType, email } = ctx.body
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    if (mfa.enabledMethods.includes(mfaType)) throw new ApiError('INVALID_REQUEST', `${mfaType} is already enabled: disable it first`)
    if (mfaType === 'PASSKEY') return startPasskeySetup(ctx, mfa)
    const verifiedMethods = without(mfa.verifiedMethods, mfaType)
    if (mfaType === 'GOOGLE_AUTH') {
      const secret = totpSecretOf(crypto.getRandomValues(new Uint8Array(20)))
      const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, () => `${randomHex(2)}-${randomHex(2)}`)
      ctx.store.account.setMfa(ctx.caller.id, { ...mfa, verifiedMethods, totpSecret: secret, backupCodes })
      const uri = totpUri(secret, ctx.caller.email)
      return { status: 200, body: { success: true, message: 'Scan the QR code and confirm with a code', data: { secret, qrCode: uri, otpauthUrl: uri, backupCodes } } }
    }
    const address = email ?? ctx.caller.email
    ctx.store.account.setMfa(ctx.caller.id, { ...mfa, verifiedMethods, magicLinkEmail: address })
    sendEmail(ctx.store, ctx.services, ctx.caller, 'magic-link', address)
    return { status: 200, body: { success: true, message: 'Magic link sent: open it to confirm', data: { email: address, verificationRequired: true } } }
  },

  // A passkey's check loads the WebAuthn library: before the write queue (see withPreparation).
  verifyMfaSetup: withPreparation((ctx: OperationContext<'verifyMfaSetup'>): Reply<'verifyMfaSetup'> | Promise<Reply<'verifyMfaSetup'>> => {
    const { mfaType, code, credential } = ctx.body
    if (mfaType === 'PASSKEY') return confirmPasskey(ctx, credential)
    if (mfaType === 'MAGIC_LINK') throw new ApiError('INVALID_REQUEST', 'MAGIC_LINK is confirmed with POST /mfa/magic-link/activate')
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    if (mfa.totpSecret === undefined) throw new ApiError('INVALID_REQUEST', 'Set up GOOGLE_AUTH first with POST /mfa/setup')
    if (code === undefined) throw new ApiError('INVALID_REQUEST', 'code is required for GOOGLE_AUTH')
    const now = ctx.services.now().getTime()
    refuseWhileLocked(mfa, now)
    if (!isTotpCode(mfa.totpSecret, code.trim(), now)) fail(ctx, ctx.caller.id, mfa, INVALID_CODE)
    ctx.store.account.setMfa(ctx.caller.id, { ...afterSuccess(mfa), verifiedMethods: withMethod(mfa.verifiedMethods, 'GOOGLE_AUTH') })
    return done('GOOGLE_AUTH setup verified')
  }, warmPasskeyCheck),

  enableMfa(ctx: OperationContext<'enableMfa'>): Reply<'enableMfa'> {
    const { mfaType } = ctx.body
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    if (!mfa.enabledMethods.includes(mfaType)) {
      if (!mfa.verifiedMethods?.includes(mfaType)) throw new ApiError('INVALID_REQUEST', `Set up and verify ${mfaType} before enabling it`)
      ctx.store.account.setMfa(ctx.caller.id, { ...mfa, enabledMethods: [...mfa.enabledMethods, mfaType], primaryMethod: mfa.primaryMethod ?? mfaType })
    }
    return done(`${mfaType} enabled`)
  },

  disableMfa(ctx: OperationContext<'disableMfa'>): Reply<'disableMfa'> {
    const { mfaType } = ctx.body
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    if (!mfa.enabledMethods.includes(mfaType)) throw new ApiError('INVALID_REQUEST', `${mfaType} is not enabled`)
    if (mfa.enabledMethods.length === 1 && enforcedFor(ctx.store, ctx.caller)) {
      throw new ApiError('FORBIDDEN', 'Your organization enforces MFA: keep at least one method enabled')
    }
    const enabledMethods = without(mfa.enabledMethods, mfaType)
    const { primaryMethod, ...rest } = mfa
    const next: MfaRecord = { ...rest, enabledMethods, verifiedMethods: without(mfa.verifiedMethods, mfaType) }
    const primary = primaryMethod === mfaType ? enabledMethods[0] : primaryMethod
    if (primary) next.primaryMethod = primary
    // The method's setup is forgotten with it: turning it on again needs a new setup.
    for (const field of SETUP_FIELDS[mfaType]) delete next[field]
    ctx.store.account.setMfa(ctx.caller.id, next)
    return done(`${mfaType} disabled`)
  },

  setPrimaryMfa(ctx: OperationContext<'setPrimaryMfa'>): Reply<'setPrimaryMfa'> {
    const { mfaType } = ctx.body
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    if (!mfa.enabledMethods.includes(mfaType)) throw new ApiError('INVALID_REQUEST', `${mfaType} is not enabled`)
    ctx.store.account.setMfa(ctx.caller.id, { ...mfa, primaryMethod: mfaType })
    return done(`Primary MFA method set to ${mfaType}`)
  },

  resetMfa(ctx: OperationContext<'resetMfa'>): Reply<'resetMfa'> {
    const targetId = ctx.body.resetUserId ?? ctx.caller.id
    if (targetId !== ctx.caller.id) {
      if (ctx.caller.orgRole === null || ctx.caller.orgRole < Roles.ADMINISTRATORS) {
        throw new ApiError('FORBIDDEN', "Insufficient permissions. OWNER or ADMINISTRATOR role required to reset another user's MFA.")
      }
      const target = ctx.store.user(targetId)
      if (!target || target.deletedAt !== null || target.orgId !== ctx.caller.orgId) throw new ApiError('NOT_FOUND', 'User not found')
    }
    ctx.store.account.resetMfa(targetId)
    return { status: 200, body: { success: true, message: 'MFA reset successfully' } }
  },

  sendMagicLink(ctx: OperationContext<'sendMagicLink'>): Reply<'sendMagicLink'> {
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    const setUp = mfa.enabledMethods.includes('MAGIC_LINK') || mfa.verifiedMethods?.includes('MAGIC_LINK')
    if (!setUp || mfa.magicLinkEmail === undefined) throw new ApiError('INVALID_REQUEST', 'Set up MAGIC_LINK first with POST /mfa/setup')
    sendEmail(ctx.store, ctx.services, ctx.caller, 'magic-link', mfa.magicLinkEmail)
    return { status: 200, body: { success: true, message: 'Magic link sent', data: { message: `Magic link sent to ${mfa.magicLinkEmail}` } } }
  },

  activateMagicLink(ctx: OperationContext<'activateMagicLink'>): Reply<'activateMagicLink'> {
    const found = ctx.store.emailTokens.find(ctx.body.token, ['magic-link'], ctx.services.now().getTime())
    if (found === 'expired') throw new ApiError('INVALID_REQUEST', MAGIC_LINK.expired)
    const user = found === 'invalid' ? undefined : ctx.store.user(found.userId)
    const mfa = user && ctx.store.account.mfaOf(user.id)
    if (found === 'invalid' || !user || user.deletedAt !== null || mfa?.magicLinkEmail === undefined) throw new ApiError('INVALID_REQUEST', MAGIC_LINK.invalid)
    ctx.store.account.setMfa(user.id, { ...mfa, verifiedMethods: withMethod(mfa.verifiedMethods, 'MAGIC_LINK') })
    ctx.store.emailTokens.use(ctx.body.token)
    return { status: 200, body: { success: true, message: 'Magic link activated' } }
  },

  // A passkey's check loads the WebAuthn library: before the write queue (see withPreparation).
  verifyMfaLogin: withPreparation((ctx: OperationContext<'verifyMfaLogin'>): Reply<'verifyMfaLogin'> | Promise<Reply<'verifyMfaLogin'>> => {
    const { mfaType, code, token, credential } = ctx.body
    const user = ctx.caller
    if (!signInMethodsOf(ctx.store, user).includes(mfaType)) throw new ApiError('INVALID_REQUEST', `${mfaType} is not enabled for this account`)
    const mfa = ctx.store.account.mfaOf(user.id)
    const now = ctx.services.now().getTime()
    refuseWhileLocked(mfa, now)
    if (mfaType === 'PASSKEY') return signInWithPasskey(ctx, mfa, credential).then((verified) => fullAccess(ctx, verified))
    let verified: MfaRecord
    if (mfaType === 'GOOGLE_AUTH') {
      if (code === undefined) throw new ApiError('INVALID_REQUEST', 'code is required for GOOGLE_AUTH')
      const given = code.trim().toLowerCase()
      if (isTotpCode(mfa.totpSecret!, given, now)) verified = afterSuccess(mfa)
      else if (mfa.backupCodes?.includes(given)) verified = { ...afterSuccess(mfa), backupCodes: mfa.backupCodes.filter((c) => c !== given) }
      else fail(ctx, user.id, mfa, INVALID_CODE)
    } else {
      if (token === undefined) throw new ApiError('INVALID_REQUEST', 'token is required for MAGIC_LINK')
      const found = ctx.store.emailTokens.find(token, ['magic-link'], now)
      if (found === 'expired') fail(ctx, user.id, mfa, MAGIC_LINK.expired)
      if (found === 'invalid' || found.userId !== user.id) fail(ctx, user.id, mfa, INVALID_CODE)
      ctx.store.emailTokens.use(token)
      verified = afterSuccess(mfa)
    }
    return fullAccess(ctx, verified)
  }, warmPasskeyCheck),
}
