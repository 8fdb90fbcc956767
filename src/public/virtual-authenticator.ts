import { toBase64Url } from '../data/base64url.js'
import { encodeCbor, type CborValue } from './cbor.js'

/** What `create` reads of WebAuthn registration options (`POST /mfa/setup`'s `data` for PASSKEY has them all). */
export interface PasskeyCreationOptionsJson {
  challenge: string
  rp: { id?: string; name: string }
  /** `user.id` is the user handle in base64url. */
  user: { id: string; name: string; displayName: string }
  pubKeyCredParams?: { type: string; alg: number }[]
  /** Used when `rp.id` is missing. */
  rpId?: string
}

/** What `get` reads of WebAuthn authentication options (`POST /mfa/passkey/auth-options`'s `data`). */
export interface PasskeyRequestOptionsJson {
  challenge: string
  rpId: string
  /** The passkeys the server accepts; empty or missing: any this authenticator holds for the rpId. */
  allowCredentials?: { id: string; type?: string }[]
}

/** A new passkey as a browser's `PublicKeyCredential.toJSON()` gives it: the official client's `PasskeyRegistrationCredential`. */
export interface PasskeyRegistrationJson {
  id: string
  rawId: string
  type: 'public-key'
  response: { clientDataJSON: string; attestationObject: string; transports: string[] }
  clientExtensionResults: Record<string, never>
  authenticatorAttachment: 'platform'
}

/** An assertion as a browser's `PublicKeyCredential.toJSON()` gives it: the official client's `PasskeyAuthenticationCredential`. */
export interface PasskeyAssertionJson {
  id: string
  rawId: string
  type: 'public-key'
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string }
  clientExtensionResults: Record<string, never>
  authenticatorAttachment: 'platform'
}

/** The page a ceremony runs on. */
export interface VirtualPage {
  /** The page's origin written into the client data. Default: `https://` and the rpId (`http://localhost` for `localhost`). */
  origin?: string
}

/** A passkey the authenticator holds. */
export interface VirtualPasskey {
  id: string
  rpId: string
  /** The user handle, base64url, as the registration options gave it. */
  userHandle: string
  userName: string
  /** The signature counter of its latest use. */
  signCount: number
}

/**
 * A software passkey authenticator: what `navigator.credentials.create()` and `.get()` do, for tests with no
 * browser (jsdom and Node have no `navigator.credentials`). It makes ES256 passkeys with WebCrypto (so it runs in
 * browsers too), attestation `none`, user present and verified, and takes and gives WebAuthn's JSON forms.
 */
export interface VirtualAuthenticator {
  /** A new passkey for the options' rpId and user: the credential to send to `POST /mfa/passkey/complete-registration`. */
  create(options: PasskeyCreationOptionsJson, page?: VirtualPage): Promise<PasskeyRegistrationJson>
  /**
   * An assertion by one of its passkeys the options allow, its counter one higher (or `signCount` as given, as a
   * cloned authenticator would send): the credential to send to `POST /mfa/verify-login`. Throws if none is allowed.
   */
  get(options: PasskeyRequestOptionsJson, page?: VirtualPage & { signCount?: number }): Promise<PasskeyAssertionJson>
  /** The passkeys it holds, oldest first. */
  readonly passkeys: readonly VirtualPasskey[]
}

const FLAGS = { userPresent: 0x01, userVerified: 0x04, attestedData: 0x40 }
const ES256 = -7
const textBytes = (text: string) => new TextEncoder().encode(text)

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const sha256 = async (bytes: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
const uint32 = (n: number) => Uint8Array.from([(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])

/** An ECDSA signature as WebAuthn carries it (ASN.1 DER) from WebCrypto's r‖s. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    const trimmed = bytes.slice(start)
    const body = trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed
    return concat(Uint8Array.of(0x02, body.length), body)
  }
  const sequence = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)))
  return concat(Uint8Array.of(0x30, sequence.length), sequence)
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, rpId: string, page: VirtualPage = {}): Uint8Array<ArrayBuffer> {
  const origin = page.origin ?? (rpId === 'localhost' ? 'http://localhost' : `https://${rpId}`)
  return concat(textBytes(JSON.stringify({ type, challenge, origin, crossOrigin: false })))
}

/**
 * Makes a software passkey authenticator for tests without a browser: give it the options the mock answered and
 * send what it returns, as a page would with `navigator.credentials`.
 * @example
 * const authenticator = createVirtualAuthenticator()
 * const setup = await mock.request('/mfa/setup', { method: 'POST', headers: json, body: JSON.stringify({ mfaType: 'PASSKEY' }) }, 'jane.smith@acme.com')
 * const credential = await authenticator.create(setup.body.data)
 * await mock.request('/mfa/passkey/complete-registration', { method: 'POST', headers: json, body: JSON.stringify({ credential, challenge: setup.body.data.challenge }) }, 'jane.smith@acme.com')
 * // later, after POST /mfa/passkey/auth-options with the sign-in's limited token:
 * // await authenticator.get(options.body.data) is the `credential` of POST /mfa/verify-login
 */
export function createVirtualAuthenticator(): VirtualAuthenticator {
  const held: (VirtualPasskey & { privateKey: CryptoKey })[] = []
  return {
    get passkeys() {
      return held.map(({ privateKey: _key, ...passkey }) => ({ ...passkey }))
    },

    async create(options, page) {
      const rpId = options.rp.id ?? options.rpId
      if (!rpId) throw new Error('The options name no rpId (rp.id)')
      if (options.pubKeyCredParams?.length && !options.pubKeyCredParams.some((p) => p.alg === ES256)) throw new Error('NotSupportedError: the options do not accept ES256 (alg -7)')
      const { publicKey, privateKey } = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair
      const point = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey))
      const coseKey = encodeCbor(new Map<number, number | Uint8Array>([[1, 2], [3, ES256], [-1, 1], [-2, point.slice(1, 33)], [-3, point.slice(33, 65)]]))
      const id = crypto.getRandomValues(new Uint8Array(16))
      const attested = concat(new Uint8Array(16), Uint8Array.of(0, id.length), id, coseKey)
      const flags = FLAGS.userPresent | FLAGS.userVerified | FLAGS.attestedData
      const authData = concat(await sha256(concat(textBytes(rpId))), Uint8Array.of(flags), uint32(0), attested)
      const attestationObject = encodeCbor(new Map<string, CborValue>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]))
      const credentialId = toBase64Url(id)
      held.push({ id: credentialId, rpId, userHandle: options.user.id, userName: options.user.name, signCount: 0, privateKey })
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: toBase64Url(clientData('webauthn.create', options.challenge, rpId, page)), attestationObject: toBase64Url(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },

    async get(options, page = {}) {
      const allowed = options.allowCredentials?.length ? new Set(options.allowCredentials.map((c) => c.id)) : undefined
      const passkey = held.find((p) => p.rpId === options.rpId && (!allowed || allowed.has(p.id)))
      if (!passkey) throw new Error(`NotAllowedError: this authenticator holds no passkey of ${options.rpId} the options allow`)
      passkey.signCount = page.signCount ?? passkey.signCount + 1
      const authData = concat(await sha256(concat(textBytes(options.rpId))), Uint8Array.of(FLAGS.userPresent | FLAGS.userVerified), uint32(passkey.signCount))
      const data = clientData('webauthn.get', options.challenge, options.rpId, page)
      const signed = concat(authData, await sha256(data))
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, passkey.privateKey, signed))
      return {
        id: passkey.id,
        rawId: passkey.id,
        type: 'public-key',
        response: { clientDataJSON: toBase64Url(data), authenticatorData: toBase64Url(authData), signature: toBase64Url(derSignature(raw)), userHandle: passkey.userHandle },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },
  }
}

