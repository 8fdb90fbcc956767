import { WEAK_PASSWORD_MESSAGE, isStrongPassword } from '../access/password-rule.js'
import { Roles, type OrgRole } from '../access/roles.js'
import type { UserRecord } from '../data/record-schemas.js'
import { onTargetUser, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'
import { keepAnOwner, keepAnOwnerOnDelete } from './owners.js'
import { presentUser, presentUsers } from './present.js'

/** The organization's users. Access (role, organization, the target's rank, the role assigned) is applied from `x-access` before these run. */
export const organizationUserResolvers = {
  listOrganizationUsers(ctx: OperationContext<'listOrganizationUsers'>): Reply<'listOrganizationUsers'> {
    return { status: 200, body: presentUsers(ctx.store.usersOf(ctx.caller.orgId)) }
  },

  async createOrganizationUser(ctx: OperationContext<'createOrganizationUser'>): Promise<Reply<'createOrganizationUser'>> {
    const { email, password, firstName, lastName, orgRole = Roles.USER, sendInvite = true } = ctx.body
    // The register page's rules, the same wherever a user is made: a strong password and an e-mail nobody has.
    if (!isStrongPassword(password)) throw new ApiError('INVALID_REQUEST', WEAK_PASSWORD_MESSAGE)
    if (ctx.store.userByEmail(email)) throw new ApiError('INVALID_REQUEST', 'A user with this email already exists')
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
    if (sendInvite) sendEmail(ctx.store, ctx.services, user, 'invitation')
    const message = sendInvite ? 'User created successfully. Verification email sent.' : 'User created successfully.'
    return { status: 201, body: { success: true, data: presentUser(user), message } }
  },

  getOrganizationUser: onTargetUser<'getOrganizationUser'>((_ctx, target) => ({ status: 200, body: presentUser(target) })),

  updateOrganizationUser: onTargetUser<'updateOrganizationUser'>(async (ctx, target) => {
    const { name, lastName, orgRole } = ctx.body
    if (orgRole !== undefined) keepAnOwner(ctx.store, target, orgRole)
    const changes: Partial<UserRecord> = {}
    if (name !== undefined) changes.name = name
    if (lastName !== undefined) changes.lastName = lastName
    if (orgRole !== undefined) changes.orgRole = orgRole
    const updated = await ctx.store.updateUser(target.id, changes)
    return { status: 200, body: { success: true, data: presentUser(updated), message: 'User updated successfully' } }
  }),

  deleteOrganizationUser: onTargetUser<'deleteOrganizationUser'>(async (ctx, target) => {
    if (target.id === ctx.caller.id) throw new ApiError('INVALID_REQUEST', 'Cannot delete yourself')
    if (target.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User is already deleted')
    keepAnOwnerOnDelete(ctx.store, target)
    await ctx.store.updateUser(target.id, { deletedAt: ctx.services.now().toISOString() })
    // Its sign-ins end with it, so activating it later does not bring them back.
    ctx.sessions.endSessionsOf(target.id)
    return { status: 200, body: { success: true, message: 'User deleted successfully' } }
  }),

  activateOrganizationUser: onTargetUser<'activateOrganizationUser'>(async (ctx, target) => {
    if (target.deletedAt === null) throw new ApiError('INVALID_REQUEST', 'User is not deleted')
    await ctx.store.updateUser(target.id, { deletedAt: null })
    return { status: 200, body: { success: true, message: 'User activated successfully' } }
  }),
}
