import type { MfaMethod, MfaRecord } from './account-records.js'

/** The client's `DEFAULT_MFA_CONFIG`: failed verifications allowed in a row, and how long the lockout after them lasts. */
export const MFA_MAX_ATTEMPTS = 5
export const MFA_LOCKOUT_MS = 15 * 60 * 1000
/** The client's `DEFAULT_MFA_CONFIG.backupCodeCount`. */
export const BACKUP_CODE_COUNT = 10

/** The methods the mock can set up and check. */
export const OFFERED_METHODS: readonly MfaMethod[] = ['GOOGLE_AUTH', 'MAGIC_LINK', 'PASSKEY']

/**
 * Whether the mock can check a method of the record: GOOGLE_AUTH needs its TOTP secret, MAGIC_LINK its address,
 * PASSKEY a registered credential.
 * A fixture's method without them is "status only": shown by GET /mfa/status, never asked for at sign-in.
 */
function checkable(mfa: MfaRecord, method: MfaMethod): boolean {
  if (method === 'GOOGLE_AUTH') return mfa.totpSecret !== undefined
  if (method === 'MAGIC_LINK') return mfa.magicLinkEmail !== undefined
  return (mfa.passkeys?.length ?? 0) > 0
}

/** Whether the user has enrolled: a method enabled, or set up and confirmed. */
export function isEnrolled(mfa: MfaRecord): boolean {
  return mfa.enabledMethods.length > 0 || (mfa.verifiedMethods?.length ?? 0) > 0
}

/** `isRequired` of GET /mfa/status (`mfaRequired` of the profile): the organization enforces MFA and the user has enrolled. */
export function isMfaRequired(mfa: MfaRecord, enforced: boolean): boolean {
  return enforced && isEnrolled(mfa)
}

/**
 * The methods sign-in asks for (none: one-step sign-in): the enabled ones the mock can check, and where the
 * organization enforces MFA the confirmed ones too.
 */
export function signInMethods(mfa: MfaRecord, enforced: boolean): MfaMethod[] {
  const candidates = new Set([...mfa.enabledMethods, ...(enforced ? (mfa.verifiedMethods ?? []) : [])])
  return [...candidates].filter((method) => checkable(mfa, method))
}

/** Minutes left of a lockout at `now`, or 0 when verifications are allowed. */
export function lockoutMinutesLeft(mfa: MfaRecord, now: number): number {
  return mfa.lockedUntil !== undefined && now < mfa.lockedUntil ? Math.ceil((mfa.lockedUntil - now) / 60_000) : 0
}

/** The record after a failed verification at `now`: the count grows, and at the limit a lockout starts and the count restarts. */
export function afterFailure(mfa: MfaRecord, now: number): MfaRecord {
  const failedAttempts = (mfa.failedAttempts ?? 0) + 1
  if (failedAttempts < MFA_MAX_ATTEMPTS) return { ...mfa, failedAttempts }
  const { failedAttempts: _, ...rest } = mfa
  return { ...rest, lockedUntil: now + MFA_LOCKOUT_MS }
}

/** The record after a successful verification: no failures counted, no lockout. */
export function afterSuccess(mfa: MfaRecord): MfaRecord {
  const { failedAttempts: _failed, lockedUntil: _locked, ...rest } = mfa
  return rest
}
