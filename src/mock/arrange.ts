import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'
import type { MockWorld } from './world.js'

export interface ArrangedUser {
  user: UserRecord
  token: string
}

/**
 * Creates a user of any role in one call and returns it with its token; defaults: a validated
 * USER with a faker name in the fixture's first organization, signing in with the fixture password
 * (`password: null` for one who has none).
 * @example
 * const { user, token } = await arrangeUser(world, { orgRole: 254 })
 */
export function arrangeUser(world: MockWorld, values: Partial<Omit<UserRecord, 'id' | 'createdAt'>> = {}): Promise<ArrangedUser> {
  return world.arrange(async ({ store, random, defaultOrgId }) => {
    const name = values.name ?? (await random.english()).person.firstName()
    const lastName = values.lastName ?? (await random.english()).person.lastName()
    const orgId = values.orgId === undefined ? defaultOrgId : values.orgId
    const domain = (orgId && store.organization(orgId)?.domain) || 'example.com'
    const user = await store.addUser({
      id: random.uuid(),
      email: values.email ?? `${name}.${lastName}.${random.alphanumeric(4)}@${domain}`.toLowerCase(),
      name,
      lastName,
      orgId,
      orgRole: values.orgRole === undefined ? (orgId === null ? null : 0) : values.orgRole,
      validated: values.validated ?? true,
      deletedAt: values.deletedAt ?? null,
      // null is a user without a password (an invited one, or a provider's), so only undefined takes the default.
      password: values.password === undefined ? 'Password123!' : values.password,
      authMethod: values.authMethod ?? 'LOCAL',
      createdAt: new Date().toISOString(),
    })
    return { user: { ...user }, token: store.tokenOf(user.id)! }
  })
}

/**
 * Creates an organization with its OWNER in one call.
 * @example
 * const { organization, owner } = await arrangeOrganization(world, { name: 'Initech' })
 */
export async function arrangeOrganization(
  world: MockWorld,
  values: Partial<OrganizationRecord> = {},
): Promise<{ organization: OrganizationRecord; owner: ArrangedUser }> {
  const organization = await world.arrange(async ({ store, random }) => {
    const name = values.name ?? (await random.english()).company.name()
    const domain = values.domain ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`
    const created = await store.organizations.create({
      id: random.uuid(), name, domain, address1: null, address2: null, city: null, zipcode: null, phone: null,
      state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false,
      ...values,
    })
    return { ...created }
  })
  return { organization, owner: await arrangeUser(world, { orgId: organization.id, orgRole: 255 }) }
}
