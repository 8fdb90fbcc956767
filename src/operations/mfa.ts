import type { OperationContext, Reply } from './context.js'

/**
 * MFA enforcement: one flag, the organization's `mfaEnforced`, which `GET /organization/{orgId}`,
 * `GET /user/profile` (`mfaRequired`) and `GET /mfa/status` (`isEnforced`) all show.
 */
export const mfaResolvers = {
  async enforceOrganizationMfa(ctx: OperationContext<'enforceOrganizationMfa'>): Promise<Reply<'enforceOrganizationMfa'>> {
    // x-access (organization `caller`, ADMINISTRATORS) has checked the caller has an organization.
    const { enforced } = ctx.body
    await ctx.store.updateOrganization(ctx.caller.orgId!, { mfaEnforced: enforced })
    return { status: 200, body: { success: true, message: `MFA enforcement ${enforced ? 'enabled' : 'disabled'} for organization` } }
  },

  getMfaStatus(ctx: OperationContext<'getMfaStatus'>): Reply<'getMfaStatus'> {
    const enforced = (ctx.caller.orgId !== null && ctx.store.organization(ctx.caller.orgId)?.mfaEnforced) || false
    const { enabledMethods, primaryMethod } = ctx.store.account.mfaOf(ctx.caller.id)
    return {
      status: 200,
      body: {
        success: true,
        data: { isEnabled: enabledMethods.length > 0, isRequired: enforced, isEnforced: enforced, enabledMethods, ...(primaryMethod ? { primaryMethod } : {}) },
      },
    }
  },
}
