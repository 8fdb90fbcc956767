import { roleName, rolesAtOrBelow, type OrgRole } from '../access/roles.js'
import type { components } from '../spec/document.js'
import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'

type OrgUser = components['schemas']['OrgUser']

/** A stored user as the API shows it: no password, with the role's name and the roles it includes. */
export function presentUser(user: UserRecord): OrgUser {
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
