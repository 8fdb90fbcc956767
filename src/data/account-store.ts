import type { MfaRecord, OrganizationKeyRecord, SubscriptionRecord } from './account-records.js'
import { StoredSettings, type Settings } from './settings.js'

/** Settings a fixture starts with, by user id and by organization id. */
export interface SettingsData {
  users?: Record<string, Settings>
  organizations?: Record<string, Settings>
}

/** What the account operations keep besides users and organizations: subscriptions (read-only) and settings. */
export interface AccountData {
  subscriptions?: readonly SubscriptionRecord[]
  settings?: SettingsData
  /** Users' MFA methods, by user id. */
  mfa?: Record<string, MfaRecord>
  /** Organizations' public keys, oldest first: a saved world has them, a fixture does not. */
  keys?: readonly OrganizationKeyRecord[]
}

/** The account state as plain data: what `AccountStore.snapshot()` gives and `load` takes back. */
export interface AccountSnapshot {
  subscriptions: SubscriptionRecord[]
  settings: Required<SettingsData>
  mfa: Record<string, MfaRecord>
  keys: OrganizationKeyRecord[]
}

/**
 * The account state of one world (subscriptions, settings, organization keys). A new one is made on
 * every reset with its store, so a reset restores it.
 */
export class AccountStore {
  readonly #subscriptions = new Map<string, SubscriptionRecord>()
  readonly #userSettings = new Map<string, StoredSettings>()
  readonly #organizationSettings = new Map<string, StoredSettings>()
  readonly #mfa = new Map<string, MfaRecord>()
  readonly #keys: OrganizationKeyRecord[] = []

  load(data: AccountData): void {
    for (const subscription of data.subscriptions ?? []) this.#subscriptions.set(subscription.orgId, structuredClone(subscription))
    for (const [id, settings] of Object.entries(data.settings?.users ?? {})) this.#userSettings.set(id, StoredSettings.copyOf(settings))
    for (const [id, settings] of Object.entries(data.settings?.organizations ?? {})) this.#organizationSettings.set(id, StoredSettings.copyOf(settings))
    for (const [id, mfa] of Object.entries(data.mfa ?? {})) this.#mfa.set(id, structuredClone(mfa))
    for (const key of data.keys ?? []) this.#keys.push(structuredClone(key))
  }

  /** Everything held, in the shape `load` takes: a saved world loads back to the same account state. */
  snapshot(): AccountSnapshot {
    return {
      subscriptions: [...this.#subscriptions.values()],
      settings: { users: viewsOf(this.#userSettings), organizations: viewsOf(this.#organizationSettings) },
      mfa: Object.fromEntries(this.#mfa),
      keys: this.#keys.map((key) => structuredClone(key)),
    }
  }

  /** A user's settings, empty when none are stored; immutable, so never copied. */
  userSettings(userId: string): StoredSettings {
    return this.#userSettings.get(userId) ?? StoredSettings.empty
  }

  setUserSettings(userId: string, settings: StoredSettings): void {
    this.#userSettings.set(userId, settings)
  }

  /** An organization's settings, empty when none are stored; immutable, so never copied. */
  organizationSettings(orgId: string): StoredSettings {
    return this.#organizationSettings.get(orgId) ?? StoredSettings.empty
  }

  setOrganizationSettings(orgId: string, settings: StoredSettings): void {
    this.#organizationSettings.set(orgId, settings)
  }

  /** Gives an organization its active subscription (a registration's free trial). */
  addSubscription(subscription: SubscriptionRecord): void {
    this.#subscriptions.set(subscription.orgId, structuredClone(subscription))
  }

  /** The organization's active subscription, if it has one. */
  subscriptionOf(orgId: string): SubscriptionRecord | undefined {
    return this.#subscriptions.get(orgId)
  }

  /** A user's MFA state: no method unless the fixture or the MFA calls gave some. */
  mfaOf(userId: string): MfaRecord {
    return structuredClone(this.#mfa.get(userId) ?? { enabledMethods: [] })
  }

  /** A user's MFA state as kept, without a copy: for views that only read it (undefined: no method). */
  mfaRecordOf(userId: string): Readonly<MfaRecord> | undefined {
    return this.#mfa.get(userId)
  }

  setMfa(userId: string, mfa: MfaRecord): void {
    this.#mfa.set(userId, structuredClone(mfa))
  }

  /** Forgets everything of a user's MFA (`POST /mfa/reset`). */
  resetMfa(userId: string): void {
    this.#mfa.delete(userId)
  }

  /** An organization's keys, oldest first. */
  keysOf(orgId: string): OrganizationKeyRecord[] {
    return this.#keys.filter((k) => k.orgId === orgId).map((k) => structuredClone(k))
  }

  addKey(key: OrganizationKeyRecord): void {
    this.#keys.push(structuredClone(key))
  }

  /** Removes one key of the organization; false when it has no key of that id. */
  deleteKey(orgId: string, keyId: string): boolean {
    const index = this.#keys.findIndex((k) => k.orgId === orgId && k.id === keyId)
    if (index === -1) return false
    this.#keys.splice(index, 1)
    return true
  }

  /** Removes every key of the organization and says how many there were. */
  deleteKeysOf(orgId: string): number {
    const before = this.#keys.length
    for (let i = this.#keys.length - 1; i >= 0; i--) if (this.#keys[i]!.orgId === orgId) this.#keys.splice(i, 1)
    return before - this.#keys.length
  }

  /** Everything held, as plain data (what a snapshot of the world shows). */
  toJSON(): object {
    return {
      subscriptions: [...this.#subscriptions.values()],
      userSettings: Object.fromEntries(this.#userSettings),
      organizationSettings: Object.fromEntries(this.#organizationSettings),
      mfa: Object.fromEntries(this.#mfa),
      keys: this.#keys,
    }
  }
}

function viewsOf(settings: ReadonlyMap<string, StoredSettings>): Record<string, Settings> {
  return Object.fromEntries([...settings].map(([id, stored]) => [id, stored.view()]))
}
