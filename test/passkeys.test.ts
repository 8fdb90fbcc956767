import { beforeEach, describe, expect, it } from 'vitest'
import { createFlashbackMock, createVirtualAuthenticator, type PasskeyCreationOptionsJson, type PasskeyRequestOptionsJson, type VirtualAuthenticator } from '../src/index.js'
import { fromBase64Url, toBase64Url } from '../src/data/base64url.js'
import { transports, type Transport } from './support/transports.js'
import { people, snapshot, type Person } from './support/world.js'

const PASSWORD = 'Password123!'
const RP_ID = 'app.flashback.tech'
const MFA_REQUIRED = 'MFA verification required: finish signing in with POST /mfa/verify-login'
const bearer = (token: string) => ({ token })
const verified = (message: string) => ({ success: true, message, data: { success: true, message } })

/** The world as a snapshot shows it, with every user's count of failed MFA verifications left out. */
function withoutFailures(t: Transport): unknown {
  const state = JSON.parse(snapshot(t.mock)) as { account: { mfa: Record<string, { failedAttempts?: number }> } }
  for (const mfa of Object.values(state.account.mfa)) delete mfa.failedAttempts
  return state
}

const failuresOf = (t: Transport, who: Person) => (JSON.parse(snapshot(t.mock)).account.mfa[people[who].id]?.failedAttempts ?? 0) as number

/** A security page registering a passkey: setup, the authenticator, complete-registration. */
async function registerPasskey(t: Transport, who: Person, authenticator: VirtualAuthenticator = createVirtualAuthenticator()) {
  const setup = await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'PASSKEY' } })
  expect(setup.status).toBe(200)
  const credential = await authenticator.create(setup.body.data)
  const completed = await t.request('POST', '/mfa/passkey/complete-registration', { as: who, json: { credential, challenge: setup.body.data.challenge } })
  expect(completed.body).toEqual(verified('PASSKEY setup verified'))
  return { authenticator, credential }
}

async function enrollPasskey(t: Transport, who: Person) {
  const registered = await registerPasskey(t, who)
  expect((await t.request('POST', '/mfa/enable', { as: who, json: { mfaType: 'PASSKEY' } })).status).toBe(200)
  return registered
}

/** The first step of a sign-in and the passkey options its limited token gets. */
async function startSignIn(t: Transport, who: Person) {
  const login = await t.request('POST', '/user/login', { json: { email: people[who].email, password: PASSWORD } })
  expect(login.body).toMatchObject({ mfaRequired: true, mfaMethods: ['PASSKEY'] })
  const limited = bearer(login.body.accessToken as string)
  const options = await t.request('POST', '/mfa/passkey/auth-options', { as: limited })
  expect(options.status).toBe(200)
  return { limited, tokenId: login.body.tokenId as string, options: options.body.data as PasskeyRequestOptionsJson }
}

describe.each(transports)('passkeys through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it("registers a passkey from the setup's options, enables it, and signs in with it in two steps from then on", async () => {
    const setup = await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'PASSKEY' } })
    const options = setup.body.data
    expect(options).toMatchObject({
      rp: { name: 'Flashback', id: RP_ID },
      user: { id: toBase64Url(new TextEncoder().encode(people.user.id)), name: people.user.email, displayName: 'Jane Smith' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
      timeout: 300_000,
      attestation: 'none',
      rpId: RP_ID, rpID: RP_ID, rpName: 'Flashback', userName: people.user.email, userId: people.user.id, origin: `https://${RP_ID}`,
    })
    expect(options.challenge).toMatch(/^[\w-]{43}$/)
    const authenticator = createVirtualAuthenticator()
    const credential = await authenticator.create(options)
    const completed = await t.request('POST', '/mfa/passkey/complete-registration', { as: 'user', json: { credential, challenge: options.challenge } })
    expect(completed.body).toEqual(verified('PASSKEY setup verified'))
    expect((await t.request('GET', '/mfa/methods', { as: 'user' })).body.data).toContain('PASSKEY')
    expect((await t.request('POST', '/mfa/enable', { as: 'user', json: { mfaType: 'PASSKEY' } })).body).toEqual(verified('PASSKEY enabled'))
    expect((await t.request('GET', '/mfa/status', { as: 'user' })).body.data).toMatchObject({ isEnabled: true, enabledMethods: ['PASSKEY'], primaryMethod: 'PASSKEY' })

    const login = await t.request('POST', '/user/login', { json: { email: people.user.email, password: PASSWORD } })
    expect(login.body).toMatchObject({ success: true, mfaRequired: true, mfaMethods: ['PASSKEY'], primaryMethod: 'PASSKEY' })
    const limited = bearer(login.body.accessToken)
    expect((await t.request('GET', '/user/profile', { as: limited })).body).toEqual({ success: false, message: MFA_REQUIRED })
    const authOptions = await t.request('POST', '/mfa/passkey/auth-options', { as: limited })
    expect(authOptions.body).toEqual({
      success: true,
      message: 'Sign in with one of these passkeys',
      data: { challenge: expect.stringMatching(/^[\w-]{43}$/), rpId: RP_ID, timeout: 300_000, userVerification: 'preferred', allowCredentials: [{ id: credential.id, type: 'public-key', transports: ['internal'] }] },
    })
    const assertion = await authenticator.get(authOptions.body.data)
    const full = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: assertion } })
    expect(full.status).toBe(200)
    expect(full.body).toMatchObject({ success: true, message: 'MFA verification successful', tokenId: login.body.tokenId, refreshToken: expect.any(String) })
    expect((await t.request('GET', '/user/profile', { as: bearer(full.body.fullAccessToken) })).status).toBe(200)
    expect((await t.request('GET', '/mfa/status', { as: bearer(full.body.fullAccessToken) })).body.data.sessionVerified).toBe(true)

    // The next sign-in asks again, and the authenticator's counter moves on.
    const next = await startSignIn(t, 'user')
    const again = await t.request('POST', '/mfa/verify-login', { as: next.limited, json: { mfaType: 'PASSKEY', credential: await authenticator.get(next.options) } })
    expect(again.status).toBe(200)
    expect(authenticator.passkeys[0]!.signCount).toBe(2)
  })

  it('confirms a passkey through POST /mfa/verify-setup as the official client may', async () => {
    const setup = await t.request('POST', '/mfa/setup', { as: 'globexUser', json: { mfaType: 'PASSKEY', deviceInfo: { deviceName: 'Laptop' } } })
    const credential = await createVirtualAuthenticator().create(setup.body.data)
    const confirmed = await t.request('POST', '/mfa/verify-setup', { as: 'globexUser', json: { mfaType: 'PASSKEY', credential } })
    expect(confirmed.body).toEqual(verified('PASSKEY setup verified'))
    expect((await t.request('POST', '/mfa/enable', { as: 'globexUser', json: { mfaType: 'PASSKEY' } })).status).toBe(200)
    expect((await t.request('POST', '/user/login', { json: { email: people.globexUser.email, password: PASSWORD } })).body.mfaMethods).toEqual(['PASSKEY'])
  })

  describe('refuses a registration that does not match the setup, and keeps it', () => {
    it('answers 400 without a setup under way, changing nothing', async () => {
      const stray = await createVirtualAuthenticator().create({ challenge: 'c3RyYXk', rp: { id: RP_ID, name: 'Flashback' }, user: { id: 'dQ', name: 'u', displayName: 'U' } })
      const before = snapshot(t.mock)
      const refused = await t.request('POST', '/mfa/passkey/complete-registration', { as: 'user', json: { credential: stray, challenge: 'c3RyYXk' } })
      expect([refused.status, refused.body]).toEqual([400, { success: false, error: 'Set up PASSKEY first with POST /mfa/setup' }])
      const alsoRefused = await t.request('POST', '/mfa/verify-setup', { as: 'user', json: { mfaType: 'PASSKEY', credential: stray } })
      expect(alsoRefused.status).toBe(400)
      expect(snapshot(t.mock)).toBe(before)
    })

    const cases: { name: string; make: (options: Record<string, unknown>) => Promise<unknown>; challenge?: string; error: RegExp; counted: boolean }[] = [
      { name: 'a challenge the setup did not give', make: (o) => createVirtualAuthenticator().create(o as never), challenge: 'b3RoZXI', error: /^challenge is not the one of the passkey setup under way/, counted: false },
      { name: 'a passkey made over another challenge', make: (o) => createVirtualAuthenticator().create({ ...(o as unknown as PasskeyCreationOptionsJson), challenge: 'b3RoZXI' }), error: /^Passkey could not be verified: Unexpected registration response challenge "b3RoZXI"/, counted: true },
      { name: 'a passkey made on another site', make: (o) => createVirtualAuthenticator().create(o as never, { origin: 'https://evil.example' }), error: /^Passkey was made on https:\/\/evil\.example, which may not use the passkeys of app\.flashback\.tech$/, counted: true },
      { name: 'a passkey made for another rpId', make: (o) => createVirtualAuthenticator().create({ ...(o as unknown as PasskeyCreationOptionsJson), rp: { id: 'evil.example', name: 'Evil' } }, { origin: `https://${RP_ID}` }), error: /^Passkey could not be verified: Unexpected RP ID hash/, counted: true },
    ]
    it.each(cases)('answers 400 to $name', async ({ make, challenge, error, counted }) => {
      const setup = await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'PASSKEY' } })
      const credential = await make(setup.body.data)
      const before = withoutFailures(t)
      const refused = await t.request('POST', '/mfa/passkey/complete-registration', { as: 'user', json: { credential, challenge: challenge ?? setup.body.data.challenge } })
      expect(refused.status).toBe(400)
      expect(refused.body.error).toMatch(error)
      expect(withoutFailures(t)).toEqual(before)
      expect(failuresOf(t, 'user')).toBe(counted ? 1 : 0)
      // The setup is still under way: the right passkey completes it.
      const right = await createVirtualAuthenticator().create(setup.body.data)
      expect((await t.request('POST', '/mfa/passkey/complete-registration', { as: 'user', json: { credential: right, challenge: setup.body.data.challenge } })).status).toBe(200)
    })

    it('answers 400 once the setup has expired on the mock clock', async () => {
      const setup = await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'PASSKEY' } })
      const credential = await createVirtualAuthenticator().create(setup.body.data)
      t.mock.clock.advance('301s')
      const before = snapshot(t.mock)
      const refused = await t.request('POST', '/mfa/passkey/complete-registration', { as: 'user', json: { credential, challenge: setup.body.data.challenge } })
      expect([refused.status, refused.body]).toEqual([400, { success: false, error: 'Passkey setup has expired: start again with POST /mfa/setup' }])
      expect(snapshot(t.mock)).toBe(before)
    })
  })

  describe('refuses a sign-in assertion that is not right, counts it, and lets the right one in after', () => {
    type Case = { name: string; assertion: (s: { mine: VirtualAuthenticator; theirs: VirtualAuthenticator; options: PasskeyRequestOptionsJson; old: unknown }) => Promise<unknown>; error: RegExp }
    const cases: Case[] = [
      { name: 'a passkey nobody registered', assertion: async ({ options }) => {
        const stranger = createVirtualAuthenticator()
        await stranger.create({ challenge: 'c3RyYXk', rp: { id: RP_ID, name: 'Flashback' }, user: { id: 'dQ', name: 'u', displayName: 'U' } })
        return stranger.get({ ...options, allowCredentials: [] })
      }, error: /^This passkey is not registered to this account$/ },
      { name: "another user's passkey", assertion: ({ theirs, options }) => theirs.get({ ...options, allowCredentials: [] }), error: /^This passkey is not registered to this account$/ },
      { name: 'an assertion over another challenge', assertion: ({ mine, options }) => mine.get({ ...options, challenge: 'b3RoZXI' }), error: /^Passkey could not be verified: Unexpected authentication response challenge "b3RoZXI"/ },
      { name: 'an assertion made on another site', assertion: ({ mine, options }) => mine.get(options, { origin: 'https://evil.example' }), error: /^Passkey was made on https:\/\/evil\.example, which may not use the passkeys of app\.flashback\.tech$/ },
      { name: 'the assertion of an earlier sign-in, replayed', assertion: async ({ old }) => old, error: /^Passkey could not be verified: Unexpected authentication response challenge/ },
      { name: 'a counter that did not move on (a cloned authenticator)', assertion: ({ mine, options }) => mine.get(options, { signCount: 1 }), error: /^Passkey could not be verified: Response counter value 1 was lower than expected 1$/ },
      { name: 'a forged signature', assertion: async ({ mine, options }) => {
        const real = await mine.get(options) as { response: { signature: string } }
        const signature = fromBase64Url(real.response.signature)
        signature[signature.length - 1]! ^= 0x01
        return { ...real, response: { ...real.response, signature: toBase64Url(signature) } }
      }, error: /^Passkey could not be verified/ },
    ]
    it.each(cases)('answers 400 to $name', async ({ assertion, error }) => {
      const { authenticator: mine } = await enrollPasskey(t, 'user')
      const { authenticator: theirs } = await enrollPasskey(t, 'globexUser')
      const first = await startSignIn(t, 'user')
      const old = await mine.get(first.options)
      expect((await t.request('POST', '/mfa/verify-login', { as: first.limited, json: { mfaType: 'PASSKEY', credential: old } })).status).toBe(200)

      const { limited, options } = await startSignIn(t, 'user')
      const credential = await assertion({ mine, theirs, options, old })
      const before = withoutFailures(t)
      const refused = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential } })
      expect(refused.status).toBe(400)
      expect(refused.body.error).toMatch(error)
      expect(withoutFailures(t)).toEqual(before)
      expect(failuresOf(t, 'user')).toBe(1)
      expect((await t.request('GET', '/user/profile', { as: limited })).status).toBe(401)
      const right = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: await mine.get(options) } })
      expect(right.status).toBe(200)
      expect(failuresOf(t, 'user')).toBe(0)
    })

    it('counts an assertion sent without options asked for, and one past their five minutes', async () => {
      const { authenticator } = await enrollPasskey(t, 'user')
      const login = await t.request('POST', '/user/login', { json: { email: people.user.email, password: PASSWORD } })
      const limited = bearer(login.body.accessToken)
      const unasked = await authenticator.get({ challenge: 'bm9uZQ', rpId: RP_ID })
      const early = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: unasked } })
      expect([early.status, early.body]).toEqual([400, { success: false, error: 'No passkey sign-in is under way: ask for new options with POST /mfa/passkey/auth-options' }])
      const options = (await t.request('POST', '/mfa/passkey/auth-options', { as: limited })).body.data
      t.mock.clock.advance('301s')
      const late = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: await authenticator.get(options) } })
      expect([late.status, late.body]).toEqual([400, { success: false, error: 'Passkey challenge has expired: ask for new options with POST /mfa/passkey/auth-options' }])
      expect(failuresOf(t, 'user')).toBe(2)
    })

    it('locks verification at the fifth refused assertion, the right one included, for 15 minutes', async () => {
      const { authenticator } = await enrollPasskey(t, 'user')
      const { limited, options } = await startSignIn(t, 'user')
      const elsewhere = await authenticator.get(options, { origin: 'https://evil.example' })
      for (let i = 0; i < 4; i++) expect((await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: elsewhere } })).status).toBe(400)
      const locked = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: elsewhere } })
      expect([locked.status, locked.body]).toEqual([429, { success: false, error: 'Too many failed attempts: try again in 15 minutes' }])
      expect((await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'PASSKEY', credential: await authenticator.get(options) } })).status).toBe(429)
    })
  })

  it('gives no sign-in options to a user without a passkey, and forgets passkeys when PASSKEY is disabled, on POST /mfa/reset and on reset()', async () => {
    const refused = await t.request('POST', '/mfa/passkey/auth-options', { as: 'globexUser' })
    expect([refused.status, refused.body]).toEqual([400, { success: false, error: 'Set up PASSKEY first with POST /mfa/setup' }])
    await enrollPasskey(t, 'globexUser')
    expect((await t.request('POST', '/mfa/disable', { as: 'globexUser', json: { mfaType: 'PASSKEY' } })).status).toBe(200)
    expect((await t.request('POST', '/mfa/passkey/auth-options', { as: 'globexUser' })).status).toBe(400)
    expect((await t.request('POST', '/user/login', { json: { email: people.globexUser.email, password: PASSWORD } })).body.mfaRequired).toBeUndefined()

    // Disabling another method keeps the passkeys and a passkey setup under way.
    const { authenticator } = await enrollPasskey(t, 'globexUser')
    await t.request('POST', '/mfa/setup', { as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' } })
    await t.request('POST', '/mfa/verify-setup', { as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.globexUser.email) } })
    await t.request('POST', '/mfa/enable', { as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' } })
    const options = (await t.request('POST', '/mfa/passkey/auth-options', { as: 'globexUser' })).body.data
    expect((await t.request('POST', '/mfa/disable', { as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' } })).status).toBe(200)
    const login = await t.request('POST', '/user/login', { json: { email: people.globexUser.email, password: PASSWORD } })
    expect(login.body.mfaMethods).toEqual(['PASSKEY'])
    const kept = await t.request('POST', '/mfa/verify-login', { as: bearer(login.body.accessToken), json: { mfaType: 'PASSKEY', credential: await authenticator.get(options) } })
    expect(kept.status).toBe(200)

    expect((await t.request('POST', '/mfa/reset', { as: 'globexUser', json: {} })).status).toBe(200)
    expect((await t.request('POST', '/mfa/passkey/auth-options', { as: 'globexUser' })).status).toBe(400)

    await enrollPasskey(t, 'globexUser')
    await t.mock.reset()
    expect((await t.request('POST', '/mfa/passkey/auth-options', { as: 'globexUser' })).status).toBe(400)
  })
})

describe('the relying party', () => {
  const json = { 'Content-Type': 'application/json' }
  async function setupOptions(mock: ReturnType<typeof createFlashbackMock>) {
    const setup = await mock.request('/mfa/setup', { method: 'POST', headers: json, body: JSON.stringify({ mfaType: 'PASSKEY' }) }, { as: 'jane.smith@acme.com' })
    return setup.body.data
  }
  const complete = (mock: ReturnType<typeof createFlashbackMock>, credential: unknown, challenge: string) =>
    mock.request('/mfa/passkey/complete-registration', { method: 'POST', headers: json, body: JSON.stringify({ credential, challenge }) }, { as: 'jane.smith@acme.com' })

  it("is appUrl's host, and takes passkeys made on the app's pages and on other pages of this machine", async () => {
    const mock = createFlashbackMock({ appUrl: 'http://localhost:5173' })
    const options = await setupOptions(mock)
    expect(options.rp.id).toBe('localhost')
    expect((await complete(mock, await createVirtualAuthenticator().create(options, { origin: 'http://localhost:6006' }), options.challenge)).status).toBe(200)
  })

  it('is passkeyRpId when given, so pages under that name may use the passkeys', async () => {
    const mock = createFlashbackMock({ appUrl: 'https://app.example.com', passkeyRpId: 'example.com' })
    const options = await setupOptions(mock)
    expect(options.rp).toEqual({ name: 'Flashback', id: 'example.com' })
    expect((await complete(mock, await createVirtualAuthenticator().create(options, { origin: 'https://admin.example.com' }), options.challenge)).status).toBe(200)
  })

  it('refuses a passkeyRpId that is not a host name', () => {
    expect(() => createFlashbackMock({ passkeyRpId: 'https://example.com' })).toThrow('passkeyRpId must be a host name such as localhost or app.example.com, not "https://example.com"')
  })
})
