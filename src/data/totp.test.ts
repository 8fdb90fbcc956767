import { describe, expect, it } from 'vitest'
import { isTotpCode, totpCode, totpSecretOf, totpUri } from './totp.js'

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 (8 digits) at 59 s; 6 digits: 287082.
const RFC_SECRET = totpSecretOf(new TextEncoder().encode('12345678901234567890'))

describe('TOTP codes', () => {
  it('gives the RFC 6238 test vector at 59 seconds', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082')
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804')
  })

  it('accepts a code up to two steps early or late and refuses one three steps away', () => {
    const now = 1_700_000_000_000
    const code = totpCode(RFC_SECRET, now)
    expect(isTotpCode(RFC_SECRET, code, now + 60_000)).toBe(true)
    expect(isTotpCode(RFC_SECRET, code, now - 60_000)).toBe(true)
    expect(isTotpCode(RFC_SECRET, code, now + 120_000)).toBe(false)
  })

  it('refuses anything that is not six digits', () => {
    expect(isTotpCode(RFC_SECRET, 'abcdef', 0)).toBe(false)
    expect(isTotpCode(RFC_SECRET, '', 0)).toBe(false)
  })

  it('writes the otpauth URI an authenticator app scans', () => {
    expect(totpUri(RFC_SECRET, 'jane@acme.com')).toMatch(/^otpauth:\/\/totp\/Flashback:jane%40acme\.com\?issuer=Flashback&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/)
  })
})
