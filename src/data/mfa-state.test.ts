import { describe, expect, it } from 'vitest'
import { afterFailure, afterSuccess, isMfaRequired, lockoutMinutesLeft, signInMethods } from './mfa-state.js'
import type { MfaRecord } from './account-records.js'

const totp: MfaRecord = { enabledMethods: ['GOOGLE_AUTH'], primaryMethod: 'GOOGLE_AUTH', verifiedMethods: ['GOOGLE_AUTH'], totpSecret: 'JBSWY3DPEHPK3PXP' }

describe('MFA state', () => {
  it('asks for an enabled method at sign-in only when its secret is known', () => {
    expect(signInMethods(totp, false)).toEqual(['GOOGLE_AUTH'])
    expect(signInMethods({ enabledMethods: ['GOOGLE_AUTH', 'PASSKEY'] }, true)).toEqual([])
  })

  it('asks for PASSKEY at sign-in once a credential is registered', () => {
    const passkey = { id: 'AQID', publicKey: 'pQECAyYgASFYIA', counter: 0, createdAt: '2026-01-01T00:00:00.000Z' }
    expect(signInMethods({ enabledMethods: ['PASSKEY'], passkeys: [passkey] }, false)).toEqual(['PASSKEY'])
    expect(signInMethods({ enabledMethods: ['PASSKEY'], passkeys: [] }, false)).toEqual([])
  })

  it('asks for a confirmed method that is not enabled only where the organization enforces MFA', () => {
    const confirmed: MfaRecord = { enabledMethods: [], verifiedMethods: ['MAGIC_LINK'], magicLinkEmail: 'a@b.co' }
    expect(signInMethods(confirmed, false)).toEqual([])
    expect(signInMethods(confirmed, true)).toEqual(['MAGIC_LINK'])
  })

  it('requires MFA of an enrolled user of an enforcing organization only', () => {
    expect(isMfaRequired(totp, true)).toBe(true)
    expect(isMfaRequired(totp, false)).toBe(false)
    expect(isMfaRequired({ enabledMethods: [] }, true)).toBe(false)
  })

  it('locks for 15 minutes at the fifth failure in a row, and a success forgets the failures', () => {
    let mfa = totp
    for (let i = 0; i < 4; i++) mfa = afterFailure(mfa, 0)
    expect(mfa.failedAttempts).toBe(4)
    expect(lockoutMinutesLeft(mfa, 0)).toBe(0)
    mfa = afterFailure(mfa, 0)
    expect(lockoutMinutesLeft(mfa, 0)).toBe(15)
    expect(lockoutMinutesLeft(mfa, 15 * 60_000)).toBe(0)
    expect(afterSuccess(afterFailure(totp, 0))).toEqual(totp)
  })
})
