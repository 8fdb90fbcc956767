import type { OrganizationRecord } from '../data/record-schemas.js'
import { generateRsaKeyPair, type PemKeyPair } from '../data/rsa-keys.js'
import { onPathOrganization, withPreparation, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'

/** The server default the docs name (`ORGKEYS_MAX`). */
export const MAX_ORGANIZATION_KEYS = 5

/** Refuses a new key to an organization that holds the most it may. */
function checkRoomFor(ctx: OperationContext<'generateOrganizationKey'>, organization: OrganizationRecord): void {
  if (ctx.store.account.keysOf(organization.id).length >= MAX_ORGANIZATION_KEYS) {
    throw new ApiError('INVALID_REQUEST', `Maximum number of organization keys (${MAX_ORGANIZATION_KEYS}) has been reached. Please delete existing keys before creating new ones.`)
  }
}

/**
 * Organization keys (Storage Bridge node registration). Access (ADMINISTRATORS or OWNER of the
 * organization in the path) is applied from `x-access` before these run.
 */
export const organizationKeyResolvers = {
  listOrganizationKeys: onPathOrganization<'listOrganizationKeys'>((ctx, organization) => {
    const data = ctx.store.account.keysOf(organization.id).reverse()
    return { status: 200, body: { success: true, data, message: 'Organization keys retrieved successfully' } }
  }),

  // The key is made before the write queue (see withPreparation): WebCrypto takes a tenth of a second or more for
  // RSA-2048, and the server's pool of primes (decisions/037) sometimes has to find a prime first.
  generateOrganizationKey: withPreparation(
    onPathOrganization<'generateOrganizationKey'>(async (ctx, organization) => {
      checkRoomFor(ctx, organization)
      const { publicKey, privateKey } = (ctx.prepared as PemKeyPair | undefined) ?? (await generateRsaKeyPair())
      const id = `key-${ctx.services.newId()}`
      ctx.store.account.addKey({ id, orgId: organization.id, publicKey, createdAt: ctx.services.now().toISOString(), nodeKeys: [] })
      // The private key leaves once, as PEM text; the pipeline sends it as a file or as a JSON string (see the document).
      return { status: 200, body: privateKey } as Reply<'generateOrganizationKey'>
    }),
    (ctx) => {
      checkRoomFor(ctx, (ctx.target as { organization: OrganizationRecord }).organization)
      return generateRsaKeyPair()
    },
  ),

  deleteOrganizationKeys: onPathOrganization<'deleteOrganizationKeys'>((ctx, organization) => {
    const count = ctx.store.account.deleteKeysOf(organization.id)
    return { status: 200, body: { success: true, message: `${count} organization keys deleted successfully` } }
  }),

  deleteOrganizationKey: onPathOrganization<'deleteOrganizationKey'>((ctx, organization) => {
    if (!ctx.store.account.deleteKey(organization.id, ctx.params.idKey)) {
      throw new ApiError('NOT_FOUND', 'Organization key not found or does not belong to this organization')
    }
    return { status: 200, body: { success: true, message: 'Organization key deleted successfully' } }
  }),
}
