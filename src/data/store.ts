import { Collection } from '@msw/data'
import { AccountStore, type AccountData, type AccountSnapshot } from './account-store.js'
import { EmailTokens } from './email-tokens.js'
import { Outbox } from './outbox.js'
import { ProviderGrants } from './provider-grants.js'
import { RecordIndex, type IndexKeys } from './index-by.js'
import { organizationSchema, userSchema, type OrganizationRecord, type UserRecord } from './record-schemas.js'
import type { TokenSigner } from './tokens.js'
import type { FixtureData } from './fixture.js'
import { learnInternals, withPrimaryKey } from './collection-internals.js'
import { RecordWriter } from './record-writer.js'

/** Organizations are looked up by id. */
export const organizationKeys: IndexKeys<OrganizationRecord> = { primary: (o) => o.id }

/** Users are looked up by id, by e-mail (any case) and by organization. */
export const userKeys: IndexKeys<UserRecord> = {
  primary: (u) => u.id,
  groups: { orgId: (u) => u.orgId, email: (u) => u.email.toLowerCase() },
}

/** Everything a store holds, as plain data: what `snapshot()` gives and `load` takes back. */
export interface StoreSnapshot extends AccountSnapshot {
  organizations: OrganizationRecord[]
  users: UserRecord[]
}

/** A record as a collection holds it (the plain record plus @msw/data's internal keys). */
type Stored<C extends Collection<any>> = NonNullable<ReturnType<C['findFirst']>>

/**
 * The mock's state: @msw/data collections of organizations and users, with indexes so that
 * look-ups by id, e-mail and organization cost the same with 10 or 100,000 users. Tokens are not
 * stored: they are signed by the mock's `TokenSigner`, which outlives the store across resets.
 */
export class FlashbackStore {
  readonly organizations = new Collection({ schema: organizationSchema })
  readonly users = new Collection({ schema: userSchema })
  /** Subscriptions, settings and organization keys. */
  readonly account = new AccountStore()
  /** The e-mails the backend would have sent, newest last. */
  readonly outbox = new Outbox()
  /** The tokens those e-mails carry (verification, invitation, password reset). */
  readonly emailTokens = new EmailTokens()
  /**
   * The codes and tokens the mock issued as Google, GitHub and Microsoft, and the Stellar addresses of users: the
   * world's, handed to each store it loads, so a grant made before a load finishes is there after it.
   */
  readonly providers: ProviderGrants

  readonly #organizations = new RecordIndex<Stored<typeof this.organizations>>(this.organizations, organizationKeys)
  readonly #users = new RecordIndex<Stored<typeof this.users>>(this.users, userKeys)
  readonly #organizationWriter = new RecordWriter<OrganizationRecord>(this.organizations, organizationSchema, (o) => o.id)
  readonly #userWriter = new RecordWriter<UserRecord>(this.users, userSchema, (u) => u.id)

  readonly #tokens: TokenSigner

  constructor(tokens: TokenSigner, providers = new ProviderGrants()) {
    this.#tokens = tokens
    this.providers = providers
  }

  /** Loads records into empty collections, then indexes them. */
  async load(data: FixtureData & Pick<AccountData, 'keys'>): Promise<void> {
    await this.#organizationWriter.load(data.organizations)
    await this.#userWriter.load(data.users)
    this.account.load(data)
    this.#followCreates()
  }

  #followCreates(): void {
    this.#organizations.followCreates()
    this.#users.followCreates()
  }

  /**
   * Every record as plain data, in the shape `load` takes: settings are JSON once written, which is what a
   * saved world holds. Must run where no write is half done (the world's queue).
   */
  snapshot(): StoreSnapshot {
    return { organizations: this.organizations.all() as OrganizationRecord[], users: this.users.all() as UserRecord[], ...this.account.snapshot() }
  }

  organization(id: string): OrganizationRecord | undefined {
    return this.#organizations.get(id)
  }

  user(id: string): UserRecord | undefined {
    return this.#users.get(id)
  }

  /** Case-insensitive. */
  userByEmail(email: string): UserRecord | undefined {
    return this.#users.where('email', email.toLowerCase())[0]
  }

  /** The users of an organization in the order they were created. */
  usersOf(orgId: string | null): readonly UserRecord[] {
    return this.#users.where('orgId', orgId)
  }

  /**
   * The user id a token was signed for, whether or not that user still exists; undefined for a token
   * the mock did not sign, or one whose e-mail is not its user's: ids repeat after a reset (they come
   * from the seed), and a token of a user made before it must not sign in the one made after.
   */
  tokenOwner(token: string): string | undefined {
    const claims = this.#tokens.verify(token)
    // A session's token is signed with the same secret but answered by the session store, which knows its expiry.
    if (!claims || claims.type !== undefined) return undefined
    const user = this.#users.get(claims.sub)
    return user && user.email !== claims.email ? undefined : claims.sub
  }

  /** The token of a user of the store. */
  tokenOf(userId: string): string | undefined {
    const user = this.#users.get(userId)
    return user && this.#tokens.mint(user)
  }

  async addUser(user: UserRecord): Promise<UserRecord> {
    this.#followCreates()
    const created = await this.users.create(withPrimaryKey(user, user.id))
    learnInternals(created)
    return created
  }

  async updateUser(id: string, changes: Partial<UserRecord>): Promise<UserRecord> {
    const current = this.#users.get(id)
    if (!current) throw new Error(`No user "${id}"`)
    return this.#userWriter.update(current, changes)
  }

  async updateOrganization(id: string, changes: Partial<OrganizationRecord>): Promise<OrganizationRecord> {
    const current = this.#organizations.get(id)
    if (!current) throw new Error(`No organization "${id}"`)
    return this.#organizationWriter.update(current, changes)
  }
}
