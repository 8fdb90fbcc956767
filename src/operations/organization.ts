import type { OrganizationRecord } from '../data/record-schemas.js'
import { onPathOrganization, type Reply } from './context.js'
import { presentOrganization } from './present.js'

/** The organization in the path, already found and checked to be the caller's (see `x-access`). */
export const organizationResolvers = {
  getOrganization: onPathOrganization<'getOrganization'>((_ctx, organization) => ({
    status: 200,
    body: { success: true, data: presentOrganization(organization) },
  })),

  /** Only the fields of `x-requires-one-of` change; anything else in the body (domain, reposDisabled, unknown keys) is ignored. */
  updateOrganization: onPathOrganization<'updateOrganization'>(async (ctx, organization) => {
    const changes: Partial<OrganizationRecord> = {}
    for (const field of ctx.operation.requiresOneOf!.fields) {
      if (Object.hasOwn(ctx.body, field)) Object.assign(changes, { [field]: (ctx.body as Record<string, unknown>)[field] })
    }
    const updated = await ctx.store.updateOrganization(organization.id, changes)
    return {
      status: 200,
      body: { success: true, data: presentOrganization(updated), message: 'Organization updated successfully' },
    }
  }),
}
