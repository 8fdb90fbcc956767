import { checkOrganization } from '../access/policy.js'
import type { OrganizationRecord } from '../data/record-schemas.js'
import { asPrincipal, refuse, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { presentOrganization } from './present.js'

/** The fields a client may change; everything else in the body (domain, reposDisabled, unknown keys) is ignored. */
const UPDATABLE = [
  'name', 'address1', 'address2', 'city', 'zipcode', 'phone', 'state', 'country', 'website', 'is_business', 'mfaEnforced',
] as const satisfies readonly (keyof OrganizationRecord)[]

function findOrganization(ctx: OperationContext<'getOrganization' | 'updateOrganization'>, message: string) {
  const organization = ctx.store.organization(ctx.params.orgId)
  if (!organization) throw new ApiError('NOT_FOUND', 'Organization not found')
  refuse(ctx.operation, checkOrganization(asPrincipal(ctx.caller), organization.id), {
    'other-organization': message,
    'no-organization': message,
  })
  return organization
}

export const organizationResolvers = {
  getOrganization(ctx: OperationContext<'getOrganization'>): Reply<'getOrganization'> {
    const organization = findOrganization(ctx, 'Access denied: you can only view your own organization')
    return { status: 200, body: { success: true, data: presentOrganization(organization) } }
  },

  async updateOrganization(ctx: OperationContext<'updateOrganization'>): Promise<Reply<'updateOrganization'>> {
    const changes: Partial<OrganizationRecord> = {}
    for (const field of UPDATABLE) {
      if (field in ctx.body) Object.assign(changes, { [field]: ctx.body[field] })
    }
    if (Object.keys(changes).length === 0) throw new ApiError('INVALID_REQUEST', 'No valid fields to update')
    const organization = findOrganization(ctx, 'Access denied: you can only modify your own organization')
    const updated = await ctx.store.updateOrganization(organization.id, changes)
    return {
      status: 200,
      body: { success: true, data: presentOrganization(updated), message: 'Organization updated successfully' },
    }
  },
}
