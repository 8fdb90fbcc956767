import type { MfaRecord, PasskeyRecord } from '../data/account-records.js'
import { afterSuccess } from '../data/mfa-state.js'
import { PASSKEY_CHALLENGE_MS, acceptsOrigin, authenticationOptions, newChallenge, registrationOptions } from '../data/passkeys.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { FlashbackStore } from '../data/store.js'
import { PasskeyRejected, clientDataOrigin, loadWebAuthn, verifyAssertion, verifyRegistration, type CredentialJson } from '../data/webauthn.js'
import { withPreparation, type MockServices, type OperationContext, type Reply } from './context.js'
import { ApiError } from './errors.js'
import { done, fail, refuseWhileLocked, withMethod, without } from './mfa-attempts.js'

const NOT_SET_UP = 'Set up PASSKEY first with POST /mfa/setup'
const ASK_FOR_OPTIONS = 'ask for new options with POST /mfa/passkey/auth-options'

/** What the passkey steps need of an operation's context. */
interface PasskeyContext {
  caller: UserRecord
  store: FlashbackStore
  services: MockServices
}

/**
 * Loads the WebAuthn library before a PASSKEY step enters the write queue, so the first passkey checked keeps
 * nobody waiting for the load (the check itself, a signature, stays in the queue).
 */
export function warmPasskeyCheck(ctx: { body: { mfaType?: string } }): Promise<unknown> {
  return ctx.body.mfaType === 'PASSKEY' ? loadWebAuthn() : Promise.resolve()
}

/** The origin in a credential's client data, refused (and counted) unless a page there may use the rpId's passkeys. */
function acceptedOrigin(ctx: PasskeyContext, mfa: MfaRecord, credential: CredentialJson): string {
  const origin = clientDataOrigin(credential)
  const rp = ctx.services.relyingParty
  if (origin === undefined) fail(ctx, ctx.caller.id, mfa, 'Passkey could not be verified: clientDataJSON is not base64url JSON naming an origin')
  if (!acceptsOrigin(rp, origin)) fail(ctx, ctx.caller.id, mfa, `Passkey was made on ${origin.slice(0, 200)}, which may not use the passkeys of ${rp.id}`)
  return origin
}

/** Runs a library check; a credential it refuses counts toward the lockout, with its reason in the answer. */
async function counted<T>(ctx: PasskeyContext, mfa: MfaRecord, check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    if (!(error instanceof PasskeyRejected)) throw error
    fail(ctx, ctx.caller.id, mfa, `Passkey could not be verified: ${error.message}`)
  }
}

/** POST /mfa/setup for PASSKEY: registration options with a new challenge; the passkey of an earlier setup not enabled yet goes. */
export function startPasskeySetup(ctx: PasskeyContext, mfa: MfaRecord): Reply<'setupMfa'> {
  const challenge = newChallenge()
  const { passkeys: _replaced, ...rest } = mfa
  const expiresAt = ctx.services.now().getTime() + PASSKEY_CHALLENGE_MS
  ctx.store.account.setMfa(ctx.caller.id, { ...rest, verifiedMethods: without(mfa.verifiedMethods, 'PASSKEY'), passkeyRegistration: { challenge, expiresAt } })
  const user = { id: ctx.caller.id, email: ctx.caller.email, name: `${ctx.caller.name} ${ctx.caller.lastName}`.trim() }
  return {
    status: 200,
    body: {
      success: true,
      message: 'Create the passkey with these options and send it to POST /mfa/passkey/complete-registration',
      data: registrationOptions(ctx.services.relyingParty, user, challenge),
    },
  }
}

/**
 * Confirms PASSKEY with the credential made from the setup's options (POST /mfa/verify-setup, or
 * POST /mfa/passkey/complete-registration with the `challenge` it names): the passkey is kept, PASSKEY confirmed.
 */
export async function confirmPasskey(ctx: PasskeyContext, credential: CredentialJson | undefined, challenge?: string) {
  const mfa = ctx.store.account.mfaOf(ctx.caller.id)
  const pending = mfa.passkeyRegistration
  if (pending === undefined) throw new ApiError('INVALID_REQUEST', NOT_SET_UP)
  if (credential === undefined) throw new ApiError('INVALID_REQUEST', 'credential is required for PASSKEY')
  if (challenge !== undefined && challenge !== pending.challenge) {
    throw new ApiError('INVALID_REQUEST', 'challenge is not the one of the passkey setup under way: create the passkey with the options POST /mfa/setup gave')
  }
  const now = ctx.services.now()
  refuseWhileLocked(mfa, now.getTime())
  if (now.getTime() > pending.expiresAt) throw new ApiError('INVALID_REQUEST', 'Passkey setup has expired: start again with POST /mfa/setup')
  const origin = acceptedOrigin(ctx, mfa, credential)
  const expected = { challenge: pending.challenge, origin, rpId: ctx.services.relyingParty.id }
  const passkey = await counted(ctx, mfa, () => verifyRegistration(credential, expected, now.toISOString()))
  const { passkeyRegistration: _used, ...rest } = afterSuccess(mfa)
  ctx.store.account.setMfa(ctx.caller.id, { ...rest, passkeys: [passkey], verifiedMethods: withMethod(mfa.verifiedMethods, 'PASSKEY') })
  return done('PASSKEY setup verified')
}

/**
 * The MFA step of a sign-in with a passkey: an assertion of one of the user's passkeys over the latest options'
 * challenge, its counter moving on. Gives the record to keep; every refusal but a missing credential is counted.
 */
export async function signInWithPasskey(ctx: PasskeyContext, mfa: MfaRecord, credential: CredentialJson | undefined): Promise<MfaRecord> {
  if (credential === undefined) throw new ApiError('INVALID_REQUEST', 'credential is required for PASSKEY')
  const pending = mfa.passkeyAuthentication
  if (pending === undefined) fail(ctx, ctx.caller.id, mfa, `No passkey sign-in is under way: ${ASK_FOR_OPTIONS}`)
  const passkey = mfa.passkeys?.find((p) => p.id === credential.id)
  if (passkey === undefined) fail(ctx, ctx.caller.id, mfa, 'This passkey is not registered to this account')
  if (ctx.services.now().getTime() > pending.expiresAt) fail(ctx, ctx.caller.id, mfa, `Passkey challenge has expired: ${ASK_FOR_OPTIONS}`)
  const origin = acceptedOrigin(ctx, mfa, credential)
  const expected = { challenge: pending.challenge, origin, rpId: ctx.services.relyingParty.id }
  const counter = await counted(ctx, mfa, () => verifyAssertion(credential, expected, passkey))
  const { passkeyAuthentication: _used, ...rest } = afterSuccess(mfa)
  const passkeys: PasskeyRecord[] = mfa.passkeys!.map((p) => (p.id === passkey.id ? { ...p, counter } : p))
  return { ...rest, passkeys }
}

/** The two calls of the official client's passkey API. */
export const passkeyResolvers = {
  getPasskeyAuthOptions(ctx: OperationContext<'getPasskeyAuthOptions'>): Reply<'getPasskeyAuthOptions'> {
    const mfa = ctx.store.account.mfaOf(ctx.caller.id)
    const passkeys = mfa.passkeys ?? []
    if (passkeys.length === 0) throw new ApiError('INVALID_REQUEST', NOT_SET_UP)
    const challenge = newChallenge()
    ctx.store.account.setMfa(ctx.caller.id, { ...mfa, passkeyAuthentication: { challenge, expiresAt: ctx.services.now().getTime() + PASSKEY_CHALLENGE_MS } })
    return { status: 200, body: { success: true, message: 'Sign in with one of these passkeys', data: authenticationOptions(ctx.services.relyingParty, challenge, passkeys) } }
  },

  completePasskeyRegistration: withPreparation(
    (ctx: OperationContext<'completePasskeyRegistration'>): Promise<Reply<'completePasskeyRegistration'>> => confirmPasskey(ctx, ctx.body.credential, ctx.body.challenge),
    () => loadWebAuthn(),
  ),
}
