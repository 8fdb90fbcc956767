/** The register page's password rule, the only one the docs state: 8 characters or more, with upper case, lower case and a digit. */
const STRONG_PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,}$/

/** What a refused password is told, wherever a password is set. */
export const WEAK_PASSWORD_MESSAGE = 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'

/**
 * Whether a password meets the rule. Every place a password is set applies it: register, create, update,
 * verify-email, activate and reset-password.
 * @example
 * isStrongPassword('SecurePass123') // true
 * isStrongPassword('alllowercase') // false
 */
export function isStrongPassword(password: string): boolean {
  return STRONG_PASSWORD.test(password)
}
