import { WEAK_PASSWORD_MESSAGE, isStrongPassword } from '../access/password-rule.js'
import type { UserRecord } from '../data/record-schemas.js'
import { onTargetUser, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { keepAnOwner, keepAnOwnerOnDelete } from './owners.js'

/** Usage as a whole percentage, as the docs' example rounds it (123456789 of 2147483648 is 6); nothing of nothing is 0. */
function percentOf(current: number, max: number): number {
  return max > 0 ? Math.round((current / max) * 100) : 0
}

const ROLE_UPDATED = 'User role updated successfully'

/**
 * The user's own account pages: the role page, basic data and quota. Access (role, organization,
 * the target's rank, the role given) is applied from `x-access` before these run, by the same
 * policy as the organization endpoints.
 */
export const userAccountResolvers = {
  getUserQuota(ctx: OperationContext<'getUserQuota'>): Reply<'getUserQuota'> {
    const subscription = ctx.caller.orgId === null ? undefined : ctx.store.account.subscriptionOf(ctx.caller.orgId)
    if (!subscription) throw new ApiError('NOT_FOUND', 'No active subscription')
    const { id, name, description } = subscription
    const quotaUsage = subscription.capabilities.map(({ current, max, ...capability }) => ({
      capability,
      usage: { current, max, percentage: percentOf(current, max) },
    }))
    return { status: 200, body: { success: true, subscription: { id, name, description }, quotaUsage } }
  },

  updateUserRole: onTargetUser<'updateUserRole'>(async (ctx, target) => {
    const previousRole = target.orgRole!
    const newRole = ctx.body.orgRole
    if (newRole !== previousRole) {
      keepAnOwner(ctx.store, target, newRole)
      await ctx.store.updateUser(target.id, { orgRole: newRole })
    }
    return {
      status: 200,
      body: { success: true, data: { userId: target.id, previousRole, newRole, message: ROLE_UPDATED }, message: ROLE_UPDATED },
    }
  }),

  updateUser: onTargetUser<'updateUser'>(async (ctx, target) => {
    const { name, lastName, password } = ctx.body
    const changes: Partial<UserRecord> = {}
    if (password !== undefined) {
      if (target.id !== ctx.caller.id) throw new ApiError('FORBIDDEN', 'You can only change your own password')
      if (target.authMethod !== 'LOCAL') throw new ApiError('INVALID_REQUEST', 'Cannot set a password for a user who signs in with an external provider')
      if (!isStrongPassword(password)) throw new ApiError('INVALID_REQUEST', WEAK_PASSWORD_MESSAGE)
      // Stored as the user's password: the one the next login checks.
      changes.password = password
    }
    if (name !== undefined) changes.name = name
    if (lastName !== undefined) changes.lastName = lastName
    await ctx.store.updateUser(target.id, changes)
    // A new password ends every sign-in made with the old one, this caller's own included.
    if (changes.password !== undefined) ctx.sessions.endSessionsOf(target.id)
    return { status: 200, body: { success: true, message: 'User updated successfully' } }
  }),

  async deactivateUser(ctx: OperationContext<'deactivateUser'>): Promise<Reply<'deactivateUser'>> {
    keepAnOwnerOnDelete(ctx.store, ctx.caller)
    await ctx.store.updateUser(ctx.caller.id, { deletedAt: ctx.services.now().toISOString() })
    // Its sign-ins end with it, so being activated again does not bring them back.
    ctx.sessions.endSessionsOf(ctx.caller.id)
    return { status: 200, body: { success: true, message: 'User deactivated successfully' } }
  },
}
