import { describe, expect, it } from 'vitest'
import { createFlashbackMock, createVirtualAuthenticator, type PasskeyCreationOptionsJson } from '../src/index.js'
import { matchRoute } from '../src/spec/router.js'
import { AccountClient, HttpError, OrgRoles, ProviderType, type RefreshTokenResponse } from './support/account-client.js'
import { expectDocumented } from './support/document.js'
import { ACME, people } from './support/world.js'

/** Checks every answer the client got against the document for the operation its route names; returns those operations. */
async function expectEveryAnswerDocumented(client: AccountClient): Promise<string[]> {
  const operations: string[] = []
  for (const { method, path, status, body } of client.exchanges) {
    const route = matchRoute(method, path)
    if (route.kind !== 'operation') throw new Error(`${method} ${path} is not an operation of the document`)
    await expectDocumented(route.operation.id, status, body)
    operations.push(route.operation.id)
  }
  return operations
}

describe('a client written from the official client\'s types', () => {
  it('signs up, verifies, invites, activates and resets a password with the lifecycle calls, each answer as documented', async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    const signUp = await client.userRegister({ email: 'ada@newco.example', password: 'SecurePass123', firstName: 'Ada', lastName: 'Lovelace', companyName: 'NewCo', isBusiness: true })
    expect(signUp.verificationTokenId).toEqual(expect.any(String))
    expect((await client.resendVerificationEmail(signUp.verificationTokenId!)).success).toBe(true)
    const { token } = mock.outbox.latest('ada@newco.example', 'verification')!
    expect(await client.preVerifyEmail(token)).toEqual({ success: true, message: 'Token is valid', authMethod: 'LOCAL', hasPassword: true })
    // The client sends password: undefined, which JSON leaves out.
    const verified = await client.validateRegistration(token)
    expect(verified.user).toMatchObject({ email: 'ada@newco.example', orgRole: OrgRoles.OWNER })

    client.setAuthToken(verified.accessToken!)
    await mock.request('/organization/users', { method: 'POST', headers: { Authorization: `Bearer ${verified.accessToken}` }, body: JSON.stringify({ email: 'grace@newco.example', password: 'SecurePass123', firstName: 'Grace', lastName: 'Hopper' }) })
    const invitation = mock.outbox.latest('grace@newco.example', 'invitation')!
    const uid = new URL(invitation.link).searchParams.get('uid')!
    const activated = await client.userActivate({ uid, token: invitation.token, registrationInfo: { email: 'grace@newco.example', password: 'ChosenPass456', firstName: 'Grace', lastName: 'Hopper', companyName: 'NewCo', isBusiness: true } })
    expect(activated.user).toMatchObject({ id: uid, orgRole: OrgRoles.USER })

    expect((await client.requestPasswordReset('grace@newco.example')).success).toBe(true)
    const reset = mock.outbox.latest('grace@newco.example', 'password-reset')!
    expect((await client.resetPassword({ token: reset.token, newPassword: 'AnotherPass789' })).success).toBe(true)
    const refused = await client.resetPassword({ token: reset.token, newPassword: 'AnotherPass789' }).catch((error: unknown) => error)
    expect((refused as HttpError).status).toBe(400)

    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'registerUser', 'resendVerificationEmail', 'preVerifyEmail', 'verifyEmail', 'activateUser', 'requestPasswordReset', 'resetPassword',
    ]))
    expect(mock.violations).toEqual([])
  })

  it('signs in with Google, GitHub, Microsoft and a Stellar wallet through the client\'s own provider calls, each answer as documented', async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    const device = { userAgent: 'Mozilla/5.0 (Macintosh) Safari/605.1.15', deviceType: 'DESKTOP' as const, os: 'macOS', browser: 'Safari' }

    const google = mock.providers.grant('google', people.workspaces.email)
    const byToken = await client.authenticate(google.token, ProviderType.GOOGLE, device)
    client.setAuthToken(byToken.accessToken)
    expect((await client.getSessions()).sessions.map((s) => s.loginMethod)).toEqual(['GOOGLE'])
    const exchanged = await client.exchangeCode(google.code, ProviderType.GOOGLE)
    expect(exchanged.authState).toMatchObject({ provider: ProviderType.GOOGLE, user: { email: people.workspaces.email } })
    client.setAuthToken(exchanged.authState.token!)
    expect((await client.getUserQuota()).success).toBe(true)
    const renewed = (await client.refreshToken(exchanged.authState.refreshToken!, exchanged.authState.provider!)) as RefreshTokenResponse
    expect(renewed.accessToken).toBe(renewed.token)
    expect((await client.authenticate(renewed.accessToken, ProviderType.GOOGLE)).user.id).toBe(people.workspaces.id)

    const github = await client.authenticate(mock.providers.grant('github', 'linus@kernel.example').code, ProviderType.GITHUB, device)
    expect(github.authState.provider).toBe(ProviderType.GITHUB)
    const githubRenewed = (await client.refreshToken(github.authState.refreshToken, ProviderType.GITHUB)) as RefreshTokenResponse
    expect(githubRenewed.refreshToken).not.toBe(github.authState.refreshToken)
    await expect(client.exchangeCode('any', ProviderType.GITHUB)).rejects.toThrow('Not implemented')

    const microsoft = await client.exchangeCode(mock.providers.grant('microsoft', people.billing.email).code, ProviderType.MICROSOFT)
    expect((await client.refreshToken(microsoft.authState.refreshToken!, ProviderType.MICROSOFT)).success).toBe(true)
    expect((await client.authenticate(mock.providers.grant('microsoft', people.billing.email).token, ProviderType.MICROSOFT)).success).toBe(true)

    const wallet = await mock.providers.stellarWallet(people.owner.email)
    const web3 = await client.web3Authenticate(await wallet.signInBody())
    client.setAuthToken(web3.authState.token)
    expect((await client.getUserQuota()).success).toBe(true)
    // The client sends a WEB3_STELLAR refresh to /user/refresh, with the session's refresh token authState holds.
    expect((await client.refreshToken(web3.authState.refreshToken, ProviderType.WEB3_STELLAR)).success).toBe(true)
    const once = await wallet.signInBody('nonce-used-twice')
    expect((await client.web3Authenticate(once)).success).toBe(true)
    const replayed = await client.web3Authenticate(once).catch((error: unknown) => error)
    expect((replayed as HttpError).status).toBe(401)

    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'signInWithGoogle', 'exchangeGoogleCode', 'refreshGoogleToken', 'signInWithGithub', 'refreshGithubToken', 'exchangeMicrosoftCode',
      'refreshMicrosoftToken', 'signInWithMicrosoft', 'signInWithWeb3', 'refreshUserToken', 'listSessions', 'getUserQuota',
    ]))
    expect(mock.violations).toEqual([])
  })

  it('sets MFA up and signs in with it through every MFA call the client makes, each answer as documented', async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    client.setAuthToken(mock.tokenFor(people.user.id))
    expect((await client.getAvailableMethods()).data).toEqual(['GOOGLE_AUTH', 'MAGIC_LINK', 'PASSKEY'])
    const setup = await client.setupMFA({ mfaType: 'GOOGLE_AUTH' })
    expect((setup.data as { backupCodes: string[] }).backupCodes).toHaveLength(10)
    expect((await client.verifyMFASetup({ mfaType: 'GOOGLE_AUTH', code: mock.totp(people.user.email) })).data?.success).toBe(true)
    expect((await client.enableMFA({ mfaType: 'GOOGLE_AUTH' })).success).toBe(true)
    await client.setupMFA({ mfaType: 'MAGIC_LINK', email: people.user.email })
    expect((await client.activateMagicLink({ token: mock.outbox.latest(people.user.email, 'magic-link')!.token })).message).toBe('Magic link activated')
    await client.enableMFA({ mfaType: 'MAGIC_LINK' })
    expect((await client.setPrimaryMFA({ mfaType: 'MAGIC_LINK' })).message).toBe('Primary MFA method set to MAGIC_LINK')
    expect((await client.disableMFA({ mfaType: 'GOOGLE_AUTH' })).message).toBe('GOOGLE_AUTH disabled')

    // The client does not keep the token login gives: the app sets the limited one, then the full one.
    const first = await client.userLogin({ email: people.user.email, password: 'Password123!' })
    expect(first.refreshToken).toBeUndefined()
    client.setAuthToken(first.accessToken!)
    expect((await client.getMFAStatus()).data).toMatchObject({ isEnabled: true, isRequired: true, isEnforced: true, sessionVerified: false })
    expect((await client.sendMagicLink()).success).toBe(true)
    const full = await client.verifyMFALogin({ mfaType: 'MAGIC_LINK', token: mock.outbox.latest(people.user.email, 'magic-link')!.token })
    client.setAuthToken(full.fullAccessToken)
    expect((await client.getMFAStatus()).data.sessionVerified).toBe(true)

    // The client always sends enable, which the docs do not have.
    client.setAuthToken(mock.tokenFor(people.owner.id))
    expect((await client.resetMFA({ resetUserId: people.user.id, enable: false })).message).toBe('MFA reset successfully')
    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'getMfaMethods', 'setupMfa', 'verifyMfaSetup', 'enableMfa', 'activateMagicLink', 'setPrimaryMfa', 'disableMfa',
      'loginUser', 'getMfaStatus', 'sendMagicLink', 'verifyMfaLogin', 'resetMfa',
    ]))
    expect(mock.violations).toEqual([])
  })

  it("registers a passkey and signs in with it through the client's passkey calls, each answer as documented", async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    const authenticator = createVirtualAuthenticator()
    client.setAuthToken(mock.tokenFor(people.user.id))
    const setup = await client.setupMFA({ mfaType: 'PASSKEY', deviceInfo: { deviceName: 'Laptop' } })
    const options = setup.data as unknown as PasskeyCreationOptionsJson
    const registered = await client.completePasskeyRegistration({ credential: await authenticator.create(options), challenge: options.challenge })
    expect(registered.success).toBe(true)
    await client.enableMFA({ mfaType: 'PASSKEY' })

    const first = await client.userLogin({ email: people.user.email, password: 'Password123!' })
    client.setAuthToken(first.accessToken!)
    const authOptions = await client.getPasskeyAuthOptions()
    const full = await client.verifyMFALogin({ mfaType: 'PASSKEY', credential: await authenticator.get(authOptions.data!) })
    expect(full.fullAccessToken).toEqual(expect.any(String))
    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'setupMfa', 'completePasskeyRegistration', 'enableMfa', 'loginUser', 'getPasskeyAuthOptions', 'verifyMfaLogin',
    ]))
    expect(mock.violations).toEqual([])
  })

  it('calls every account method against the mock, and every answer is what the document says', async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    client.setAuthToken(mock.tokenFor(people.owner.id))

    const role = await client.updateUserRole(people.user.id, OrgRoles.BILLING)
    expect(role.data).toEqual({ userId: people.user.id, previousRole: OrgRoles.USER, newRole: OrgRoles.BILLING, message: 'User role updated successfully' })
    expect((await client.updateUser(people.owner.id, { name: 'Liv', password: 'NewPassword2026' })).success).toBe(true)
    const quota = await client.getUserQuota()
    expect(quota.quotaUsage.map((u) => u.usage.percentage)).toEqual([50, 6])

    const invitee = await mock.arrange.user({ orgRole: 0, validated: false })
    expect((await client.resendTeamUserInvitation(invitee.user.id)).success).toBe(true)

    expect((await client.updateUserSettings({ settings: { theme: 'dark', notifications: { email: true } } })).success).toBe(true)
    await client.partialUpdateUserSettings({ notifications: { push: true } })
    await client.deleteUserSettingsKeys({ keys: ['theme'] })
    expect((await client.getUserSettings()).settings).toEqual({ notifications: { email: true, push: true } })
    await client.updateOrganizationSettings({ settings: { maxFileSize: '10GB' } })
    await client.partialUpdateOrganizationSettings({ maxFileSize: '20GB', security: { requireMFA: false } })
    await client.deleteOrganizationSettingsKeys({ keys: ['security.requireMFA'] })
    expect((await client.getOrganizationSettings()).settings).toEqual({ maxFileSize: '20GB', security: {} })

    expect((await client.enforceOrganizationMFA({ enforced: false })).message).toBe('MFA enforcement disabled for organization')
    expect((await client.getMFAStatus()).data.isEnforced).toBe(false)

    // The official client JSON-parses every answer: the key comes back as a JSON string of PEM text.
    const privateKey = await client.generateOrgKey(ACME)
    expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
    const keys = (await client.getOrgKeys(ACME)).data!
    expect(keys).toHaveLength(1)
    expect((await client.deleteOrgKey(ACME, keys[0]!.id)).message).toBe('Organization key deleted successfully')
    expect((await client.deleteOrgKeys(ACME)).message).toBe('0 organization keys deleted successfully')

    // Olivia is Acme's only OWNER: she may not deactivate herself, and the client throws the 400.
    const refused = await client.userDeactivate().catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(HttpError)
    expect((refused as HttpError).status).toBe(400)
    client.setAuthToken(mock.tokenFor(people.user.id))
    expect((await client.userDeactivate()).success).toBe(true)

    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'updateUserRole', 'updateUser', 'getUserQuota', 'resendOrganizationUserInvitation',
      'replaceUserSettings', 'updateUserSettings', 'deleteUserSettingsKeys', 'getUserSettings',
      'replaceOrganizationSettings', 'updateOrganizationSettings', 'deleteOrganizationSettingsKeys', 'getOrganizationSettings',
      'enforceOrganizationMfa', 'getMfaStatus',
      'generateOrganizationKey', 'listOrganizationKeys', 'deleteOrganizationKey', 'deleteOrganizationKeys', 'deactivateUser',
    ]))
  })

  it('signs in with deviceInfo and calls every session and device method, each answer as documented', async () => {
    const mock = createFlashbackMock()
    const client = new AccountClient(mock.baseUrl, mock.fetch)
    const deviceInfo = { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0', deviceType: 'DESKTOP' as const, os: 'Windows', browser: 'Firefox', ipAddress: '192.0.2.10', language: 'en-GB' }
    const first = await client.userLogin({ email: people.user.email, password: 'Password123!', deviceInfo })
    const second = await client.userLogin({ email: people.user.email, password: 'Password123!', deviceInfo })
    client.setAuthToken(second.accessToken!)

    const sessions = (await client.getSessions()).sessions
    expect(sessions.map((s) => [s.id, s.ipAddress, s.loginMethod])).toEqual([[first.tokenId, '192.0.2.10', 'PASSWORD'], [second.tokenId, '192.0.2.10', 'PASSWORD']])
    expect((await client.updateSessionHeartbeat(second.tokenId!)).newExpiry).toBe(sessions[1]!.expiresAt)

    const [device] = (await client.getDevices()).devices
    expect(device).toMatchObject({ deviceName: 'Firefox on Windows', os: 'Windows', browser: 'Firefox', isTrusted: false })
    expect((await client.getDeviceDetails(device!.id)).device.sessions).toHaveLength(2)
    expect((await client.trustDevice({ fingerprint: device!.deviceFingerprint! })).message).toBe('Device trusted successfully')
    expect((await client.getDeviceDetails(device!.id)).device.isTrusted).toBe(true)
    expect((await client.untrustDevice(device!.id)).message).toBe('Device untrusted successfully')

    expect((await client.revokeSession(first.tokenId!)).message).toBe('Session revoked successfully')
    expect((await client.getSessions()).sessions.map((s) => s.id)).toEqual([second.tokenId])
    expect((await client.removeDevice(device!.id)).message).toBe('Device removed successfully')
    // Removing the device it calls from signed the client out: its access token no longer works.
    const signedOut = await client.getSessions().catch((error: unknown) => error)
    expect((signedOut as HttpError).status).toBe(401)

    const third = await client.userLogin({ email: people.user.email, password: 'Password123!' })
    client.setAuthToken(third.accessToken!)
    expect(await client.revokeAllSessions()).toEqual({ success: true, message: 'All sessions revoked successfully' })

    expect(new Set(await expectEveryAnswerDocumented(client))).toEqual(new Set([
      'loginUser', 'listSessions', 'updateSessionHeartbeat', 'listDevices', 'getDeviceDetails', 'trustDevice', 'untrustDevice',
      'revokeSession', 'removeDevice', 'revokeAllSessions',
    ]))
    // A token whose session has ended is refused as an expired one is: no contract violation.
    expect(mock.violations).toEqual([])
  })
})
