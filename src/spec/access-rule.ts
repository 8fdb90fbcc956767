/** Why a request is refused by the rules; each reason may have its own documented message. */
export type DenialReason = 'role-too-low' | 'no-organization' | 'other-organization' | 'target-rank' | 'assigned-rank' | 'own-role' | 'unverified-email'

/**
 * The access rule an operation declares in its `x-access` extension. The operation core applies it
 * (`src/operations/authorize.ts`) before any resolver runs, with the pure checks of `src/access/policy.ts`.
 */
export interface AccessRule {
  /** `none` for the sign-in calls (login, refresh, register, logout): no bearer token is needed, and one sent is ignored. */
  authentication: 'bearer' | 'none'
  /** The lowest role allowed, by name; `null` when any authenticated user may call. */
  minRole: string | null
  /** Whose organization the caller must share: its own, the target user's, or the one in the path. */
  organization: 'caller' | 'target-user' | 'path-organization' | 'none'
  /** The path parameter naming the target (a user for `target-user`, an organization for `path-organization`). */
  target?: string
  /** The target user's role must be strictly below the caller's (OWNER excepted). */
  manageTarget?: boolean
  /** The lowest role allowed to act on another user than oneself, by name (acting on oneself needs only `minRole`). */
  othersMinRole?: string
  /** The body field holding a role that must be strictly below the caller's (OWNER excepted). */
  assignRole?: string
  /** What a caller without an organization gets where the docs answer it otherwise than 403: `not-found` (404) or `invalid-request` (400). */
  noOrganization?: 'not-found' | 'invalid-request'
  /** A write the register page blocks until the caller's e-mail is verified. */
  verifiedEmail?: boolean
  /** What a known token whose user record is gone means: `not-found` (404) or, by default, 401. */
  missingCaller?: 'not-found'
  /** The documented message of a role refusal, and of any refusal without a message of its own. */
  deniedMessage: string | null
  /** Messages for particular refusals, e.g. `other-organization`. */
  messages: Partial<Record<DenialReason, string>>
}

const AUTHENTICATIONS = new Set(['bearer', 'none'])
const ORGANIZATION_SCOPES = new Set(['caller', 'target-user', 'path-organization', 'none'])

/** Reads and checks an operation's `x-access`, failing loudly on a malformed document. */
export function readAccessRule(operationId: string, value: unknown, pathParams: readonly string[] = []): AccessRule {
  const rule = value as Partial<AccessRule> | undefined
  if (!rule || typeof rule !== 'object' || !ORGANIZATION_SCOPES.has(rule.organization as string)) {
    throw new Error(`Operation "${operationId}" declares no valid x-access rule`)
  }
  const authentication = rule.authentication ?? 'bearer'
  if (!AUTHENTICATIONS.has(authentication)) throw new Error(`Operation "${operationId}": x-access.authentication must be "bearer" or "none"`)
  if (authentication === 'none' && (rule.minRole != null || rule.organization !== 'none')) {
    throw new Error(`Operation "${operationId}": an operation without authentication can have no role or organization rule`)
  }
  const needsTarget = rule.organization === 'target-user' || rule.organization === 'path-organization'
  if (needsTarget && !(rule.target && pathParams.includes(rule.target))) {
    throw new Error(`Operation "${operationId}": x-access.target must name one of its path parameters (${pathParams.join(', ')})`)
  }
  return {
    authentication,
    minRole: rule.minRole ?? null,
    organization: rule.organization!,
    ...(needsTarget ? { target: rule.target } : {}),
    manageTarget: rule.manageTarget === true,
    ...(rule.verifiedEmail === true ? { verifiedEmail: true } : {}),
    ...(rule.othersMinRole ? { othersMinRole: rule.othersMinRole } : {}),
    ...(rule.assignRole ? { assignRole: rule.assignRole } : {}),
    ...(rule.missingCaller ? { missingCaller: rule.missingCaller } : {}),
    ...(rule.noOrganization ? { noOrganization: rule.noOrganization } : {}),
    deniedMessage: rule.deniedMessage ?? null,
    messages: { ...rule.messages },
  }
}
