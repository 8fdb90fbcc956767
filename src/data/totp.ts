// The slim build imports @noble/hashes, the copy the mock already bundles for its token signatures.
import { Secret, TOTP } from 'otpauth/slim'

/** The client's `DEFAULT_MFA_CONFIG.totpWindow`: a code of up to 2 steps (60 seconds) before or after now is accepted. */
export const TOTP_WINDOW = 2
/** RFC 6238's defaults, which authenticator apps assume: 6 digits, a 30-second step, HMAC-SHA1. */
const PERIOD_SECONDS = 30
const DIGITS = 6

function totpOf(secret: string, account = 'user'): TOTP {
  return new TOTP({ issuer: 'Flashback', label: account, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) })
}

/** A new TOTP secret in base32 (160 bits, as RFC 4226 recommends) made of the given random bytes. */
export function totpSecretOf(bytes: Uint8Array): string {
  return new Secret({ buffer: bytes.slice().buffer as ArrayBuffer }).base32
}

/** The code an authenticator app shows at `now` (epoch milliseconds). */
export function totpCode(secret: string, now: number): string {
  return totpOf(secret).generate({ timestamp: now })
}

/** Whether a code is the secret's at `now`, give or take `TOTP_WINDOW` steps. */
export function isTotpCode(secret: string, code: string, now: number): boolean {
  return /^\d{6}$/.test(code) && totpOf(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW }) !== null
}

/** The `otpauth://` URI an authenticator app scans (what a QR code holds). */
export function totpUri(secret: string, account: string): string {
  return totpOf(secret, account).toString()
}
