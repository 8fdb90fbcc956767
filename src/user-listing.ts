import { roleName, type OrgRole } from './access/roles.js'

/** A user as `GET /__mock/users` lists it, as much of it as a terminal shows. */
interface ListedUser {
  name: string
  lastName: string
  email: string
  orgRole: number | null
  deletedAt: string | null
  token: string
}

/**
 * Two lines per user, as the server prints them at start and `flashback-mock users` prints them: name, e-mail
 * and role, then the header to send as that user.
 */
export function userListing(user: ListedUser): string[] {
  const role = user.orgRole === null ? 'no organization' : roleName(user.orgRole as OrgRole)
  const deleted = user.deletedAt ? ' (deleted)' : ''
  return [`${`${user.name} ${user.lastName}`.padEnd(22)} ${user.email.padEnd(36)} ${role}${deleted}`, `  Authorization: Bearer ${user.token}`]
}
