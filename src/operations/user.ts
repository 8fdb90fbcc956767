import { onTargetUser, type OperationContext, type Reply } from './context.js'
import { mfaRequiredOf } from './mfa.js'
import { presentRole } from './present.js'

const WITHOUT_ORGANIZATION = { orgRole: null, orgRoleDescription: 'NONE' as const, orgRoles: [] }

export const userResolvers = {
  // Same organization as the caller (checked from x-access), so the target has a role.
  getUserById: onTargetUser<'getUserById'>((_ctx, target) => ({
    status: 200,
    body: { success: true, data: { userId: target.id, ...presentRole(target.orgRole!) } },
  })),

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
          mfaRequired: mfaRequiredOf(ctx.store, user),
          isBusiness: organization?.is_business ?? false,
        },
      },
    }
  },
}
