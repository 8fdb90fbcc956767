/**
 * The access rule an operation declares in its `x-access` extension.
 * `src/access/policy.ts` is the one place that interprets it.
 */
export interface AccessRule {
  /** The lowest role allowed, by name; `null` when any authenticated user may call. */
  minRole: string | null
  /** Whose organization the caller must share. */
  organization: 'caller' | 'target-user' | 'path-organization' | 'none'
  /** The target user's role must be strictly below the caller's (OWNER excepted). */
  manageTarget?: boolean
  /** The body field holding a role that must be strictly below the caller's (OWNER excepted). */
  assignRole?: string
  /** What a known token whose user record is gone means: `not-found` (404) or, by default, 401. */
  missingCaller?: 'not-found'
  /** The documented message of a role refusal. */
  deniedMessage: string | null
}

const ORGANIZATION_SCOPES = new Set(['caller', 'target-user', 'path-organization', 'none'])

/** Reads and checks an operation's `x-access`, failing loudly on a malformed document. */
export function readAccessRule(operationId: string, value: unknown): AccessRule {
  const rule = value as Partial<AccessRule> | undefined
  if (!rule || typeof rule !== 'object' || !ORGANIZATION_SCOPES.has(rule.organization as string)) {
    throw new Error(`Operation "${operationId}" declares no valid x-access rule`)
  }
  return {
    minRole: rule.minRole ?? null,
    organization: rule.organization!,
    manageTarget: rule.manageTarget === true,
    ...(rule.assignRole ? { assignRole: rule.assignRole } : {}),
    ...(rule.missingCaller ? { missingCaller: rule.missingCaller } : {}),
    deniedMessage: rule.deniedMessage ?? null,
  }
}
