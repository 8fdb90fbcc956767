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

type UserList = { success: true; data: OrgUser[]; total: number }

// The last list answered, by its first user: the same users in the same order are the same (shared) body.
const lists = new WeakMap<OrgUser, UserList>()

/**
 * The body of a list of presented users. Frozen, and the same object while the list holds the same
 * presented users in the same order, so its whole text is written once per change, not joined from the
 * users' texts at every answer (that was most of what a list cost beyond a read).
 */
export function presentUserList(users: OrgUser[]): UserList {
  const first = users[0]
  const known = first === undefined ? undefined : lists.get(first)
  if (known !== undefined && sameUsers(known.data, users)) return known
  const list = shared({ success: true as const, data: users, total: users.length })
  if (first !== undefined) lists.set(first, list)
  return list
}

// The body answered for an array of records: the store gives an organization's members as the same array until one
// of them changes, so a list is answered without presenting each member again.
const listsOfRecords = new WeakMap<readonly UserRecord[], UserList>()

/**
 * `presentUserList(users.map(presentUser))`, kept for the array it was made from while every record still shows
 * what it did (a test may change a record in place through `db`).
 * @example
 * const body = presentUsers(store.usersOf(orgId))
 */
export function presentUsers(users: readonly UserRecord[]): UserList {
  const known = listsOfRecords.get(users)
  if (known !== undefined && stillShowsAll(known.data, users)) return known
  const list = presentUserList(users.map(presentUser))
  listsOfRecords.set(users, list)
  return list
}

function stillShowsAll(shown: readonly OrgUser[], users: readonly UserRecord[]): boolean {
  if (shown.length !== users.length) return false
  for (let i = 0; i < users.length; i++) if (!stillShows(shown[i]!, users[i]!)) return false
  return true
}

function sameUsers(known: readonly OrgUser[], users: readonly OrgUser[]): boolean {
  if (known.length !== users.length) return false
  for (let i = 0; i < users.length; i++) if (known[i] !== users[i]) return false
  return true
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
