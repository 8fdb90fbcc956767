import type { OAuthProvider } from '../data/provider-grants.js'
import { newStellarKeypair } from '../data/stellar-keys.js'
import { randomHex } from '../data/random-hex.js'
import type { MockWorld } from './world.js'

/** A provider with a consent screen, as the control API and `mock.providers.grant` name it. */
export type OAuthProviderName = 'google' | 'github' | 'microsoft'

/** What the provider gives the app once the user has consented, for the world's `/auth/{provider}` calls. */
export interface ProviderGrant {
  provider: OAuthProviderName
  /** The e-mail the provider vouches for. */
  user: string
  /** For `POST /auth/google/exchange`, `/auth/microsoft/exchange` and `/auth/github`: works once, for 10 minutes of the mock's clock. */
  code: string
  /** The provider's access token, for `POST /auth/google` and `/auth/microsoft`: works for 1 hour of the mock's clock. */
  token: string
  /** When the code stops working, on the mock's clock. */
  codeExpiresAt: Date
}

/** The official client's `Web3RegisterBody`: what `POST /auth/web3` takes. */
export interface Web3SignInBody {
  address: string
  network: string
  signature: string
  nonce: string
}

/** A Stellar account linked to a user of the world: it signs nonces for `POST /auth/web3`. */
export interface StellarWallet {
  /** The account id (StrKey, `G…`). */
  readonly address: string
  /** The base64 ed25519 signature of the message's UTF-8 bytes, as the wallet would make it. */
  sign(message: string): Promise<string>
  /**
   * A body for `POST /auth/web3` (the client's `web3Authenticate`): the nonce given, or a fresh one, signed.
   * Each nonce signs in once.
   */
  signInBody(nonce?: string): Promise<Web3SignInBody>
}

/** The mock standing in for Google, GitHub, Microsoft and a Stellar wallet (`mock.providers`). */
export interface MockProviders {
  /**
   * Says who "signs in with" a provider: the code and access token its consent screen would give the app. An
   * e-mail that is no user's yet becomes one at the first sign-in (verified, owner of a new organization).
   * @example
   * const { code } = mock.providers.grant('github', 'john.doe@acme.com')
   * const answer = await client.authenticate(code, ProviderType.GITHUB)
   * client.setAuthToken(answer.accessToken)
   */
  grant(provider: OAuthProviderName, email: string, options?: { name?: string }): ProviderGrant
  /**
   * A new Stellar account linked to a user (made at its first sign-in if the e-mail is no user's yet), whose
   * signatures `POST /auth/web3` accepts.
   * @example
   * const wallet = await mock.providers.stellarWallet('john.doe@acme.com')
   * const answer = await client.web3Authenticate(await wallet.signInBody())
   */
  stellarWallet(email: string, options?: { name?: string }): Promise<StellarWallet>
}

const PROVIDER: Record<OAuthProviderName, OAuthProvider> = { google: 'GOOGLE', github: 'GITHUB', microsoft: 'MICROSOFT' }
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function checkEmail(email: string): void {
  if (!EMAIL.test(email)) throw new Error(`"${email}" is not an e-mail address: a provider vouches for an e-mail`)
}

function freshNonce(): string {
  return `nonce-${randomHex(12)}`
}

/** `mock.providers` over the world a mock shows (looked up on each use, as a server's world may be made afresh). */
export function providersOf(world: () => MockWorld): MockProviders {
  return {
    grant(provider, email, options = {}) {
      if (!(provider in PROVIDER)) throw new Error(`Unknown provider "${String(provider)}": use google, github or microsoft (web3: stellarWallet)`)
      checkEmail(email)
      const granted = world().grantSignIn(PROVIDER[provider], { email, ...(options.name ? { name: options.name } : {}) })
      return { provider, user: email, code: granted.code, token: granted.token, codeExpiresAt: new Date(granted.codeExpiresAt) }
    },
    async stellarWallet(email, options = {}) {
      checkEmail(email)
      const keypair = await newStellarKeypair()
      world().linkWallet(keypair.address, { email, ...(options.name ? { name: options.name } : {}) })
      return {
        address: keypair.address,
        sign: keypair.sign,
        async signInBody(nonce = freshNonce()) {
          return { address: keypair.address, network: 'TESTNET', signature: await keypair.sign(nonce), nonce }
        },
      }
    },
  }
}
