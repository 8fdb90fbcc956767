import { roleName, rolesAtOrBelow, type OrgRole } from '../access/roles.js'
import type { components } from '../spec/document.js'
import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'
import { shared } from './json-text.js'

type OrgUser = components['schemas']['OrgUser']

// A user is shown again and again unchanged (every list shows every member): the presented user is shared
// while the record shows the same, so its JSON text is written once per change (see `json-text.ts`).
const presented = new WeakMap<UserRecord, OrgUser>()

/**
 * A stored user as the API shows it: no password, with the role's name and the roles it includes.
 * Frozen, and the same object while the record shows the same values.
 */
export function presentUser(user: UserRecord): OrgUser {
  const known = presented.get(user)
  if (known !== undefined && stillShows(known, user)) return known
  const shown = shared(showUser(user))
  presented.set(user, shown)
  return shown
}

// A record is replaced on every write, but a test may still change one in place through `db`.
function stillShows(shown: OrgUser, user: UserRecord): boolean {
  return (
    shown.id === user.id &&
    shown.email === user.email &&
    shown.name === user.name &&
    shown.lastName === user.lastName &&
    shown.orgId === user.orgId &&
    shown.orgRole === (user.orgRole ?? NO_ROLE_IN_ORGANIZATION) &&
    shown.validated === user.validated &&
    shown.deletedAt === user.deletedAt
  )
}

function showUser(user: UserRecord): OrgUser {
  const { orgRole, orgRoleDescription, orgRoles } = presentRole(user.orgRole ?? NO_ROLE_IN_ORGANIZATION)
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    lastName: user.lastName,
    orgId: user.orgId,
    orgRole,
    validated: user.validated,
    deletedAt: user.deletedAt,
    orgRoleDescription,
    orgRoles,
  }
}

// The organization endpoints only show members of the caller's organization, who always have a role.
const NO_ROLE_IN_ORGANIZATION: OrgRole = 0

/** A role with its name and the roles it includes, as every user-shaped response carries it. */
export function presentRole(orgRole: OrgRole) {
  return { orgRole, orgRoleDescription: roleName(orgRole), orgRoles: rolesAtOrBelow(orgRole) }
}

export function presentOrganization(organization: OrganizationRecord): components['schemas']['Organization'] {
  return { ...organization }
}
