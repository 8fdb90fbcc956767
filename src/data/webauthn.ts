// The only module that loads @simplewebauthn/server, and only when a passkey is checked: a dynamic import, so the
// browser entry does not carry it (decisions/035).
import type { PasskeyRecord } from './account-records.js'
import { fromBase64Url, toBase64Url } from './base64url.js'

type WebAuthnLibrary = typeof import('@simplewebauthn/server')
let library: Promise<WebAuthnLibrary> | undefined

/** Loads the WebAuthn library once; later calls share the load. */
export function loadWebAuthn(): Promise<WebAuthnLibrary> {
  library ??= import('@simplewebauthn/server')
  return library
}

/** A refusal of a credential, with the reason the library (or the mock) gave. */
export class PasskeyRejected extends Error {}

/** What a check of a credential expects: the challenge handed out, the page's accepted origin and the rpId. */
interface Expected {
  challenge: string
  origin: string
  rpId: string
}

/** The registration (`navigator.credentials.create`) or assertion (`get`) a client sends, in WebAuthn's JSON form. */
export interface CredentialJson {
  id: string
  rawId: string
  type: 'public-key'
  response: Record<string, unknown> & { clientDataJSON: string }
  clientExtensionResults?: Record<string, unknown>
  authenticatorAttachment?: string
}

/** The page's origin written in a credential's `clientDataJSON`, or undefined when it cannot be read. */
export function clientDataOrigin(credential: CredentialJson): string | undefined {
  try {
    const origin = (JSON.parse(new TextDecoder().decode(fromBase64Url(credential.response.clientDataJSON))) as { origin?: unknown }).origin
    return typeof origin === 'string' ? origin : undefined
  } catch {
    return undefined
  }
}

/** The official client puts `clientExtensionResults` inside `response`; WebAuthn's JSON has it beside it. */
function asLibraryJson(credential: CredentialJson) {
  const { clientExtensionResults, ...response } = credential.response
  return { ...credential, response, clientExtensionResults: credential.clientExtensionResults ?? (clientExtensionResults as Record<string, unknown> | undefined) ?? {} }
}

async function checked<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify()
  } catch (error) {
    throw new PasskeyRejected((error as Error).message)
  }
}

/** Verifies a registration (attestation `none` or any the library knows) and gives the passkey to keep. */
export async function verifyRegistration(credential: CredentialJson, expected: Expected, createdAt: string): Promise<PasskeyRecord> {
  const { verifyRegistrationResponse } = await loadWebAuthn()
  const result = await checked(() =>
    verifyRegistrationResponse({
      response: asLibraryJson(credential) as never,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpId,
      requireUserVerification: false,
    }),
  )
  if (!result.verified) throw new PasskeyRejected('the registration does not verify')
  const { id, publicKey, counter, transports } = result.registrationInfo.credential
  const given = (credential.response.transports as string[] | undefined) ?? transports
  return { id, publicKey: toBase64Url(publicKey), counter, ...(given?.length ? { transports: [...given] } : {}), createdAt }
}

/** Verifies an assertion by a registered passkey and gives its new signature counter. */
export async function verifyAssertion(credential: CredentialJson, expected: Expected, passkey: PasskeyRecord): Promise<number> {
  const { verifyAuthenticationResponse } = await loadWebAuthn()
  const result = await checked(() =>
    verifyAuthenticationResponse({
      response: asLibraryJson(credential) as never,
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpId,
      credential: { id: passkey.id, publicKey: fromBase64Url(passkey.publicKey) as Uint8Array<ArrayBuffer>, counter: passkey.counter },
      requireUserVerification: false,
    }),
  )
  if (!result.verified) throw new PasskeyRejected('the assertion does not verify')
  return result.authenticationInfo.newCounter
}
