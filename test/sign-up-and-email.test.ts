import { beforeEach, describe, expect, it } from 'vitest'
import { transports, type Transport } from './support/transports.js'
import { people, snapshot } from './support/world.js'

const PASSWORD_RULE = 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'
const UNVERIFIED = { success: false, message: 'Verify your e-mail address first: changes are blocked until it is verified' }
const founder = { email: 'ada@newco.example', password: 'SecurePass123', firstName: 'Ada', lastName: 'Lovelace', companyName: 'NewCo', isBusiness: true }
const member = (email: string) => ({ email, password: 'SecurePass123', firstName: 'New', lastName: 'Member' })
const bearer = (token: string) => ({ token })
const HOUR_MS = 60 * 60 * 1000

async function register(t: Transport) {
  const response = await t.request('POST', '/user/register', { json: founder })
  expect(response.status).toBe(201)
  return response.body as { accessToken: string; refreshToken: string; verificationTokenId: string; user: { id: string; orgId: string } }
}

describe.each(transports)('signing up and the e-mails that follow through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('sends the verification e-mail at register, blocks writes until it is verified, and lets the first write through after', async () => {
    const signedUp = await register(t)
    const [mail, ...others] = t.mock.outbox.messages({ to: founder.email })
    expect(others).toEqual([])
    expect(mail).toMatchObject({ to: founder.email, kind: 'verification', subject: 'Verify your e-mail address' })
    expect(mail!.link).toBe(`https://app.flashback.tech/verify-email?token=${mail!.token}`)
    expect(t.mock.outbox.latest(founder.email, 'verification')).toEqual(mail)

    // The docs: registration gives the new organization a free-trial subscription.
    const quota = await t.request('GET', '/user/quota', { as: bearer(signedUp.accessToken) })
    expect(quota.status).toBe(200)
    expect(quota.body.subscription.name).toBe('Free Trial')
    expect(quota.body.quotaUsage.map((q: { usage: { current: number } }) => q.usage.current)).toEqual([0, 0])

    const before = snapshot(t.mock)
    const refused = await t.request('POST', '/organization/users', { as: bearer(signedUp.accessToken), json: member('first.hire@newco.example') })
    expect([refused.status, refused.body]).toEqual([403, UNVERIFIED])
    expect(snapshot(t.mock)).toBe(before)

    const check = await t.request('POST', '/user/pre-verify-email', { json: { token: mail!.token } })
    expect(check.body).toEqual({ success: true, message: 'Token is valid', authMethod: 'LOCAL', hasPassword: true })

    const verified = await t.request('POST', '/user/verify-email', { json: { token: mail!.token } })
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ success: true, message: 'Email verified successfully', user: { id: signedUp.user.id, orgId: signedUp.user.orgId, orgRole: 255 } })
    const hired = await t.request('POST', '/organization/users', { as: bearer(verified.body.accessToken), json: member('first.hire@newco.example') })
    expect(hired.status).toBe(201)
    // The registrant's first token works as well now: the block is on the user, not on the token.
    expect((await t.request('PUT', `/user/${signedUp.user.id}`, { as: bearer(signedUp.accessToken), json: { name: 'Augusta' } })).status).toBe(200)

    const again = await t.request('POST', '/user/verify-email', { json: { token: mail!.token } })
    expect([again.status, again.body.error_code]).toEqual([400, 'INVALID_TOKEN'])
  })

  it('resends the verification under the same id: the old token stops working, the new one expires after 24 hours', async () => {
    const { verificationTokenId } = await register(t)
    const first = t.mock.outbox.latest(founder.email)!
    const resent = await t.request('POST', `/user/resend-verification/${verificationTokenId}`)
    expect(resent.body).toEqual({ success: true, message: 'Verification email sent' })
    const second = t.mock.outbox.latest(founder.email)!
    expect(second.token).not.toBe(first.token)
    expect(t.mock.outbox.messages({ to: founder.email, kind: 'verification' })).toHaveLength(2)

    const old = await t.request('POST', '/user/pre-verify-email', { json: { token: first.token } })
    expect([old.status, old.body.message]).toEqual([400, 'Verification token is invalid or has already been used'])

    t.mock.clock.advance(24 * HOUR_MS)
    const late = await t.request('POST', '/user/verify-email', { json: { token: second.token } })
    expect(late.body).toEqual({ success: false, error_code: 'TOKEN_EXPIRED', message: 'Verification token has expired: ask for a new e-mail' })

    await t.request('POST', `/user/resend-verification/${verificationTokenId}`)
    const fresh = t.mock.outbox.latest(founder.email)!
    expect((await t.request('POST', '/user/verify-email', { json: { token: fresh.token } })).status).toBe(200)
    const done = await t.request('POST', `/user/resend-verification/${verificationTokenId}`)
    expect([done.status, done.body.error_code]).toEqual([400, 'ALREADY_VERIFIED'])
  })

  it('invites a created member, who signs in unverified, cannot write, and accepts the invitation with activate', async () => {
    const created = await t.request('POST', '/organization/users', { as: 'workspaces', json: member('new.member@acme.com') })
    const id = created.body.data.id as string
    const invitation = t.mock.outbox.latest('new.member@acme.com', 'invitation')!
    expect(invitation.subject).toBe('You are invited to join Acme Corporation on Flashback')
    expect(invitation.link).toBe(`https://app.flashback.tech/activate?uid=${id}&token=${invitation.token}`)

    const login = await t.request('POST', '/user/login', { json: { email: 'new.member@acme.com', password: 'SecurePass123' } })
    expect(login.status).toBe(200)
    expect((await t.request('PUT', `/user/${id}`, { as: bearer(login.body.accessToken), json: { name: 'Early' } })).body).toEqual(UNVERIFIED)

    const registrationInfo = { email: 'NEW.MEMBER@acme.com', password: 'ChosenPass456', firstName: 'Grace', lastName: 'Hopper', companyName: 'Ignored', isBusiness: false }
    const wrongUser = await t.request('POST', '/user/activate', { json: { uid: people.user.id, token: invitation.token, registrationInfo } })
    expect([wrongUser.status, wrongUser.body.error_code]).toEqual([400, 'INVALID_TOKEN'])
    const wrongEmail = await t.request('POST', '/user/activate', { json: { uid: id, token: invitation.token, registrationInfo: { ...registrationInfo, email: 'someone@else.example' } } })
    expect([wrongEmail.status, wrongEmail.body.error_code]).toEqual([400, 'EMAIL_MISMATCH'])
    const weak = await t.request('POST', '/user/activate', { json: { uid: id, token: invitation.token, registrationInfo: { ...registrationInfo, password: 'alllowercase' } } })
    expect(weak.body).toEqual({ success: false, error_code: 'WEAK_PASSWORD', message: PASSWORD_RULE })

    const activated = await t.request('POST', '/user/activate', { json: { uid: id, token: invitation.token, registrationInfo } })
    expect(activated.status).toBe(200)
    expect(activated.body).toMatchObject({ success: true, message: 'Account activated successfully', user: { id, name: 'Grace Hopper', orgRole: 0 } })
    const profile = await t.request('GET', `/organization/users/${id}`, { as: 'workspaces' })
    expect(profile.body).toMatchObject({ name: 'Grace', lastName: 'Hopper', validated: true })
    expect((await t.request('POST', '/user/login', { json: { email: 'new.member@acme.com', password: 'SecurePass123' } })).body.error_code).toBe('INVALID_PASSWORD')
    expect((await t.request('POST', '/user/login', { json: { email: 'new.member@acme.com', password: 'ChosenPass456' } })).status).toBe(200)
    expect((await t.request('PUT', `/user/${id}`, { as: bearer(activated.body.accessToken), json: { name: 'Amazing Grace' } })).status).toBe(200)
  })

  it('asks an invited member without a password for one at verify-email, and lets a provider\'s member in without', async () => {
    const invited = await t.mock.arrange.user({ validated: false, password: null })
    const google = await t.mock.arrange.user({ validated: false, password: null, authMethod: 'GOOGLE' })
    for (const { user } of [invited, google]) await t.request('POST', `/organization/users/${user.id}/resend-invitation`, { as: 'workspaces' })
    const { token } = t.mock.outbox.latest(invited.user.email, 'invitation')!
    expect((await t.request('POST', '/user/pre-verify-email', { json: { token } })).body).toMatchObject({ authMethod: 'LOCAL', hasPassword: false })

    const before = snapshot(t.mock)
    const none = await t.request('POST', '/user/verify-email', { json: { token } })
    expect(none.body).toEqual({ success: false, error_code: 'PASSWORD_REQUIRED', message: 'This account has no password yet: give one' })
    const weak = await t.request('POST', '/user/verify-email', { json: { token, password: 'alllowercase' } })
    expect(weak.body).toEqual({ success: false, error_code: 'WEAK_PASSWORD', message: PASSWORD_RULE })
    expect(snapshot(t.mock)).toBe(before)

    expect((await t.request('POST', '/user/verify-email', { json: { token, password: 'ChosenPass456' } })).status).toBe(200)
    expect((await t.request('POST', '/user/login', { json: { email: invited.user.email, password: 'ChosenPass456' } })).status).toBe(200)

    const googleToken = t.mock.outbox.latest(google.user.email, 'invitation')!.token
    expect((await t.request('POST', '/user/pre-verify-email', { json: { token: googleToken } })).body).toMatchObject({ authMethod: 'GOOGLE', hasPassword: false })
    expect((await t.request('POST', '/user/verify-email', { json: { token: googleToken } })).status).toBe(200)
  })

  it('sends a new invitation on resend-invitation, ending the old one, and none when created with sendInvite false', async () => {
    const created = await t.request('POST', '/organization/users', { as: 'workspaces', json: { ...member('quiet@acme.com'), sendInvite: false } })
    expect(t.mock.outbox.messages({ to: 'quiet@acme.com' })).toEqual([])
    await t.request('POST', `/organization/users/${created.body.data.id}/resend-invitation`, { as: 'workspaces' })
    const first = t.mock.outbox.latest('quiet@acme.com', 'invitation')!
    await t.request('POST', `/organization/users/${created.body.data.id}/resend-invitation`, { as: 'workspaces' })
    const second = t.mock.outbox.latest('quiet@acme.com', 'invitation')!
    expect((await t.request('POST', '/user/verify-email', { json: { token: first.token } })).status).toBe(400)
    const verified = await t.request('POST', '/user/verify-email', { json: { token: second.token } })
    expect(verified.body).toMatchObject({ success: true, user: { email: 'quiet@acme.com' } })
  })

  it('answers a reset request alike for known and unknown addresses, mailing only the known one', async () => {
    const known = await t.request('POST', '/user/request-reset-password', { json: { email: 'JANE.SMITH@acme.com' } })
    const unknown = await t.request('POST', '/user/request-reset-password', { json: { email: 'nobody@acme.com' } })
    expect(unknown.status).toBe(known.status)
    expect(unknown.body).toEqual(known.body)
    expect(t.mock.outbox.messages().map((m) => [m.to, m.kind])).toEqual([[people.user.email, 'password-reset']])
    // A provider's user and a deleted one get nothing either.
    await t.request('POST', '/user/request-reset-password', { json: { email: 'sofia.marin@acme.com' } })
    await t.request('POST', '/user/request-reset-password', { json: { email: people.deleted.email } })
    expect(t.mock.outbox.messages()).toHaveLength(1)
  })

  it('resets a password: the old one stops signing in, every session ends, and the token works once and for an hour', async () => {
    const session = (await t.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!' } })).body
    await t.request('POST', '/user/request-reset-password', { json: { email: people.user.email } })
    const { token, link } = t.mock.outbox.latest(people.user.email, 'password-reset')!
    expect(link).toBe(`https://app.flashback.tech/reset-password?token=${token}`)

    const before = snapshot(t.mock)
    const weak = await t.request('POST', '/user/reset-password', { json: { token, newPassword: 'alllowercase' } })
    expect([weak.status, weak.body]).toEqual([400, { success: false, message: PASSWORD_RULE }])
    expect(snapshot(t.mock)).toBe(before)

    const reset = await t.request('POST', '/user/reset-password', { json: { token, newPassword: 'NewSecurePass456' } })
    expect(reset.body).toEqual({ success: true, message: 'Password has been reset successfully' })
    expect((await t.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!' } })).body.error_code).toBe('INVALID_PASSWORD')
    expect((await t.request('POST', '/user/login', { json: { email: people.user.email, password: 'NewSecurePass456' } })).status).toBe(200)
    expect((await t.request('GET', '/user/profile', { as: bearer(session.accessToken) })).status).toBe(401)
    expect((await t.request('POST', '/user/refresh', { json: { refresh_token: session.refreshToken } })).status).toBe(401)
    expect((await t.request('POST', '/user/reset-password', { json: { token, newPassword: 'Another1Pass' } })).body.message).toBe('Reset token is invalid or has already been used')

    await t.request('POST', '/user/request-reset-password', { json: { email: people.user.email } })
    t.mock.clock.advance(HOUR_MS)
    const late = await t.request('POST', '/user/reset-password', { json: { token: t.mock.outbox.latest(people.user.email)!.token, newPassword: 'Another1Pass' } })
    expect(late.body).toEqual({ success: false, message: 'Reset token has expired: ask for a new e-mail' })
  })

  it('empties the outbox on reset, and on outbox.clear() keeps the tokens working', async () => {
    await t.request('POST', '/user/request-reset-password', { json: { email: people.user.email } })
    const { token } = t.mock.outbox.latest(people.user.email)!
    t.mock.outbox.clear()
    expect(t.mock.outbox.messages()).toEqual([])
    expect((await t.request('POST', '/user/reset-password', { json: { token, newPassword: 'NewSecurePass456' } })).status).toBe(200)
    await t.request('POST', '/user/request-reset-password', { json: { email: people.user.email } })
    await t.mock.reset()
    expect(t.mock.outbox.messages()).toEqual([])
  })
})

describe.each(transports)('the account rules the docs state, kept through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('lets a user without an organization update their own name, and nobody else', async () => {
    const own = await t.request('PUT', `/user/${people.noOrganization.id}`, { as: 'noOrganization', json: { name: 'Nora B.' } })
    expect(own.body).toEqual({ success: true, message: 'User updated successfully' })
    expect(t.mock.users().find((u) => u.id === people.noOrganization.id)?.name).toBe('Nora B.')
    const other = await t.request('PUT', `/user/${people.user.id}`, { as: 'noOrganization', json: { name: 'X' } })
    expect(other.status).toBe(403)
  })

  it('signs in a user without an organization with no orgId and no orgRole in the answer, not nulls', async () => {
    const response = await t.request('POST', '/user/login', { json: { email: people.noOrganization.email, password: 'Password123!' } })
    expect(response.status).toBe(200)
    expect(response.body.user).toEqual({ id: people.noOrganization.id, email: people.noOrganization.email, name: 'Nora Lindqvist' })
  })

  it('records no violation for the 401 of an expired session, and still one for a missing token', async () => {
    const session = (await t.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!' } })).body
    t.mock.clock.advance('61m')
    const expired = await t.request('GET', '/user/profile', { as: bearer(session.accessToken) })
    expect(expired.status).toBe(401)
    expect(t.mock.violations).toEqual([])
    await t.request('GET', '/user/profile', { as: null })
    expect(t.mock.violations.map((v) => v.kind)).toEqual(['unauthenticated'])
  })

  it.each([
    ['create', 'POST', '/organization/users', 'workspaces', member('JOHN.DOE@acme.com')],
    ['register', 'POST', '/user/register', null, { ...founder, email: 'John.Doe@acme.com' }],
  ] as const)('refuses an e-mail someone has, in any case, with 400 on %s', async (_, method, path, as, json) => {
    const before = snapshot(t.mock)
    const response = await t.request(method, path, { as, json })
    expect(response.status).toBe(400)
    expect(response.body.message).toBe('A user with this email already exists')
    expect(snapshot(t.mock)).toBe(before)
  })

  it.each([
    ['create', 'POST', '/organization/users', 'workspaces', { ...member('weak@acme.com'), password: 'alllowercase' }],
    ['register', 'POST', '/user/register', null, { ...founder, password: 'alllowercase' }],
    ['update', 'PUT', `/user/${people.user.id}`, 'user', { password: 'alllowercase' }],
  ] as const)('refuses a password the register page forbids with 400 on %s', async (_, method, path, as, json) => {
    const before = snapshot(t.mock)
    const response = await t.request(method, path, { as, json })
    expect([response.status, response.body.message]).toEqual([400, PASSWORD_RULE])
    expect(snapshot(t.mock)).toBe(before)
  })
})
