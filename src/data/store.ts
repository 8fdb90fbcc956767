import { Collection } from '@msw/data'
import { RecordIndex } from './index-by.js'
import { organizationSchema, tokenSchema, userSchema, type OrganizationRecord, type UserRecord } from './record-schemas.js'
import { mintToken } from './tokens.js'
import type { FixtureData } from './fixture.js'

// A fixture's users are the same objects on every reset: each one's token is minted once.
const fixtureTokens = new WeakMap<UserRecord, string>()
function fixtureToken(user: UserRecord): string {
  let token = fixtureTokens.get(user)
  if (token === undefined) fixtureTokens.set(user, (token = mintToken(user)))
  return token
}

/** A record as a collection holds it (the plain record plus @msw/data's internal keys). */
type Stored<C extends Collection<any>> = NonNullable<ReturnType<C['findFirst']>>

/**
 * The mock's state: @msw/data collections of organizations, users and tokens, with indexes so
 * that look-ups by id, e-mail and organization cost the same with 10 or 100,000 users.
 */
export class FlashbackStore {
  readonly organizations = new Collection({ schema: organizationSchema })
  readonly users = new Collection({ schema: userSchema })
  readonly tokens = new Collection({ schema: tokenSchema })

  readonly #organizations = new RecordIndex<Stored<typeof this.organizations>>(this.organizations, (o) => o.id)
  readonly #users = new RecordIndex<Stored<typeof this.users>>(this.users, (u) => u.id, {
    orgId: (u) => u.orgId,
    email: (u) => u.email.toLowerCase(),
  })
  readonly #tokens = new RecordIndex<Stored<typeof this.tokens>>(this.tokens, (t) => t.token, { userId: (t) => t.userId })

  /** Loads records into empty collections, with a token for every user, then indexes them. */
  async load(data: FixtureData): Promise<void> {
    await Promise.all([
      ...data.organizations.map((o) => this.organizations.create(o)),
      ...data.users.map((u) => this.users.create(u)),
      ...data.users.map((u) => this.tokens.create({ token: fixtureToken(u), userId: u.id })),
    ])
    this.#followCreates()
  }

  #followCreates(): void {
    this.#organizations.followCreates()
    this.#users.followCreates()
    this.#tokens.followCreates()
  }

  organization(id: string): OrganizationRecord | undefined {
    return this.#organizations.get(id)
  }

  user(id: string): UserRecord | undefined {
    return this.#users.get(id)
  }

  /** Case-insensitive. */
  userByEmail(email: string): UserRecord | undefined {
    return this.#users.where('email', email.toLowerCase()).next().value ?? undefined
  }

  /** The users of an organization in the order they were created. */
  usersOf(orgId: string | null): UserRecord[] {
    return [...this.#users.where('orgId', orgId)]
  }

  /** The user id a token belongs to, whether or not that user still exists. */
  tokenOwner(token: string): string | undefined {
    return this.#tokens.get(token)?.userId
  }

  tokenOf(userId: string): string | undefined {
    return this.#tokens.where('userId', userId).next().value?.token
  }

  /** Creates a user and its token. */
  async addUser(user: UserRecord): Promise<UserRecord> {
    this.#followCreates()
    const created = await this.users.create(user)
    if (!this.tokenOf(user.id)) await this.tokens.create({ token: mintToken(user), userId: user.id })
    return created
  }

  async updateUser(id: string, changes: Partial<UserRecord>): Promise<UserRecord> {
    const current = this.#users.get(id)
    if (!current) throw new Error(`No user "${id}"`)
    return (await this.users.update(current, { data: (draft) => void Object.assign(draft, changes) }))!
  }

  async updateOrganization(id: string, changes: Partial<OrganizationRecord>): Promise<OrganizationRecord> {
    const current = this.#organizations.get(id)
    if (!current) throw new Error(`No organization "${id}"`)
    return (await this.organizations.update(current, { data: (draft) => void Object.assign(draft, changes) }))!
  }
}
