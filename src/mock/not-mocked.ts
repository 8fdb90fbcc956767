import { HTTP_STATUS } from '../operations/errors.js'
import type { RouteAnswer } from './unmatched.js'

/**
 * Calls of the official client (`@flashbacktech/flashbackclient`) that have no docs page and that the mock
 * deliberately does not answer yet: each gets a 501 naming the call and why, rather than a 405 from the
 * `/user/{userId}` route they would otherwise fall into. Keyed by method and path pattern.
 */
const NOT_MOCKED: readonly { method: string; pattern: RegExp; call: string; why: string }[] = [
  { method: 'POST', pattern: /^\/user\/pre-verify-email$/, call: 'preVerifyEmail', why: 'it checks an e-mail verification token, which only registration issues' },
  { method: 'POST', pattern: /^\/user\/verify-email$/, call: 'validateRegistration', why: 'it confirms a registration by its e-mail token, which only registration issues' },
  { method: 'POST', pattern: /^\/user\/resend-verification\/[^/]+$/, call: 'resendVerificationEmail', why: "it resends a registration's verification e-mail by the verificationTokenId registration returns" },
  { method: 'POST', pattern: /^\/user\/activate$/, call: 'userActivate', why: 'it completes a sign-up from an activation link (uid and token) and returns login tokens' },
  { method: 'POST', pattern: /^\/user\/request-reset-password$/, call: 'requestPasswordReset', why: 'it is called without a token and answers by e-mail' },
  { method: 'POST', pattern: /^\/user\/reset-password$/, call: 'resetPassword', why: 'it needs a reset token that only an e-mail carries' },
]

// Reads (most requests) are none of these calls: they are answered without a pattern tried.
const NOT_MOCKED_METHODS = new Set(NOT_MOCKED.map((c) => c.method))

/** The 501 for a known client call the mock does not answer, or null for any other request. */
export function notMockedCall(method: string, path: string): RouteAnswer | null {
  const upper = method.toUpperCase()
  if (!NOT_MOCKED_METHODS.has(upper)) return null
  const found = NOT_MOCKED.find((c) => c.method === upper && c.pattern.test(path))
  if (!found) return null
  const message = `${found.method} ${path} (the official client's ${found.call}) is not mocked: ${found.why}. See the README's list of the client's calls.`
  return { status: HTTP_STATUS.NOT_MOCKED, body: { success: false, error_code: 'NOT_MOCKED', message }, headers: {} }
}
