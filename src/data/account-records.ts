/** What a subscription's capability allows and how much of it is used: quota data, read-only through the API. */
export interface CapabilityUsage {
  id: string
  code: string
  description: string
  /** Free text in the official client: STORAGE and TRAFFIC in the docs' examples. */
  type: string
  periodType: 'ALL_TIME' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY'
  current: number
  max: number
}

/** The active subscription of one organization, with the usage of each capability attached to it. */
export interface SubscriptionRecord {
  orgId: string
  id: string
  name: string
  description: string
  capabilities: CapabilityUsage[]
}

/** A user's multi-factor methods (set up outside the mock's API): what `GET /mfa/status` reports. */
export interface MfaRecord {
  enabledMethods: ('GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY')[]
  primaryMethod?: 'GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY'
}

/** A public key of an organization (its private key is handed out once and never kept). */
export interface OrganizationKeyRecord {
  id: string
  orgId: string
  publicKey: string
  createdAt: string
  /** Storage Bridge nodes registered with the key; the mock has no node registration, so none. */
  nodeKeys: { keyId: string; nodeId: string }[]
}
