import { checkOrganization } from '../access/policy.js'
import { asPrincipal, refuse, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { presentRole } from './present.js'

const WITHOUT_ORGANIZATION = { orgRole: null, orgRoleDescription: null, orgRoles: [] }

export const userResolvers = {
  getUserById(ctx: OperationContext<'getUserById'>): Reply<'getUserById'> {
    const target = ctx.store.user(ctx.params.userId)
    if (!target) throw new ApiError('NOT_FOUND', 'User not found')
    refuse(ctx.operation, checkOrganization(asPrincipal(ctx.caller), target.orgId), {
      'other-organization': 'Access denied: user is not in your organization',
    })
    // Same organization as the caller, so the target has a role.
    return { status: 200, body: { success: true, data: { userId: target.id, ...presentRole(target.orgRole!) } } }
  },

  getUserProfile(ctx: OperationContext<'getUserProfile'>): Reply<'getUserProfile'> {
    const user = ctx.caller
    const organization = user.orgId === null ? undefined : ctx.store.organization(user.orgId)
    return {
      status: 200,
      body: {
        success: true,
        data: {
          id: user.id,
          name: user.name,
          lastName: user.lastName,
          email: user.email,
          orgId: user.orgId,
          ...(user.orgRole === null ? WITHOUT_ORGANIZATION : presentRole(user.orgRole)),
          validated: user.validated,
          mfaRequired: organization?.mfaEnforced ?? false,
          isBusiness: organization?.is_business ?? false,
        },
      },
    }
  },
}
