import { beforeEach, describe, expect, it } from 'vitest'
import { newStellarKeypair } from '../src/data/stellar-keys.js'
import { expectDocumented } from './support/document.js'
import { transports, useStandaloneServer, type Transport } from './support/transports.js'
import { people, snapshot } from './support/world.js'

const deviceInfo = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP', os: 'Linux', browser: 'Firefox' }
const bearer = (token: string) => ({ token })
const AALIYAH = { id: '86a3e0a6-823c-4f5b-bee1-02e16f8b5ad0', email: 'aaliyah.bosco34@acme.com' }

describe.each(transports)('sign-in with providers through $name', ({ use }) => {
  const t: Transport = use()
  beforeEach(() => t.mock.reset())

  /** Signs in at `path` with the client's bearer header set to the provider credential, as the official client does. */
  async function providerCall(path: string, json: object, credential?: string) {
    const response = await t.request('POST', path, { json, as: credential === undefined ? null : bearer(credential) })
    return response
  }

  async function profileWith(accessToken: string) {
    return t.request('GET', '/user/profile', { as: bearer(accessToken) })
  }

  it('signs a fixture user in with a Google token, renews the Google token, signs in again with it, and keeps the session with /user/refresh', async () => {
    const { token } = t.mock.providers.grant('google', people.workspaces.email)
    const signedIn = await providerCall('/auth/google', { token, deviceInfo }, token)
    expect(signedIn.status).toBe(200)
    await expectDocumented('signInWithGoogle', 200, signedIn.body)
    expect(signedIn.body).toMatchObject({
      success: true, message: 'User logged in', token,
      user: { id: people.workspaces.id, email: people.workspaces.email, name: 'John Doe' },
      authState: { provider: 'GOOGLE', token: signedIn.body.accessToken, accessToken: token, user: { email: people.workspaces.email, name: 'John Doe' } },
    })
    expect((await profileWith(signedIn.body.accessToken)).body.data.email).toBe(people.workspaces.email)
    const sessions = await t.request('GET', '/sessions', { as: bearer(signedIn.body.accessToken) })
    expect(sessions.body.sessions.map((s: { id: string; loginMethod: string }) => [s.id, s.loginMethod])).toEqual([[signedIn.body.tokenId, 'GOOGLE']])

    const renewed = await providerCall('/auth/google/refresh', { refresh_token: signedIn.body.authState.refreshToken })
    expect(renewed.status).toBe(200)
    expect(renewed.body).toEqual({ success: true, token: expect.stringMatching(/^ya29\./), accessToken: renewed.body.token, refreshToken: signedIn.body.authState.refreshToken, expiresAt: expect.any(Number) })
    // An hour of the mock's clock from the refresh.
    expect(renewed.body.expiresAt - t.mock.clock.now().getTime()).toBeGreaterThan(3_590_000)
    expect(renewed.body.expiresAt - t.mock.clock.now().getTime()).toBeLessThanOrEqual(3_600_000)
    const again = await providerCall('/auth/google', { token: renewed.body.token }, renewed.body.token)
    expect([again.status, again.body.user.id]).toEqual([200, people.workspaces.id])

    t.mock.clock.advance('61m')
    expect((await profileWith(signedIn.body.accessToken)).status).toBe(401)
    const refreshed = await t.request('POST', '/user/refresh', { json: { refresh_token: signedIn.body.refreshToken } })
    expect((await profileWith(refreshed.body.accessToken)).status).toBe(200)
    // Google's access token has expired with the hour; its refresh token has not.
    expect((await providerCall('/auth/google', { token }, token)).body).toEqual({ success: false, error_code: 'INVALID_PROVIDER_TOKEN', message: 'Google access token is unknown or expired' })
    expect((await providerCall('/auth/google/refresh', { refresh_token: signedIn.body.authState.refreshToken })).status).toBe(200)
  })

  it('creates a new Google user with a verified e-mail and a personal organization from the exchange, and the code works once', async () => {
    const { code } = t.mock.providers.grant('google', 'ada.lovelace@gmail.com')
    const exchanged = await providerCall('/auth/google/exchange', { code })
    expect(exchanged.status).toBe(200)
    await expectDocumented('exchangeGoogleCode', 200, exchanged.body)
    const { user, authState, accessToken } = exchanged.body
    expect(user).toMatchObject({ email: 'ada.lovelace@gmail.com', name: 'Ada Lovelace', orgRole: 255 })
    expect(authState).toMatchObject({ provider: 'GOOGLE', token: accessToken, accessToken: exchanged.body.token, refreshToken: expect.stringMatching(/^1\/\//) })
    const organization = await t.request('GET', `/organization/${user.orgId}`, { as: bearer(accessToken) })
    expect(organization.body.data).toMatchObject({ name: 'Ada Lovelace', domain: 'gmail.com' })
    // Verified: the new owner may write at once.
    const renamed = await t.request('PUT', `/organization/${user.orgId}`, { as: bearer(accessToken), json: { name: 'Lovelace Analytics' } })
    expect(renamed.status).toBe(200)

    const before = snapshot(t.mock)
    const reused = await providerCall('/auth/google/exchange', { code })
    expect([reused.status, reused.body]).toEqual([401, { success: false, error_code: 'INVALID_CODE', message: 'Authorization code is unknown, expired or already used' }])
    expect(snapshot(t.mock)).toBe(before)
  })

  it('signs in with a GitHub code, names a business organization after the domain, and rotates the GitHub refresh token', async () => {
    const { code } = t.mock.providers.grant('github', 'grace@hopper.dev', { name: 'Grace Brewster Hopper' })
    const signedIn = await providerCall('/auth/github', { code, deviceInfo }, code)
    expect(signedIn.status).toBe(200)
    await expectDocumented('signInWithGithub', 200, signedIn.body)
    expect(signedIn.body).toMatchObject({ message: 'Authentication successful', user: { name: 'Grace Brewster Hopper' }, authState: { provider: 'GITHUB', accessToken: expect.stringMatching(/^gho_/), refreshToken: expect.stringMatching(/^ghr_/) } })
    const organization = await t.request('GET', `/organization/${signedIn.body.user.orgId}`, { as: bearer(signedIn.body.accessToken) })
    expect(organization.body.data).toMatchObject({ name: 'hopper.dev', domain: 'hopper.dev' })
    expect(t.mock.db.organizations.findFirst((q) => q.where({ id: signedIn.body.user.orgId }))?.is_business).toBe(true)

    const first = signedIn.body.authState.refreshToken
    const renewed = await providerCall('/auth/github/refresh', { refresh_token: first })
    expect(renewed.body).toMatchObject({ success: true, token: expect.stringMatching(/^gho_/), refreshToken: expect.stringMatching(/^ghr_/) })
    expect(renewed.body.refreshToken).not.toBe(first)
    const replaced = await providerCall('/auth/github/refresh', { refresh_token: first })
    expect([replaced.status, replaced.body]).toEqual([401, { success: false, error_code: 'INVALID_REFRESH_TOKEN', message: 'GitHub refresh token is unknown, expired or already replaced' }])
    expect((await providerCall('/auth/github/refresh', { refresh_token: renewed.body.refreshToken })).status).toBe(200)
  })

  it("ends a GitHub account's oldest refresh token at its eleventh sign-in, as GitHub does past ten", async () => {
    const refreshTokens: string[] = []
    for (let i = 0; i < 11; i++) {
      const { code } = t.mock.providers.grant('github', 'grace@hopper.dev')
      refreshTokens.push((await providerCall('/auth/github', { code, deviceInfo }, code)).body.authState.refreshToken)
    }
    const oldest = await providerCall('/auth/github/refresh', { refresh_token: refreshTokens[0] })
    expect([oldest.status, oldest.body.error_code]).toEqual([401, 'INVALID_REFRESH_TOKEN'])
    expect((await providerCall('/auth/github/refresh', { refresh_token: refreshTokens[1] })).status).toBe(200)
  })

  it('signs in with Microsoft by token and by code, and rotates the Microsoft refresh token', async () => {
    const { token, code } = t.mock.providers.grant('microsoft', people.billing.email)
    const byToken = await providerCall('/auth/microsoft', { token, deviceInfo }, token)
    expect([byToken.status, byToken.body.user.id, byToken.body.authState.provider]).toEqual([200, people.billing.id, 'MICROSOFT'])
    await expectDocumented('signInWithMicrosoft', 200, byToken.body)
    const byCode = await providerCall('/auth/microsoft/exchange', { code })
    expect([byCode.status, byCode.body.user.id]).toEqual([200, people.billing.id])
    await expectDocumented('exchangeMicrosoftCode', 200, byCode.body)
    expect((await profileWith(byCode.body.accessToken)).status).toBe(200)
    const renewed = await providerCall('/auth/microsoft/refresh', { refresh_token: byCode.body.authState.refreshToken })
    expect(renewed.status).toBe(200)
    await expectDocumented('refreshMicrosoftToken', 200, renewed.body)
    expect((await providerCall('/auth/microsoft/refresh', { refresh_token: byCode.body.authState.refreshToken })).status).toBe(401)
    const again = await providerCall('/auth/microsoft', { token: renewed.body.token }, renewed.body.token)
    expect(again.status).toBe(200)
  })

  it('signs in with a Stellar signature of a nonce, once per nonce, and refreshes the session as the client does for WEB3_STELLAR', async () => {
    const wallet = await t.mock.providers.stellarWallet(people.user.email)
    expect(wallet.address).toMatch(/^G[A-Z2-7]{55}$/)
    const body = await wallet.signInBody()
    const signedIn = await providerCall('/auth/web3', body)
    expect(signedIn.status).toBe(200)
    await expectDocumented('signInWithWeb3', 200, signedIn.body)
    expect(signedIn.body.token).toBeUndefined()
    expect(signedIn.body.authState).toMatchObject({ provider: 'WEB3_STELLAR', token: signedIn.body.accessToken, accessToken: signedIn.body.accessToken, refreshToken: signedIn.body.refreshToken })
    expect((await profileWith(signedIn.body.accessToken)).body.data.email).toBe(people.user.email)
    const refreshed = await t.request('POST', '/user/refresh', { json: { refresh_token: signedIn.body.authState.refreshToken } })
    expect(refreshed.status).toBe(200)

    const before = snapshot(t.mock)
    const replayed = await providerCall('/auth/web3', body)
    expect([replayed.status, replayed.body]).toEqual([401, { success: false, error_code: 'NONCE_ALREADY_USED', message: 'This nonce has already signed in: sign a fresh one' }])
    const forged = await providerCall('/auth/web3', { ...(await wallet.signInBody('another-nonce')), nonce: 'a-third-nonce' })
    expect([forged.status, forged.body.error_code]).toEqual([401, 'INVALID_SIGNATURE'])
    const stranger = await newStellarKeypair()
    const unlinked = await providerCall('/auth/web3', { address: stranger.address, network: 'TESTNET', nonce: 'stranger-nonce', signature: await stranger.sign('stranger-nonce') })
    expect([unlinked.status, unlinked.body.error_code]).toEqual([401, 'WALLET_NOT_LINKED'])
    const notAnAddress = await providerCall('/auth/web3', { ...body, address: 'GNOTANADDRESS' })
    expect([notAnAddress.status, notAnAddress.body]).toEqual([400, { success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: address must be a Stellar account id (G…)' }])
    expect(snapshot(t.mock)).toBe(before)
    // The forged body's nonce was not used up by its refusal: signed for real, it signs in.
    expect((await providerCall('/auth/web3', await wallet.signInBody('a-third-nonce'))).status).toBe(200)
  })

  it('refuses an expired code, a code or token of another provider, a deactivated user and a bad body, changing nothing and using nothing up', async () => {
    const google = t.mock.providers.grant('google', people.user.email)
    const deleted = t.mock.providers.grant('github', people.deleted.email)
    const before = snapshot(t.mock)
    expect((await providerCall('/auth/microsoft/exchange', { code: google.code })).body.error_code).toBe('INVALID_CODE')
    expect((await providerCall('/auth/microsoft', { token: google.token })).body).toEqual({ success: false, error_code: 'INVALID_PROVIDER_TOKEN', message: 'Microsoft access token is unknown or expired' })
    expect((await providerCall('/auth/github', { code: deleted.code })).body).toEqual({ success: false, error_code: 'USER_INACTIVE', message: 'User account is inactive' })
    const missing = await providerCall('/auth/github', { deviceInfo })
    expect([missing.status, missing.body]).toEqual([400, { success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: code is required' }])
    const noRefresh = await providerCall('/auth/google/refresh', { refreshToken: 'x' })
    expect([noRefresh.status, noRefresh.body.message]).toEqual([400, 'Invalid request body: refresh_token is required'])
    expect(snapshot(t.mock)).toBe(before)
    // The Google code is still unused: it signs in, until it expires after 10 minutes.
    const later = t.mock.providers.grant('google', people.user.email)
    t.mock.clock.advance('11m')
    expect((await providerCall('/auth/google/exchange', { code: later.code })).status).toBe(401)
    t.mock.clock.set(t.mock.clock.now().getTime() - 11 * 60_000)
    expect((await providerCall('/auth/google/exchange', { code: google.code })).status).toBe(200)
    // The deactivated user's code was not spent either: once the user is active again, it signs in.
    expect((await t.request('POST', `/organization/users/${people.deleted.id}/activate`, { as: 'owner' })).status).toBe(200)
    expect((await providerCall('/auth/github', { code: deleted.code })).status).toBe(200)
  })

  it('asks a user with MFA for the second step after a provider sign-in, as after login', async () => {
    await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'GOOGLE_AUTH' } })
    await t.request('POST', '/mfa/verify-setup', { as: 'user', json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.user.email) } })
    await t.request('POST', '/mfa/enable', { as: 'user', json: { mfaType: 'GOOGLE_AUTH' } })
    const { code } = t.mock.providers.grant('github', people.user.email)
    const first = await providerCall('/auth/github', { code }, code)
    expect(first.body).toMatchObject({ success: true, mfaRequired: true, mfaMethods: ['GOOGLE_AUTH'], message: 'MFA verification required', authState: { token: first.body.accessToken, provider: 'GITHUB' } })
    expect(first.body.refreshToken).toBeUndefined()
    await expectDocumented('signInWithGithub', 200, first.body)
    expect((await profileWith(first.body.accessToken)).status).toBe(401)
    const verified = await t.request('POST', '/mfa/verify-login', { as: bearer(first.body.accessToken), json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.user.email) } })
    expect((await profileWith(verified.body.fullAccessToken)).status).toBe(200)
  })

  it('accepts an invitation with a provider sign-in of the invited address, and refuses one for another address', async () => {
    await t.request('POST', `/organization/users/${AALIYAH.id}/resend-invitation`, { as: 'workspaces' })
    const invitation = t.mock.outbox.latest(AALIYAH.email, 'invitation')!
    const other = t.mock.providers.grant('google', people.user.email)
    const mismatch = await providerCall('/auth/google/exchange', { code: other.code, activationUid: AALIYAH.id, activationToken: invitation.token })
    expect([mismatch.status, mismatch.body.error_code]).toEqual([400, 'EMAIL_MISMATCH'])
    expect((await providerCall('/auth/google/exchange', { code: other.code })).body.user.id).toBe(people.user.id)
    const { code } = t.mock.providers.grant('google', AALIYAH.email)
    const accepted = await providerCall('/auth/google/exchange', { code, activationUid: AALIYAH.id, activationToken: invitation.token })
    expect([accepted.status, accepted.body.user.id]).toEqual([200, AALIYAH.id])
    expect(t.mock.db.users.findFirst((q) => q.where({ id: AALIYAH.id }))?.validated).toBe(true)
    const again = t.mock.providers.grant('google', AALIYAH.email)
    const used = await providerCall('/auth/google/exchange', { code: again.code, activationUid: AALIYAH.id, activationToken: invitation.token })
    expect([used.status, used.body.error_code]).toEqual([400, 'INVALID_TOKEN'])
  })

  it('forgets grants on reset', async () => {
    const { code } = t.mock.providers.grant('github', people.owner.email)
    await t.mock.reset()
    expect((await providerCall('/auth/github', { code })).status).toBe(401)
  })
})

describe('provider grants over the control API', () => {
  const { url } = useStandaloneServer()
  const control = (path: string, json: unknown) => fetch(url() + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) })
  const api = (path: string, json: unknown) => fetch(url() + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) })

  it('grants a Google sign-in that the exchange accepts, and a web3 body that signs in', async () => {
    const granted = await control('/__mock/providers/google/grants', { user: 'new.person@example.org' })
    expect(granted.status).toBe(201)
    const grant = await granted.json()
    expect(grant).toMatchObject({ success: true, provider: 'google', user: 'new.person@example.org', code: expect.stringMatching(/^4\//), token: expect.stringMatching(/^ya29\./) })
    const exchanged = await api('/auth/google/exchange', { code: grant.code })
    expect((await exchanged.json()).user).toMatchObject({ email: 'new.person@example.org', name: 'New Person' })

    const web3 = await (await control('/__mock/providers/web3/grants', { user: people.owner.email })).json()
    expect(web3).toMatchObject({ provider: 'web3', network: 'TESTNET', address: expect.stringMatching(/^G/) })
    const { address, network, signature, nonce } = web3
    const signedIn = await api('/auth/web3', { address, network, signature, nonce })
    expect([signedIn.status, (await signedIn.json()).user.id]).toEqual([200, people.owner.id])
  })

  it('refuses an unknown provider and a user that is not an e-mail, naming the field', async () => {
    const unknown = await control('/__mock/providers/facebook/grants', { user: people.owner.email })
    expect([unknown.status, (await unknown.json()).errors]).toEqual([400, [{ field: 'provider', message: 'provider must be one of google, github, microsoft, web3, not "facebook"' }]])
    const notEmail = await control('/__mock/providers/github/grants', { user: 'nobody' })
    expect(notEmail.status).toBe(400)
    expect((await notEmail.json()).errors[0].field).toBe('user')
  })

  it('shows a consent page listing the world\'s users, and sends the browser back with a code the exchange accepts', async () => {
    const authorize = `${url()}/__mock/oauth/google/authorize?redirect_uri=${encodeURIComponent('http://localhost:5173/auth/callback?from=mock')}&state=xyz%20123`
    const page = await fetch(authorize)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('<h1>Sign in with Google</h1>')
    expect(html).toContain(`&lt;${people.user.email}&gt;</a>`)
    expect(html).not.toContain(people.deleted.email)

    const consented = await fetch(`${authorize}&user=${encodeURIComponent(people.user.email)}`, { redirect: 'manual' })
    expect(consented.status).toBe(302)
    const back = new URL(consented.headers.get('location')!)
    expect([back.origin + back.pathname, back.searchParams.get('from'), back.searchParams.get('state')]).toEqual(['http://localhost:5173/auth/callback', 'mock', 'xyz 123'])
    const exchanged = await api('/auth/google/exchange', { code: back.searchParams.get('code') })
    expect([exchanged.status, (await exchanged.json()).user.id]).toEqual([200, people.user.id])

    const implicit = await fetch(`${url()}/__mock/oauth/microsoft/authorize?redirect_uri=/callback&response_type=token&user=${encodeURIComponent(people.owner.email)}`, { redirect: 'manual' })
    const fragment = new URLSearchParams(implicit.headers.get('location')!.split('#')[1])
    expect(fragment.get('token_type')).toBe('Bearer')
    const signedIn = await api('/auth/microsoft', { token: fragment.get('access_token') })
    expect((await signedIn.json()).user.id).toBe(people.owner.id)
  })

  it("lists the first 50 of a large world's users on the consent page, and says how many more to type", async () => {
    const world = { 'x-mock-world': 'consent-large' }
    expect((await fetch(`${url()}/__mock/worlds`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'consent-large', fixture: 'large' }) })).status).toBe(201)
    const active = (await (await fetch(`${url()}/__mock/users`, { headers: world })).json()).users.filter((u: { deletedAt: string | null }) => u.deletedAt === null).length
    const html = await (await fetch(`${url()}/__mock/oauth/github/authorize?redirect_uri=/cb`, { headers: world })).text()
    expect(html.match(/<li><a /g)).toHaveLength(50)
    expect(html).toContain(`<li>${active - 50} more: type the e-mail below</li>`)
    await fetch(`${url()}/__mock/worlds/consent-large`, { method: 'DELETE' })
  })

  it('refuses a consent page that would send the code off this machine, or for web3', async () => {
    const offsite = await fetch(`${url()}/__mock/oauth/github/authorize?redirect_uri=${encodeURIComponent('https://evil.example/cb')}&user=${encodeURIComponent(people.user.email)}`, { redirect: 'manual' })
    expect(offsite.status).toBe(400)
    expect((await offsite.json()).errors).toEqual([{ field: 'redirect_uri', message: 'redirect_uri must be a URL on a loopback origin (localhost, 127.0.0.1, [::1]) or a path on this server, not "https://evil.example/cb"' }])
    // Forms that read as a path, but that a browser (and the URL parser) takes to another host.
    for (const redirect of ['//evil.example/cb', '/\\evil.example/cb', '/\t/evil.example/cb', '/\n/evil.example/cb', 'http://localhost@evil.example/cb', 'javascript:alert(1)']) {
      const refused = await fetch(`${url()}/__mock/oauth/github/authorize?redirect_uri=${encodeURIComponent(redirect)}&user=${encodeURIComponent(people.user.email)}`, { redirect: 'manual' })
      expect([redirect, refused.status, refused.headers.get('location')]).toEqual([redirect, 400, null])
    }
    const web3 = await fetch(`${url()}/__mock/oauth/web3/authorize?redirect_uri=/cb`)
    expect(web3.status).toBe(400)
  })
})
