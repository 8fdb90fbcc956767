import { Roles } from '../access/roles.js'
import type { SubscriptionRecord } from '../data/account-records.js'
import type { AuthMethod, UserRecord } from '../data/record-schemas.js'
import type { FlashbackStore } from '../data/store.js'
import type { MockServices } from './context.js'

/** A registration's free trial (the docs say one is given; its name and limits are the mock's). */
export const FREE_TRIAL: Omit<SubscriptionRecord, 'orgId' | 'id'> = {
  name: 'Free Trial',
  description: 'Free trial subscription',
  capabilities: [
    { id: 'cap_001', code: 'STORAGE_TOTAL_BYTES', description: 'Total storage available in bytes', type: 'STORAGE', periodType: 'ALL_TIME', current: 0, max: 5 * 1024 ** 3 },
    { id: 'cap_002', code: 'EGRESS_MONTHLY_BYTES', description: 'Monthly egress in bytes', type: 'TRAFFIC', periodType: 'MONTHLY', current: 0, max: 1024 ** 3 },
  ],
}

/** Who a new account is: its OWNER, and the organization made for it. */
export interface NewAccount {
  email: string
  name: string
  lastName: string
  password: string | null
  authMethod: AuthMethod
  validated: boolean
  organization: { name: string; website: string | null; isBusiness: boolean }
}

/**
 * A new organization (its domain the e-mail's), its OWNER and a free trial: what a registration makes, and a
 * provider's first sign-in of an unknown e-mail. Ids are drawn in that order, so seeded ids stay as they were.
 */
export async function createAccount(ctx: { store: FlashbackStore; services: MockServices }, account: NewAccount): Promise<UserRecord> {
  const { email, organization } = account
  const created = await ctx.store.organizations.create({
    id: ctx.services.newId(),
    name: organization.name,
    domain: email.slice(email.lastIndexOf('@') + 1).toLowerCase(),
    address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null,
    deletedAt: null,
    reposDisabled: false,
    website: organization.website,
    is_business: organization.isBusiness,
    mfaEnforced: false,
  })
  const user = await ctx.store.addUser({
    id: ctx.services.newId(),
    email,
    name: account.name,
    lastName: account.lastName,
    orgId: created.id,
    orgRole: Roles.OWNER,
    validated: account.validated,
    deletedAt: null,
    password: account.password,
    authMethod: account.authMethod,
    createdAt: ctx.services.now().toISOString(),
  })
  ctx.store.account.addSubscription({ orgId: created.id, id: ctx.services.newId(), ...FREE_TRIAL })
  return user
}
