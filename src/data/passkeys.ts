import type { PasskeyRecord } from './account-records.js'
import { toBase64Url } from './base64url.js'

/** How long the challenge of passkey options stays good, on the mock's clock (the options' `timeout`). */
export const PASSKEY_CHALLENGE_MS = 5 * 60_000
/** ES256 and RS256: what platform authenticators and security keys make. */
const ALGORITHMS = [-7, -257] as const

/** Who passkeys are made for: the `rp` of the options, and the origins whose pages may use them. */
export interface RelyingParty {
  /** The rpId: a host name, the page's own or one it ends with. */
  id: string
  name: string
  /** The app's origin (`appUrl`'s), always accepted. */
  appOrigin: string
}

/** Whether a name can be an rpId: a host name (an IP address cannot, to browsers, but is not refused here). */
export function isRpId(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(name)
}

/** The relying party of a mock: `rpId` if given, else the app's host name. */
export function relyingPartyOf(appUrl: string, rpId?: string): RelyingParty {
  const app = new URL(appUrl)
  const id = (rpId ?? app.hostname).toLowerCase()
  if (!isRpId(id)) throw new Error(`passkeyRpId must be a host name such as localhost or app.example.com, not "${rpId}"`)
  return { id, name: 'Flashback', appOrigin: app.origin }
}

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/

/**
 * Whether a page of `origin` may use the relying party's passkeys: the app's origin, or an https page on the
 * rpId or a name under it (what a browser allows), or an http one there on this machine (localhost is a secure
 * context to browsers).
 * @example
 * acceptsOrigin(relyingPartyOf('http://localhost:5173'), 'http://localhost:6006') // true
 */
export function acceptsOrigin(rp: RelyingParty, origin: string): boolean {
  if (origin === rp.appOrigin) return true
  if (!URL.canParse(origin)) return false
  const { protocol, hostname, origin: normalised } = new URL(origin)
  if (normalised !== origin) return false
  const onRp = hostname === rp.id || hostname.endsWith(`.${rp.id}`)
  return onRp && (protocol === 'https:' || (protocol === 'http:' && LOOPBACK.test(hostname)))
}

/** A new challenge: 32 random bytes (not seeded, so they shift no seeded id), base64url. */
export function newChallenge(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
}

const descriptorOf = (passkey: PasskeyRecord) => ({ id: passkey.id, type: 'public-key' as const, ...(passkey.transports ? { transports: passkey.transports } : {}) })

/**
 * What `navigator.credentials.create({ publicKey })` needs, in the JSON form (`PublicKeyCredential.parseCreationOptionsFromJSON`),
 * with the official client's `PasskeyRegistrationOptions` and `PasskeySetupData` names beside it.
 */
export function registrationOptions(rp: RelyingParty, user: { id: string; email: string; name: string }, challenge: string) {
  return {
    challenge,
    rp: { name: rp.name, id: rp.id },
    user: { id: toBase64Url(new TextEncoder().encode(user.id)), name: user.email, displayName: user.name },
    pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: PASSKEY_CHALLENGE_MS,
    attestation: 'none' as const,
    authenticatorSelection: { residentKey: 'preferred' as const, userVerification: 'preferred' as const },
    // A user has one passkey, which a new setup replaces: no credential to exclude.
    excludeCredentials: [],
    rpId: rp.id,
    userVerification: 'preferred' as const,
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userId: user.id,
    origin: rp.appOrigin,
  }
}

/** What `navigator.credentials.get({ publicKey })` needs: the client's `PasskeyAuthenticationOptions`. */
export function authenticationOptions(rp: RelyingParty, challenge: string, registered: readonly PasskeyRecord[]) {
  return { challenge, rpId: rp.id, timeout: PASSKEY_CHALLENGE_MS, userVerification: 'preferred' as const, allowCredentials: registered.map(descriptorOf) }
}
