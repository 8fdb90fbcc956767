import type { AccessRule, DenialReason } from '../spec/access-rule.js'
import { Roles, roleByName, type OrgRole } from './roles.js'

/** Who is calling: only what the rules look at. */
export interface Principal {
  id: string
  orgId: string | null
  orgRole: OrgRole | null
  /** Whether the user's e-mail is verified. */
  validated: boolean
}

/** Why a request is refused; the operation turns it into its documented message. */
export type Denial = { reason: DenialReason }

const OWNER = Roles.OWNER

/** The caller's own role and membership, checked before the body is read or anything is looked up. */
export function checkCaller(rule: AccessRule, caller: Principal): Denial | null {
  return checkRole(rule, caller) ?? checkVerified(rule, caller)
}

function checkRole(rule: AccessRule, caller: Principal): Denial | null {
  if (rule.minRole === null) return null
  if (caller.orgId === null || caller.orgRole === null) {
    // Without an organization there is no role to compare. Viewing a known organization, and acting on
    // oneself where others need more (`othersMinRole`), are decided once the target is known.
    return rule.organization === 'path-organization' || rule.othersMinRole ? null : { reason: 'no-organization' }
  }
  const min = roleByName(rule.minRole)
  if (min === undefined) throw new Error(`x-access names an unknown role "${rule.minRole}"`)
  return caller.orgRole < min ? { reason: 'role-too-low' } : null
}

/** The register page: write operations are blocked until the e-mail is verified. */
export function checkVerified(rule: AccessRule, caller: Principal): Denial | null {
  return rule.verifiedEmail && !caller.validated ? { reason: 'unverified-email' } : null
}

/**
 * Same-organization rule for a target user. Acting on oneself, where the rule lets anyone do so
 * (`othersMinRole`), needs no organization: any user may update their own name.
 */
export function checkTargetUserOrganization(rule: AccessRule, caller: Principal, target: Principal): Denial | null {
  if (rule.othersMinRole && caller.id === target.id) return null
  return checkOrganization(caller, target.orgId)
}

/** Same-organization rule: the target (a user or the organization in the path) must be the caller's. */
export function checkOrganization(caller: Principal, targetOrgId: string | null): Denial | null {
  if (caller.orgId === null) return { reason: 'no-organization' }
  return targetOrgId === caller.orgId ? null : { reason: 'other-organization' }
}

/** Acting on another user than oneself may need a higher role than acting on oneself (`othersMinRole`). */
export function checkOthers(rule: AccessRule, caller: Principal, target: Principal): Denial | null {
  if (!rule.othersMinRole || caller.id === target.id) return null
  const min = roleByName(rule.othersMinRole)
  if (min === undefined) throw new Error(`x-access names an unknown role "${rule.othersMinRole}"`)
  return caller.orgRole !== null && caller.orgRole >= min ? null : { reason: 'role-too-low' }
}

/**
 * Acting on another user: its role must be strictly below the caller's, OWNER excepted.
 * Acting on oneself is allowed here; what one may change of oneself is `checkRoleChange`'s business.
 */
export function checkTarget(rule: AccessRule, caller: Principal, target: Principal): Denial | null {
  if (!rule.manageTarget || caller.orgRole === OWNER || caller.id === target.id) return null
  return target.orgRole !== null && caller.orgRole !== null && target.orgRole < caller.orgRole
    ? null
    : { reason: 'target-rank' }
}

/**
 * Assigning a role: only roles strictly below the caller's, OWNER excepted; and nobody but an
 * OWNER changes their own role.
 */
export function checkRoleChange(caller: Principal, target: Principal | null, role: OrgRole): Denial | null {
  if (caller.orgRole === OWNER) return null
  if (target && target.id === caller.id) return role === caller.orgRole ? null : { reason: 'own-role' }
  return caller.orgRole !== null && role < caller.orgRole ? null : { reason: 'assigned-rank' }
}
