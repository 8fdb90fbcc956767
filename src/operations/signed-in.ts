import type { IssuedTokens } from '../data/sessions.js'
import type { UserRecord } from '../data/record-schemas.js'

/**
 * The user as login, register, verify-email and activate show it: the docs' id, email, display name and orgId,
 * plus the client's orgRole. Without an organization both are left out: the client types them optional.
 */
export function authUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: `${user.name} ${user.lastName}`.trim(),
    ...(user.orgId === null ? {} : { orgId: user.orgId }),
    ...(user.orgRole === null ? {} : { orgRole: user.orgRole }),
  }
}

/** The answer of a call that signs the user in: the session's tokens and the user. */
export function signedIn(tokens: IssuedTokens, user: UserRecord) {
  return { success: true as const, ...tokens, user: authUser(user) }
}
