import { roleDefinitions, type OrgRole, type OrgRoleName } from '../spec/roles.js'

export type { OrgRole, OrgRoleName }

const byName = new Map(roleDefinitions.map((r) => [r.name, r.value]))
const byValue = new Map(roleDefinitions.map((r) => [r.value as number, r.name]))

/**
 * The role values by name, read from the document.
 * @example
 * Roles.WORKSPACES // 2
 */
export const Roles = Object.fromEntries(byName) as { readonly [K in OrgRoleName]: OrgRole }

/** Whether a value is one of the five defined roles. */
export function isRole(value: unknown): value is OrgRole {
  return typeof value === 'number' && byValue.has(value)
}

/** The role's name, e.g. `WORKSPACES` for 2. */
export function roleName(role: OrgRole): OrgRoleName {
  return byValue.get(role)!
}

/** The role value of a name such as `WORKSPACES`, or undefined. */
export function roleByName(name: string): OrgRole | undefined {
  return byName.get(name as OrgRoleName)
}

const below = (role: number) => roleDefinitions.filter((r) => r.value <= role).map((r) => r.value)
// Every user-shaped answer carries its role's list: worked out once per role.
const atOrBelow = new Map(roleDefinitions.map((r) => [r.value as number, below(r.value)]))

/** Every defined role at or below the given one, ascending: `[0, 1, 2]` for WORKSPACES. */
export function rolesAtOrBelow(role: OrgRole): OrgRole[] {
  // A copy each time: a caller (or the body of an answer) may change the list it gets.
  return atOrBelow.get(role)?.slice() ?? below(role)
}
