import { randomHex } from './random-hex.js'

/** The providers of `/auth/{provider}` with a consent screen; web3 signs instead (see `linkWallet`). */
export type OAuthProvider = 'GOOGLE' | 'GITHUB' | 'MICROSOFT'

/** Who the provider says signs in: the e-mail it vouches for, and the name it gives. */
export interface ProviderIdentity {
  email: string
  /** A new user's first and last name; none: made from the e-mail. */
  name?: string
}

/** A code, access token or refresh token the mock issued as a provider. */
export interface ProviderCredential {
  provider: OAuthProvider
  identity: ProviderIdentity
  /** Epoch milliseconds on the mock's clock; null: never expires. */
  expiresAt: number | null
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** Consent codes live 10 minutes (Google's, GitHub's and Microsoft's alike), access tokens 1 hour. */
export const PROVIDER_CODE_LIFETIME_MS = 10 * MINUTE
export const PROVIDER_TOKEN_LIFETIME_MS = 60 * MINUTE

/**
 * Each provider's look and refresh rule, as the real ones behave: Google's refresh tokens neither expire nor
 * rotate; GitHub's (expiring tokens) live 6 months and Microsoft's 90 days, each refresh replacing the one sent.
 * An account holds at most `refreshTokensPerAccount` of a provider's refresh tokens: one more ends the oldest, as
 * Google does past 100 (per account and client) and GitHub past 10 (per user, app and scope); Microsoft documents
 * no number, so it is Google's.
 */
const PROVIDERS: Record<OAuthProvider, { code: string; token: string; refresh: string; refreshLifetimeMs: number | null; rotates: boolean; refreshTokensPerAccount: number }> = {
  GOOGLE: { code: '4/mock-', token: 'ya29.mock-', refresh: '1//mock-', refreshLifetimeMs: null, rotates: false, refreshTokensPerAccount: 100 },
  GITHUB: { code: 'mock', token: 'gho_mock', refresh: 'ghr_mock', refreshLifetimeMs: 183 * DAY, rotates: true, refreshTokensPerAccount: 10 },
  MICROSOFT: { code: 'M.C5_mock-', token: 'EwB.mock-', refresh: 'M.R3_mock-', refreshLifetimeMs: 90 * DAY, rotates: true, refreshTokensPerAccount: 100 },
}

/** The nonces that have signed in are remembered, per address, up to this many: the latest ones. */
export const NONCES_KEPT_PER_ADDRESS = 1000

const randomPart = () => randomHex(16)

/** What a provider hands the app after its consent screen. */
export interface Grant {
  code: string
  codeExpiresAt: number
  token: string
  tokenExpiresAt: number
}

/** A provider's renewed tokens. */
export interface RenewedTokens {
  token: string
  refreshToken: string
  expiresAt: number
}

/**
 * The world's side of the providers: the codes and tokens the mock issued as Google, GitHub and Microsoft, the
 * Stellar addresses linked to users and the nonces that have signed in. Part of the store, so `reset()` forgets
 * it; a state file does not keep it. Random, not seeded, like e-mail tokens: they must not shift seeded ids.
 */
export class ProviderGrants {
  readonly #codes = new Map<string, ProviderCredential>()
  readonly #tokens = new Map<string, ProviderCredential>()
  readonly #refreshTokens = new Map<string, ProviderCredential>()
  // Each account's refresh tokens of each provider, oldest first, so the oldest can end past the provider's number.
  readonly #refreshTokensOf = new Map<string, string[]>()
  readonly #wallets = new Map<string, ProviderIdentity>()
  // By address, in the order they signed in, so the oldest can be forgotten.
  readonly #usedNonces = new Map<string, Set<string>>()

  /** A consent: a code (for the exchange, or GitHub's sign-in) and an access token (for the client-side flow). */
  grant(provider: OAuthProvider, identity: ProviderIdentity, now: number): Grant {
    this.#sweep(now)
    const look = PROVIDERS[provider]
    const code = look.code + randomPart()
    const codeExpiresAt = now + PROVIDER_CODE_LIFETIME_MS
    this.#codes.set(code, { provider, identity: { ...identity }, expiresAt: codeExpiresAt })
    const { token, expiresAt } = this.#issueToken(provider, identity, now)
    return { code, codeExpiresAt, token, tokenExpiresAt: expiresAt }
  }

  /** The live code of this provider, not used up (`useCode` does that). */
  code(provider: OAuthProvider, code: string, now: number): ProviderCredential | undefined {
    return live(this.#codes.get(code), provider, now)
  }

  useCode(code: string): void {
    this.#codes.delete(code)
  }

  /** The live access token of this provider. */
  token(provider: OAuthProvider, token: string, now: number): ProviderCredential | undefined {
    return live(this.#tokens.get(token), provider, now)
  }

  /** What the provider gives for a code: an access token and a refresh token. */
  issueTokens(provider: OAuthProvider, identity: ProviderIdentity, now: number): RenewedTokens {
    const { token, expiresAt } = this.#issueToken(provider, identity, now)
    return { token, expiresAt, refreshToken: this.issueRefreshToken(provider, identity, now) }
  }

  issueRefreshToken(provider: OAuthProvider, identity: ProviderIdentity, now: number): string {
    const look = PROVIDERS[provider]
    const refreshToken = look.refresh + randomPart()
    this.#refreshTokens.set(refreshToken, { provider, identity: { ...identity }, expiresAt: look.refreshLifetimeMs === null ? null : now + look.refreshLifetimeMs })
    const account = accountKey(provider, identity)
    const held = this.#refreshTokensOf.get(account) ?? []
    held.push(refreshToken)
    this.#refreshTokensOf.set(account, held)
    while (held.length > look.refreshTokensPerAccount) this.#refreshTokens.delete(held.shift()!)
    return refreshToken
  }

  /** A new access token for a live refresh token of this provider (and a new refresh token where it rotates), or undefined. */
  renew(provider: OAuthProvider, refreshToken: string, now: number): RenewedTokens | undefined {
    const held = live(this.#refreshTokens.get(refreshToken), provider, now)
    if (!held) return undefined
    const { token, expiresAt } = this.#issueToken(provider, held.identity, now)
    if (!PROVIDERS[provider].rotates) return { token, expiresAt, refreshToken }
    this.#refreshTokens.delete(refreshToken)
    const ofAccount = this.#refreshTokensOf.get(accountKey(provider, held.identity))
    const at = ofAccount?.indexOf(refreshToken) ?? -1
    if (at !== -1) ofAccount!.splice(at, 1)
    return { token, expiresAt, refreshToken: this.issueRefreshToken(provider, held.identity, now) }
  }

  /** Links a Stellar address to who signs in with it. */
  linkWallet(address: string, identity: ProviderIdentity): void {
    this.#wallets.set(address, { ...identity })
  }

  walletOwner(address: string): ProviderIdentity | undefined {
    return this.#wallets.get(address)
  }

  nonceUsed(address: string, nonce: string): boolean {
    return this.#usedNonces.get(address)?.has(nonce) ?? false
  }

  /** Remembers a nonce that has signed in; past `NONCES_KEPT_PER_ADDRESS` for its address, the oldest is forgotten. */
  useNonce(address: string, nonce: string): void {
    const used = this.#usedNonces.get(address) ?? new Set<string>()
    this.#usedNonces.set(address, used.add(nonce))
    if (used.size > NONCES_KEPT_PER_ADDRESS) used.delete(used.values().next().value!)
  }

  #issueToken(provider: OAuthProvider, identity: ProviderIdentity, now: number): { token: string; expiresAt: number } {
    const token = PROVIDERS[provider].token + randomPart()
    const expiresAt = now + PROVIDER_TOKEN_LIFETIME_MS
    this.#tokens.set(token, { provider, identity: { ...identity }, expiresAt })
    return { token, expiresAt }
  }

  // Expired codes and tokens are dropped as new ones are made, so a long run keeps only the live ones.
  #sweep(now: number): void {
    for (const map of [this.#codes, this.#tokens, this.#refreshTokens]) {
      for (const [key, held] of map) if (held.expiresAt !== null && now >= held.expiresAt) map.delete(key)
    }
  }
}

/** Whose refresh tokens a provider counts together: the account's (its e-mail, in any case). */
const accountKey = (provider: OAuthProvider, identity: ProviderIdentity) => `${provider}\u0000${identity.email.toLowerCase()}`

function live(held: ProviderCredential | undefined, provider: OAuthProvider, now: number): ProviderCredential | undefined {
  if (!held || held.provider !== provider) return undefined
  return held.expiresAt !== null && now >= held.expiresAt ? undefined : held
}
