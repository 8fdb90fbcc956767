import { checkOrganization, checkRoleChange, checkTarget } from '../access/policy.js'
import { Roles, type OrgRole } from '../access/roles.js'
import type { UserRecord } from '../data/record-schemas.js'
import { asPrincipal, refuse, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { presentUser } from './present.js'

type UserOperation =
  | 'getOrganizationUser'
  | 'updateOrganizationUser'
  | 'deleteOrganizationUser'
  | 'activateOrganizationUser'

/** The target user, checked for existence (404), same organization (403) and, where managed, rank (403). */
function findTarget(ctx: OperationContext<UserOperation>): UserRecord {
  const target = ctx.store.user(ctx.params.userId)
  if (!target) throw new ApiError('NOT_FOUND', 'User not found')
  const caller = asPrincipal(ctx.caller)
  refuse(ctx.operation, checkOrganization(caller, target.orgId))
  refuse(ctx.operation, checkTarget(ctx.operation.access, caller, asPrincipal(target)))
  return target
}

function activeOwners(ctx: OperationContext<UserOperation>, orgId: string | null): number {
  return ctx.store.usersOf(orgId).filter((u) => u.orgRole === Roles.OWNER && u.deletedAt === null).length
}

const LAST_OWNER = 'Cannot remove the last OWNER of the organization'

export const organizationUserResolvers = {
  listOrganizationUsers(ctx: OperationContext<'listOrganizationUsers'>): Reply<'listOrganizationUsers'> {
    const users = ctx.store.usersOf(ctx.caller.orgId).map(presentUser)
    return { status: 200, body: { success: true, data: users, total: users.length } }
  },

  async createOrganizationUser(ctx: OperationContext<'createOrganizationUser'>): Promise<Reply<'createOrganizationUser'>> {
    const { email, password, firstName, lastName, orgRole = Roles.USER, sendInvite = true } = ctx.body
    refuse(ctx.operation, checkRoleChange(asPrincipal(ctx.caller), null, orgRole as OrgRole))
    if (ctx.store.userByEmail(email)) throw new ApiError('CONFLICT', 'A user with this email already exists')
    const user = await ctx.store.addUser({
      id: ctx.services.newId(),
      email,
      name: firstName,
      lastName,
      orgId: ctx.caller.orgId,
      orgRole: orgRole as OrgRole,
      validated: false,
      deletedAt: null,
      password,
      authMethod: 'LOCAL',
      createdAt: ctx.services.now().toISOString(),
    })
    const message = sendInvite ? 'User created successfully. Verification email sent.' : 'User created successfully.'
    return { status: 201, body: { success: true, data: presentUser(user), message } }
  },

  getOrganizationUser(ctx: OperationContext<'getOrganizationUser'>): Reply<'getOrganizationUser'> {
    return { status: 200, body: presentUser(findTarget(ctx)) }
  },

  async updateOrganizationUser(ctx: OperationContext<'updateOrganizationUser'>): Promise<Reply<'updateOrganizationUser'>> {
    const { name, lastName, orgRole } = ctx.body
    if (name === undefined && lastName === undefined && orgRole === undefined) {
      throw new ApiError('INVALID_REQUEST', 'No valid fields to update')
    }
    const target = findTarget(ctx)
    if (orgRole !== undefined && orgRole !== target.orgRole) {
      refuse(ctx.operation, checkRoleChange(asPrincipal(ctx.caller), asPrincipal(target), orgRole), {
        'own-role': 'Insufficient permissions: you cannot change your own role',
      })
      if (target.orgRole === Roles.OWNER && target.deletedAt === null && activeOwners(ctx, target.orgId) === 1) {
        throw new ApiError('INVALID_REQUEST', LAST_OWNER)
      }
    }
    const changes: Partial<UserRecord> = {}
    if (name !== undefined) changes.name = name
    if (lastName !== undefined) changes.lastName = lastName
    if (orgRole !== undefined) changes.orgRole = orgRole
    const updated = await ctx.store.updateUser(target.id, changes)
    return { status: 200, body: { success: true, data: presentUser(updated), message: 'User updated successfully' } }
  },

  async deleteOrganizationUser(ctx: OperationContext<'deleteOrganizationUser'>): Promise<Reply<'deleteOrganizationUser'>> {
    const target = findTarget(ctx)
    if (target.id === ctx.caller.id) throw new ApiError('INVALID_REQUEST', 'Cannot delete yourself')
    if (target.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User is already deleted')
    if (target.orgRole === Roles.OWNER && activeOwners(ctx, target.orgId) === 1) {
      throw new ApiError('INVALID_REQUEST', LAST_OWNER)
    }
    await ctx.store.updateUser(target.id, { deletedAt: ctx.services.now().toISOString() })
    return { status: 200, body: { success: true, message: 'User deleted successfully' } }
  },

  async activateOrganizationUser(
    ctx: OperationContext<'activateOrganizationUser'>,
  ): Promise<Reply<'activateOrganizationUser'>> {
    const target = findTarget(ctx)
    if (target.deletedAt === null) throw new ApiError('INVALID_REQUEST', 'User is not deleted')
    await ctx.store.updateUser(target.id, { deletedAt: null })
    return { status: 200, body: { success: true, message: 'User activated successfully' } }
  },
}
