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

/** The MFA methods of the client's `MFAType`. */
export type MfaMethod = 'GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY'

/**
 * A user's multi-factor state: what `GET /mfa/status` reports and what the MFA calls check. Every field but
 * `enabledMethods` is optional, so a fixture (or an older saved world) may give the methods alone: such a
 * "status only" method without its secret cannot be verified and does not make sign-in ask for MFA.
 */
export interface MfaRecord {
  enabledMethods: MfaMethod[]
  primaryMethod?: MfaMethod
  /** Methods set up and confirmed (verify-setup, a magic link's activation): only these can be enabled. */
  verifiedMethods?: MfaMethod[]
  /** The TOTP secret of GOOGLE_AUTH in base32, from setup on. */
  totpSecret?: string
  /** GOOGLE_AUTH's backup codes not used yet; each works once in place of a code. */
  backupCodes?: string[]
  /** Where magic links go (setup's `email`, else the account's). */
  magicLinkEmail?: string
  /** PASSKEY's registered credentials (confirmed by a registration the mock verified). */
  passkeys?: PasskeyRecord[]
  /** The challenge of a passkey registration under way (setup), until it is completed or expires. */
  passkeyRegistration?: PasskeyChallenge
  /** The challenge of the latest passkey sign-in options, until an assertion uses it or it expires. */
  passkeyAuthentication?: PasskeyChallenge
  /** Failed verifications since the last success or lockout. */
  failedAttempts?: number
  /** Until when (epoch milliseconds, the mock's clock) verifications are refused after too many failures. */
  lockedUntil?: number
}

/** A challenge the mock handed out in WebAuthn options, good once, until `expiresAt` on the mock's clock. */
export interface PasskeyChallenge {
  /** base64url, as the options carry it. */
  challenge: string
  expiresAt: number
}

/** A passkey (WebAuthn credential) registered to a user: what checking its assertions needs. */
export interface PasskeyRecord {
  /** The credential id, base64url. */
  id: string
  /** The credential's COSE public key, base64url. */
  publicKey: string
  /** The authenticator's signature counter at its latest use: a later assertion must count higher (or both stay 0). */
  counter: number
  /** Where the authenticator said it can be reached (`internal`, `usb`, `hybrid`…), given back in `allowCredentials`. */
  transports?: string[]
  /** When it was registered, ISO 8601 on the mock's clock. */
  createdAt: string
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
