// Passkeys in Chromium: a page of the app's origin registers a passkey with the browser's own virtual
// authenticator (the DevTools protocol's WebAuthn domain) from the options the mock gave, and signs in with it;
// the mock checks what the browser made. The page's calls to the API go through the test, as an app's would.
import type { Page } from '@playwright/test'
import { expect, test } from '../../src/playwright.js'

const JANE = 'jane.smith@acme.com'
/** appUrl's origin, whose host is the mock's default rpId: the page is served there by page.route. */
const APP = 'https://app.flashback.tech'

/** Opens a page of the app's origin in a browser with a virtual platform authenticator (user verified). */
async function appPageWithAuthenticator(page: Page) {
  await page.route(`${APP}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Security</title><h1>Security</h1>' }))
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })
  await page.goto(`${APP}/security`)
  return { cdp, authenticatorId }
}

/** navigator.credentials.create() in the page with WebAuthn options in their JSON form; the credential as JSON. */
function createInPage(page: Page, options: unknown) {
  return page.evaluate(async (json) => {
    const bytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=')), (c) => c.charCodeAt(0))
    const text = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    const o = json as { challenge: string; rp: { id: string; name: string }; user: { id: string; name: string; displayName: string }; pubKeyCredParams: { type: 'public-key'; alg: number }[]; timeout: number; attestation: AttestationConveyancePreference; authenticatorSelection: AuthenticatorSelectionCriteria }
    const made = (await navigator.credentials.create({
      publicKey: { ...o, challenge: bytes(o.challenge), user: { ...o.user, id: bytes(o.user.id) }, excludeCredentials: [] },
    })) as PublicKeyCredential
    const response = made.response as AuthenticatorAttestationResponse
    return {
      id: made.id,
      rawId: text(made.rawId),
      type: made.type,
      response: { clientDataJSON: text(response.clientDataJSON), attestationObject: text(response.attestationObject), transports: response.getTransports() },
      clientExtensionResults: made.getClientExtensionResults(),
    }
  }, options)
}

/** navigator.credentials.get() in the page with the sign-in options; the assertion as JSON. */
function getInPage(page: Page, options: unknown) {
  return page.evaluate(async (json) => {
    const bytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=')), (c) => c.charCodeAt(0))
    const text = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    const o = json as { challenge: string; rpId: string; timeout: number; userVerification: UserVerificationRequirement; allowCredentials: { id: string; type: 'public-key'; transports?: AuthenticatorTransport[] }[] }
    const got = (await navigator.credentials.get({
      publicKey: { ...o, challenge: bytes(o.challenge), allowCredentials: o.allowCredentials.map((c) => ({ ...c, id: bytes(c.id) })) },
    })) as PublicKeyCredential
    const response = got.response as AuthenticatorAssertionResponse
    return {
      id: got.id,
      rawId: text(got.rawId),
      type: got.type,
      response: { clientDataJSON: text(response.clientDataJSON), authenticatorData: text(response.authenticatorData), signature: text(response.signature), userHandle: response.userHandle ? text(response.userHandle) : undefined },
      clientExtensionResults: got.getClientExtensionResults(),
    }
  }, options)
}

test("registers a passkey with Chromium's virtual authenticator and signs in with it twice, the mock checking each and refusing the first assertion replayed", async ({ page, request, mockWorld }) => {
  const { cdp, authenticatorId } = await appPageWithAuthenticator(page)
  const auth = { Authorization: `Bearer ${await mockWorld.tokenFor(JANE)}` }
  const setup = (await (await request.post(`${mockWorld.url}/mfa/setup`, { headers: auth, data: { mfaType: 'PASSKEY' } })).json()) as { data: { challenge: string } }
  const credential = await createInPage(page, setup.data)
  const completed = await request.post(`${mockWorld.url}/mfa/passkey/complete-registration`, { headers: auth, data: { credential, challenge: setup.data.challenge } })
  expect(await completed.json()).toMatchObject({ success: true, message: 'PASSKEY setup verified' })
  expect((await request.post(`${mockWorld.url}/mfa/enable`, { headers: auth, data: { mfaType: 'PASSKEY' } })).status()).toBe(200)
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
  expect(credentials).toHaveLength(1)

  let previous: unknown
  for (let i = 0; i < 2; i++) {
    const login = (await (await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: 'Password123!' } })).json()) as { mfaRequired: boolean; mfaMethods: string[]; accessToken: string }
    expect(login).toMatchObject({ mfaRequired: true, mfaMethods: ['PASSKEY'] })
    const limited = { Authorization: `Bearer ${login.accessToken}` }
    const options = (await (await request.post(`${mockWorld.url}/mfa/passkey/auth-options`, { headers: limited })).json()) as { data: { allowCredentials: { id: string }[] } }
    expect(options.data.allowCredentials.map((c) => c.id)).toEqual([credential.id])
    if (previous) {
      // The assertion of the sign-in before, replayed: its challenge is not this sign-in's.
      const replayed = await request.post(`${mockWorld.url}/mfa/verify-login`, { headers: limited, data: { mfaType: 'PASSKEY', credential: previous } })
      expect(replayed.status()).toBe(400)
      expect(((await replayed.json()) as { error: string }).error).toMatch(/^Passkey could not be verified: Unexpected authentication response challenge/)
    }
    const assertion = await getInPage(page, options.data)
    previous = assertion
    const verified = await request.post(`${mockWorld.url}/mfa/verify-login`, { headers: limited, data: { mfaType: 'PASSKEY', credential: assertion } })
    expect(verified.status()).toBe(200)
    const { fullAccessToken } = (await verified.json()) as { fullAccessToken: string }
    expect((await request.get(`${mockWorld.url}/user/profile`, { headers: { Authorization: `Bearer ${fullAccessToken}` } })).status()).toBe(200)
    // The limited token has done its work.
    expect((await request.post(`${mockWorld.url}/mfa/verify-login`, { headers: limited, data: { mfaType: 'PASSKEY', credential: assertion } })).status()).toBe(401)
  }
})

test("refuses a passkey Chromium made on a page of another site for that site's rpId", async ({ page, request, mockWorld }) => {
  await page.route('https://evil.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title>' }))
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true } })
  await page.goto('https://evil.example/')
  const auth = { Authorization: `Bearer ${await mockWorld.tokenFor(JANE)}` }
  const setup = (await (await request.post(`${mockWorld.url}/mfa/setup`, { headers: auth, data: { mfaType: 'PASSKEY' } })).json()) as { data: { challenge: string; rp: { id: string; name: string } } }
  // A page may only use its own site as rpId: this one makes the passkey for evil.example.
  const credential = await createInPage(page, { ...setup.data, rp: { ...setup.data.rp, id: 'evil.example' } })
  const refused = await request.post(`${mockWorld.url}/mfa/passkey/complete-registration`, { headers: auth, data: { credential, challenge: setup.data.challenge } })
  expect(refused.status()).toBe(400)
  expect(await refused.json()).toEqual({ success: false, error: 'Passkey was made on https://evil.example, which may not use the passkeys of app.flashback.tech' })
})
