import { checkCaller, checkOrganization, checkOthers, checkRoleChange, checkTarget, checkTargetUserOrganization, type Denial, type Principal } from '../access/policy.js'
import type { OrgRole } from '../access/roles.js'
import type { FlashbackStore } from '../data/store.js'
import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'
import type { OperationSpec } from '../spec/operations.js'
import { ApiError } from './errors.js'

/** What an operation's `x-access` loads from its path: the target user or organization, checked. */
export type Target = { user: UserRecord } | { organization: OrganizationRecord } | null

/** The answer to a write before the caller's e-mail is verified. */
const UNVERIFIED_EMAIL = 'Verify your e-mail address first: changes are blocked until it is verified'

function asPrincipal(user: UserRecord): Principal {
  return { id: user.id, orgId: user.orgId, orgRole: user.orgRole, validated: user.validated }
}

/**
 * Throws the 403 for a denial: the message `x-access` gives that reason, else the operation's documented one.
 * A caller without an organization gets the status `x-access.noOrganization` names, where the docs give one.
 */
function refuse(operation: OperationSpec, denial: Denial | null): void {
  if (!denial) return
  const { messages, deniedMessage, noOrganization } = operation.access
  if (denial.reason === 'unverified-email') throw new ApiError('FORBIDDEN', messages['unverified-email'] ?? UNVERIFIED_EMAIL, 'EMAIL_NOT_VERIFIED')
  const message = messages[denial.reason] ?? deniedMessage ?? 'Insufficient permissions'
  if (denial.reason === 'no-organization' && noOrganization) throw new ApiError(noOrganization === 'not-found' ? 'NOT_FOUND' : 'INVALID_REQUEST', message)
  throw new ApiError('FORBIDDEN', message)
}

/** The caller's own role and membership: checked before the body is read or anything is looked up. */
export function authorizeCaller(operation: OperationSpec, caller: UserRecord): void {
  refuse(operation, checkCaller(operation.access, asPrincipal(caller)))
}

/**
 * Loads the target the rule names by its path parameter and applies the rule to it: existence (404),
 * same organization (403), the role needed to act on others (403), and, where the rule manages the
 * target, its rank (403).
 */
export function loadTarget(operation: OperationSpec, store: FlashbackStore, params: Record<string, string>, caller: UserRecord): Target {
  const { organization, target: param, manageTarget } = operation.access
  if (!param) return null
  const principal = asPrincipal(caller)
  if (organization === 'path-organization') {
    const found = store.organization(params[param]!)
    if (!found) throw new ApiError('NOT_FOUND', 'Organization not found')
    refuse(operation, checkOrganization(principal, found.id))
    return { organization: found }
  }
  const user = store.user(params[param]!)
  if (!user) throw new ApiError('NOT_FOUND', 'User not found')
  refuse(operation, checkTargetUserOrganization(operation.access, principal, asPrincipal(user)))
  refuse(operation, checkOthers(operation.access, principal, asPrincipal(user)))
  if (manageTarget) refuse(operation, checkTarget(operation.access, principal, asPrincipal(user)))
  return { user }
}

/** A role the body assigns (`x-access.assignRole`) must be one the caller may give; keeping a target's role is no change. */
export function authorizeRoleAssignment(operation: OperationSpec, caller: UserRecord, target: Target, body: unknown): void {
  const field = operation.access.assignRole
  const role = field ? (body as Record<string, unknown> | undefined)?.[field] : undefined
  if (role === undefined) return
  const targetUser = target && 'user' in target ? target.user : null
  if (targetUser && role === targetUser.orgRole) return
  refuse(operation, checkRoleChange(asPrincipal(caller), targetUser && asPrincipal(targetUser), role as OrgRole))
}
