import { beforeEach, describe, expect, it } from 'vitest'
import { totpCode } from '../src/data/totp.js'
import { transports, type Transport } from './support/transports.js'
import { people, snapshot, type Person } from './support/world.js'

const PASSWORD = 'Password123!'
const bearer = (token: string) => ({ token })
const MFA_REQUIRED = 'MFA verification required: finish signing in with POST /mfa/verify-login'

/** Sets GOOGLE_AUTH up for a person and turns it on, as a security settings page would; gives the setup's data. */
async function enrollTotp(t: Transport, who: Person) {
  const setup = await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'GOOGLE_AUTH' } })
  expect(setup.status).toBe(200)
  const confirmed = await t.request('POST', '/mfa/verify-setup', { as: who, json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people[who].email) } })
  expect(confirmed.body).toEqual({ success: true, message: 'GOOGLE_AUTH setup verified', data: { success: true, message: 'GOOGLE_AUTH setup verified' } })
  expect((await t.request('POST', '/mfa/enable', { as: who, json: { mfaType: 'GOOGLE_AUTH' } })).status).toBe(200)
  return setup.body.data as { secret: string; qrCode: string; backupCodes: string[] }
}

/** Sets MAGIC_LINK up through its confirmation e-mail and turns it on. */
async function enrollMagicLink(t: Transport, who: Person) {
  const setup = await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'MAGIC_LINK' } })
  expect(setup.body).toEqual({ success: true, message: 'Magic link sent: open it to confirm', data: { email: people[who].email, verificationRequired: true } })
  const { token } = t.mock.outbox.latest(people[who].email, 'magic-link')!
  const activated = await t.request('POST', '/mfa/magic-link/activate', { json: { token } })
  expect(activated.body).toEqual({ success: true, message: 'Magic link activated' })
  expect((await t.request('POST', '/mfa/enable', { as: who, json: { mfaType: 'MAGIC_LINK' } })).status).toBe(200)
}

async function login(t: Transport, who: Person) {
  const response = await t.request('POST', '/user/login', { json: { email: people[who].email, password: PASSWORD } })
  expect(response.status).toBe(200)
  return response.body
}

describe.each(transports)('MFA through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('sets TOTP up with a secret and ten backup codes, and signs in in two steps from then on', async () => {
    const setup = await enrollTotp(t, 'user')
    expect(setup.backupCodes).toHaveLength(10)
    expect(setup.qrCode).toBe(`otpauth://totp/Flashback:jane.smith%40acme.com?issuer=Flashback&secret=${setup.secret}&algorithm=SHA1&digits=6&period=30`)
    expect(t.mock.totp(people.user.email)).toBe(totpCode(setup.secret, t.mock.clock.now().getTime()))

    const first = await login(t, 'user')
    expect(first).toMatchObject({ success: true, mfaRequired: true, mfaMethods: ['GOOGLE_AUTH'], primaryMethod: 'GOOGLE_AUTH', message: 'MFA verification required' })
    expect(first.refreshToken).toBeUndefined()
    const limited = bearer(first.accessToken)
    const refused = await t.request('GET', '/user/profile', { as: limited })
    expect([refused.status, refused.body]).toEqual([401, { success: false, message: MFA_REQUIRED }])
    expect((await t.request('GET', '/mfa/status', { as: limited })).body.data.sessionVerified).toBe(false)

    const verified = await t.request('POST', '/mfa/verify-login', { as: limited, json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.user.email) } })
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ success: true, message: 'MFA verification successful', tokenId: first.tokenId })
    const full = bearer(verified.body.fullAccessToken)
    expect((await t.request('GET', '/user/profile', { as: full })).body.data.mfaRequired).toBe(true)
    expect((await t.request('GET', '/mfa/status', { as: full })).body.data).toEqual({
      isEnabled: true, isRequired: true, isEnforced: true, enabledMethods: ['GOOGLE_AUTH'], primaryMethod: 'GOOGLE_AUTH', sessionVerified: true,
    })
    // The limited token has done its work; the refresh token of the full sign-in renews it.
    expect((await t.request('GET', '/mfa/status', { as: limited })).status).toBe(401)
    const refreshed = await t.request('POST', '/user/refresh', { json: { refreshToken: verified.body.refreshToken } })
    expect(refreshed.status).toBe(200)
  })

  it('accepts a code up to two steps late on the mock clock and refuses an older one', async () => {
    await enrollTotp(t, 'user')
    const code = t.mock.totp(people.user.email)
    t.mock.clock.advance('30s')
    const { accessToken } = await login(t, 'user')
    expect((await t.request('POST', '/mfa/verify-login', { as: bearer(accessToken), json: { mfaType: 'GOOGLE_AUTH', code } })).status).toBe(200)
    t.mock.clock.advance('2m')
    const again = await login(t, 'user')
    const late = await t.request('POST', '/mfa/verify-login', { as: bearer(again.accessToken), json: { mfaType: 'GOOGLE_AUTH', code } })
    expect([late.status, late.body]).toEqual([400, { success: false, error: 'Invalid verification code' }])
  })

  it('lets each backup code in once', async () => {
    const { backupCodes } = await enrollTotp(t, 'user')
    const first = await login(t, 'user')
    expect((await t.request('POST', '/mfa/verify-login', { as: bearer(first.accessToken), json: { mfaType: 'GOOGLE_AUTH', code: backupCodes[3] } })).status).toBe(200)
    const second = await login(t, 'user')
    expect((await t.request('POST', '/mfa/verify-login', { as: bearer(second.accessToken), json: { mfaType: 'GOOGLE_AUTH', code: backupCodes[3] } })).status).toBe(400)
  })

  it('locks verification for 15 minutes at the fifth wrong code, a right code included, and lets it in after', async () => {
    await enrollTotp(t, 'user')
    const { accessToken } = await login(t, 'user')
    const attempt = (code: string) => t.request('POST', '/mfa/verify-login', { as: bearer(accessToken), json: { mfaType: 'GOOGLE_AUTH', code } })
    const wrong = String((Number(t.mock.totp(people.user.email)) + 500_000) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 4; i++) expect((await attempt(wrong)).status).toBe(400)
    const locked = await attempt(wrong)
    expect([locked.status, locked.body]).toEqual([429, { success: false, error: 'Too many failed attempts: try again in 15 minutes' }])
    expect((await attempt(t.mock.totp(people.user.email))).status).toBe(429)
    t.mock.clock.advance('15m')
    // The limited token's hour is not over: the sign-in goes on.
    expect((await attempt(t.mock.totp(people.user.email))).status).toBe(200)
  })

  it('finishes a sign-in with a magic link from the outbox, once', async () => {
    await enrollMagicLink(t, 'globexUser')
    const first = await login(t, 'globexUser')
    expect(first).toMatchObject({ mfaRequired: true, mfaMethods: ['MAGIC_LINK'] })
    const sent = await t.request('POST', '/mfa/magic-link/send', { as: bearer(first.accessToken) })
    expect(sent.body).toEqual({ success: true, message: 'Magic link sent', data: { message: `Magic link sent to ${people.globexUser.email}` } })
    const mail = t.mock.outbox.latest(people.globexUser.email, 'magic-link')!
    expect(mail).toMatchObject({ subject: 'Your Flashback sign-in link', link: `https://app.flashback.tech/magic-link?token=${mail.token}` })
    const verify = () => t.request('POST', '/mfa/verify-login', { as: bearer(first.accessToken), json: { mfaType: 'MAGIC_LINK', token: mail.token } })
    expect((await verify()).status).toBe(200)
    const second = await login(t, 'globexUser')
    expect((await t.request('POST', '/mfa/verify-login', { as: bearer(second.accessToken), json: { mfaType: 'MAGIC_LINK', token: mail.token } })).status).toBe(400)
  })

  it('lets an enforcing organization keep its enrolled members enrolled, and signs in others in one step', async () => {
    await enrollTotp(t, 'user')
    const before = snapshot(t.mock)
    const kept = await t.request('POST', '/mfa/disable', { as: 'user', json: { mfaType: 'GOOGLE_AUTH' } })
    expect([kept.status, kept.body]).toEqual([403, { success: false, error: 'Your organization enforces MFA: keep at least one method enabled' }])
    expect(snapshot(t.mock)).toBe(before)

    await enrollTotp(t, 'globexUser')
    expect((await t.request('POST', '/mfa/disable', { as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' } })).status).toBe(200)
    expect((await login(t, 'globexUser')).refreshToken).toEqual(expect.any(String))
    expect(() => t.mock.totp(people.globexUser.email)).toThrow('has no TOTP secret')
  })

  it('asks a member of an enforcing organization for a confirmed method even before it is enabled', async () => {
    for (const who of ['user', 'globexUser'] as const) {
      await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'GOOGLE_AUTH' } })
      await t.request('POST', '/mfa/verify-setup', { as: who, json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people[who].email) } })
    }
    expect((await login(t, 'user')).mfaRequired).toBe(true)
    expect((await login(t, 'globexUser')).mfaRequired).toBeUndefined()
  })

  it('chooses the primary method among the enabled ones', async () => {
    await enrollTotp(t, 'globexUser')
    const refused = await t.request('POST', '/mfa/primary', { as: 'globexUser', json: { mfaType: 'MAGIC_LINK' } })
    expect([refused.status, refused.body]).toEqual([400, { success: false, error: 'MAGIC_LINK is not enabled' }])
    await enrollMagicLink(t, 'globexUser')
    expect((await t.request('POST', '/mfa/primary', { as: 'globexUser', json: { mfaType: 'MAGIC_LINK' } })).status).toBe(200)
    expect(await login(t, 'globexUser')).toMatchObject({ mfaMethods: ['MAGIC_LINK', 'GOOGLE_AUTH'], primaryMethod: 'MAGIC_LINK' })
  })

  it("resets a member's MFA for an OWNER, as documented, and refuses a USER", async () => {
    await enrollTotp(t, 'user')
    const refused = await t.request('POST', '/mfa/reset', { as: 'billing', json: { resetUserId: people.user.id, enable: true } })
    expect([refused.status, refused.body]).toEqual([403, { success: false, error: "Insufficient permissions. OWNER or ADMINISTRATOR role required to reset another user's MFA." }])
    const elsewhere = await t.request('POST', '/mfa/reset', { as: 'owner', json: { resetUserId: people.globexUser.id } })
    expect([elsewhere.status, elsewhere.body]).toEqual([404, { success: false, error: 'User not found' }])
    const reset = await t.request('POST', '/mfa/reset', { as: 'owner', json: { resetUserId: people.user.id, enable: true } })
    expect(reset.body).toEqual({ success: true, message: 'MFA reset successfully' })
    expect((await login(t, 'user')).refreshToken).toEqual(expect.any(String))
    expect((await t.request('GET', '/mfa/status', { as: 'user' })).body.data).toMatchObject({ isEnabled: false, isRequired: false, isEnforced: true })
  })

  it("signs in Raphael, enrolled with TOTP in the fixture, in two steps, with a code of the fixture's secret or a backup code", async () => {
    const first = await login(t, 'enrolledUser')
    expect(first).toMatchObject({ mfaRequired: true, mfaMethods: ['GOOGLE_AUTH'], primaryMethod: 'GOOGLE_AUTH' })
    const code = totpCode('RAPHAELHOWELLTOTPSECRETACMEMFA23', t.mock.clock.now().getTime())
    expect(t.mock.totp(people.enrolledUser.email)).toBe(code)
    const verified = await t.request('POST', '/mfa/verify-login', { as: bearer(first.accessToken), json: { mfaType: 'GOOGLE_AUTH', code } })
    expect(verified.status).toBe(200)
    expect((await t.request('GET', '/mfa/status', { as: bearer(verified.body.fullAccessToken) })).body.data).toMatchObject({ isRequired: true, isEnforced: true, sessionVerified: true })

    const second = await login(t, 'enrolledUser')
    const withBackupCode = await t.request('POST', '/mfa/verify-login', { as: bearer(second.accessToken), json: { mfaType: 'GOOGLE_AUTH', code: 'acbe-0001' } })
    expect(withBackupCode.status).toBe(200)
  })

  it('keeps every other fixture user signing in in one step, Luis and his status-only methods included', async () => {
    for (const who of ['owner', 'user', 'globexWorkspaces'] as const) expect((await login(t, who)).mfaRequired).toBeUndefined()
    expect((await t.request('GET', '/mfa/methods', { as: 'user' })).body).toEqual({ success: true, data: ['GOOGLE_AUTH', 'MAGIC_LINK', 'PASSKEY'] })
  })
})
