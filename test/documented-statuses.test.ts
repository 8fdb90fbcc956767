import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { UNEXPECTED_FAILURE } from '../src/operations/errors.js'
import { assumedExample, declaredStatuses, documentedExample, documentedRequest, expectDocumented } from './support/document.js'
import { transports, type RequestOptions, type Transport } from './support/transports.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { createVirtualAuthenticator } from '../src/public/virtual-authenticator.js'
import { ACME, UNKNOWN_ID, people, type Person } from './support/world.js'

interface Scenario extends RequestOptions {
  method: string
  path: string
  /** Prepares the world (e.g. makes the store fail). */
  arrange?: (transport: Transport) => void | Promise<void>
  /** Exact body expected; otherwise only the document's schema is checked. */
  body?: (transport: Transport) => unknown
  /** Request options that need the world first (a refresh token from a sign-in, say). */
  prepare?: (transport: Transport) => Promise<RequestOptions & { path?: string }>
}

const PASSWORD = 'Password123!'
/** The docs' sample registration. */
const registration = { email: 'john.doe@company.com', password: 'SecurePass123', firstName: 'John', lastName: 'Doe', companyName: 'Acme Corporation', companyWebsite: 'https://acme.com', isBusiness: true }
/** Signs in through the transport, as a client would. */
async function signIn(t: Transport, email: string = people.user.email) {
  const response = await t.request('POST', '/user/login', { json: { email, password: PASSWORD } })
  return response.body as { accessToken: string; refreshToken: string; tokenId: string }
}
const invalidRefresh = () => ({ success: false, error_code: 'INVALID_REFRESH_TOKEN', message: 'Refresh token is unknown, expired or revoked' })
const missingRefresh = () => ({ success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: refreshToken (or refresh_token) is required' })
const tooLargeWithCode = () => ({ success: false, error_code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large: the limit is 1048576 bytes' })

const huge = { name: 'x'.repeat(1024 * 1024 + 10) }
const failingStore = (t: Transport) => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(worldOf(t.mock).store, 'tokenOwner').mockImplementation(() => {
    throw new Error('Database connection failed')
  })
}
const doc = (id: OperationId, status: number) => () => documentedExample(id, status)
const john = `/organization/users/${people.workspaces.id}`
const jane = `/organization/users/${people.user.id}`
const unauthorized = { as: null } as const
const longId = 'x'.repeat(129)
const tooLongId = (name: string) => `Invalid path parameter: ${name} must NOT have more than 128 characters`

const assumed = (id: OperationId, status: number) => () => assumedExample(id, status)
const janeRole = `/user/${people.user.id}/role`
/** Aaliyah Bosco, a USER of Acme who has not validated her e-mail. */
const AALIYAH = '86a3e0a6-823c-4f5b-bee1-02e16f8b5ad0'
const invite = (userId: string) => `/organization/users/${userId}/resend-invitation`
const serverFailed = () => ({ success: false, message: 'Internal server error', error: UNEXPECTED_FAILURE })
/** The docs' 500 example, with the mock's own detail where the docs show the server's ("Database connection failed"). */
const failed = (id: OperationId) => () => JSON.parse(JSON.stringify(documentedExample(id, 500)).replaceAll('Database connection failed', UNEXPECTED_FAILURE))

const AALIYAH_EMAIL = 'aaliyah.bosco34@acme.com'
const PASSWORD_RULE = 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'
/** Sends Aaliyah her invitation again through the transport and reads its token from the outbox. */
async function invitationToken(t: Transport): Promise<string> {
  await t.request('POST', invite(AALIYAH), { as: 'workspaces' })
  return t.mock.outbox.latest(AALIYAH_EMAIL, 'invitation')!.token
}
/** Registers through the transport, as a sign-up page would. */
async function register(t: Transport) {
  return (await t.request('POST', '/user/register', { json: registration })).body as { verificationTokenId: string; user: { email: string } }
}

/** The account's e-mails: verification, invitation, password reset (the mock's shapes: no docs page). */
const emailScenarios = {
  preVerifyEmail: {
    200: { method: 'POST', path: '/user/pre-verify-email', prepare: async (t) => ({ json: { token: await invitationToken(t) } }), body: () => ({ success: true, message: 'Token is valid', authMethod: 'LOCAL', hasPassword: true }) },
    400: { method: 'POST', path: '/user/pre-verify-email', json: { token: 'not-an-email-token' }, body: () => ({ success: false, message: 'Verification token is invalid or has already been used' }) },
    413: { method: 'POST', path: '/user/pre-verify-email', json: huge, body: assumed('preVerifyEmail', 413) },
  },
  verifyEmail: {
    200: { method: 'POST', path: '/user/verify-email', prepare: async (t) => ({ json: { token: await invitationToken(t) } }) },
    400: { method: 'POST', path: '/user/verify-email', json: { token: 'not-an-email-token' }, body: () => ({ success: false, error_code: 'INVALID_TOKEN', message: 'Verification token is invalid or has already been used' }) },
    413: { method: 'POST', path: '/user/verify-email', json: huge, body: tooLargeWithCode },
  },
  resendVerificationEmail: {
    200: { method: 'POST', path: '/', prepare: async (t) => ({ path: `/user/resend-verification/${(await register(t)).verificationTokenId}` }), body: assumed('resendVerificationEmail', 200) },
    400: { method: 'POST', path: '/', prepare: async (t) => {
      const { verificationTokenId } = await register(t)
      await t.request('POST', '/user/verify-email', { json: { token: t.mock.outbox.latest(registration.email, 'verification')!.token } })
      return { path: `/user/resend-verification/${verificationTokenId}` }
    }, body: () => ({ success: false, error_code: 'ALREADY_VERIFIED', message: 'Email is already verified' }) },
    404: { method: 'POST', path: `/user/resend-verification/${UNKNOWN_ID}`, body: () => ({ success: false, error_code: 'TOKEN_NOT_FOUND', message: 'Verification not found' }) },
  },
  activateUser: {
    200: { method: 'POST', path: '/user/activate', prepare: async (t) => ({
      json: { uid: AALIYAH, token: await invitationToken(t), registrationInfo: { email: AALIYAH_EMAIL, password: 'SecurePass123', firstName: 'Aaliyah', lastName: 'Bosco', companyName: 'Acme Corporation', isBusiness: true } },
    }) },
    400: { method: 'POST', path: '/user/activate', json: { uid: AALIYAH, token: 'not-an-email-token', registrationInfo: { email: AALIYAH_EMAIL, password: 'SecurePass123', firstName: 'A', lastName: 'B', companyName: 'Acme', isBusiness: true } }, body: () => ({ success: false, error_code: 'INVALID_TOKEN', message: 'Invitation token is invalid or has already been used' }) },
    413: { method: 'POST', path: '/user/activate', json: huge, body: tooLargeWithCode },
  },
  requestPasswordReset: {
    200: { method: 'POST', path: '/user/request-reset-password', json: { email: people.user.email }, body: assumed('requestPasswordReset', 200) },
    400: { method: 'POST', path: '/user/request-reset-password', json: {}, body: () => ({ success: false, message: 'Invalid request body: email is required' }) },
    413: { method: 'POST', path: '/user/request-reset-password', json: huge, body: assumed('requestPasswordReset', 413) },
  },
  resetPassword: {
    200: { method: 'POST', path: '/user/reset-password', prepare: async (t) => {
      await t.request('POST', '/user/request-reset-password', { json: { email: people.user.email } })
      return { json: { token: t.mock.outbox.latest(people.user.email, 'password-reset')!.token, newPassword: 'NewSecurePass456' } }
    }, body: assumed('resetPassword', 200) },
    400: { method: 'POST', path: '/user/reset-password', json: { token: 'not-an-email-token', newPassword: 'NewSecurePass456' }, body: () => ({ success: false, message: 'Reset token is invalid or has already been used' }) },
    413: { method: 'POST', path: '/user/reset-password', json: huge, body: assumed('resetPassword', 413) },
  },
} satisfies Partial<Record<OperationId, Record<number, Scenario>>>

/** The account operations (role, basic data, quota, settings, MFA, keys): the docs' examples where they have them, else the mock's. */
const accountScenarios = {
  updateUserRole: {
    200: { method: 'PUT', path: janeRole, as: 'owner', json: { orgRole: 1 }, body: assumed('updateUserRole', 200) },
    400: { method: 'PUT', path: janeRole, as: 'owner', json: { orgRole: 3 }, body: assumed('updateUserRole', 400) },
    401: { method: 'PUT', path: janeRole, json: { orgRole: 1 }, ...unauthorized },
    403: { method: 'PUT', path: janeRole, as: 'user', json: { orgRole: 1 }, body: assumed('updateUserRole', 403) },
    404: { method: 'PUT', path: `/user/${UNKNOWN_ID}/role`, as: 'owner', json: { orgRole: 1 }, body: assumed('updateUserRole', 404) },
    413: { method: 'PUT', path: janeRole, as: 'owner', json: huge, body: assumed('updateUserRole', 413) },
    500: { method: 'PUT', path: janeRole, as: 'owner', json: { orgRole: 1 }, arrange: failingStore, body: serverFailed },
  },
  getUserQuota: {
    200: { method: 'GET', path: '/user/quota', as: 'user', body: doc('getUserQuota', 200) },
    401: { method: 'GET', path: '/user/quota', ...unauthorized, body: doc('getUserQuota', 401) },
    404: { method: 'GET', path: '/user/quota', as: 'globexUser', body: doc('getUserQuota', 404) },
    500: { method: 'GET', path: '/user/quota', as: 'user', arrange: failingStore, body: failed('getUserQuota') },
  },
  updateUser: {
    200: { method: 'PUT', path: `/user/${people.user.id}`, as: 'user', json: { name: 'Janet' }, body: assumed('updateUser', 200) },
    400: { method: 'PUT', path: `/user/${people.user.id}`, as: 'user', json: { password: 'weak' }, body: () => ({ success: false, message: PASSWORD_RULE }) },
    401: { method: 'PUT', path: `/user/${people.user.id}`, json: { name: 'X' }, ...unauthorized },
    403: { method: 'PUT', path: `/user/${people.workspaces.id}`, as: 'user', json: { name: 'X' }, body: assumed('updateUser', 403) },
    404: { method: 'PUT', path: `/user/${UNKNOWN_ID}`, as: 'owner', json: { name: 'X' }, body: assumed('updateUser', 404) },
    413: { method: 'PUT', path: `/user/${people.user.id}`, as: 'user', json: huge, body: assumed('updateUser', 413) },
    500: { method: 'PUT', path: `/user/${people.user.id}`, as: 'user', json: { name: 'X' }, arrange: failingStore, body: serverFailed },
  },
  resendOrganizationUserInvitation: {
    200: { method: 'POST', path: invite(AALIYAH), as: 'workspaces', body: assumed('resendOrganizationUserInvitation', 200) },
    400: { method: 'POST', path: invite(people.user.id), as: 'workspaces', body: assumed('resendOrganizationUserInvitation', 400) },
    401: { method: 'POST', path: invite(AALIYAH), ...unauthorized },
    403: { method: 'POST', path: invite(AALIYAH), as: 'user', body: assumed('resendOrganizationUserInvitation', 403) },
    404: { method: 'POST', path: invite(UNKNOWN_ID), as: 'owner', body: assumed('resendOrganizationUserInvitation', 404) },
    500: { method: 'POST', path: invite(AALIYAH), as: 'owner', arrange: failingStore, body: assumed('resendOrganizationUserInvitation', 500) },
  },
  ...settingsScenarios(),
  ...mfaScenarios(),
  enforceOrganizationMfa: {
    200: { method: 'POST', path: '/mfa/organization/enforce', as: 'owner', json: { enforced: true }, body: doc('enforceOrganizationMfa', 200) },
    400: { method: 'POST', path: '/mfa/organization/enforce', as: 'noOrganization', json: { enforced: true }, body: doc('enforceOrganizationMfa', 400) },
    401: { method: 'POST', path: '/mfa/organization/enforce', json: { enforced: true }, ...unauthorized },
    403: { method: 'POST', path: '/mfa/organization/enforce', as: 'workspaces', json: { enforced: false }, body: assumed('enforceOrganizationMfa', 403) },
    413: { method: 'POST', path: '/mfa/organization/enforce', as: 'owner', json: huge, body: assumed('enforceOrganizationMfa', 413) },
    500: { method: 'POST', path: '/mfa/organization/enforce', as: 'owner', json: { enforced: true }, arrange: failingStore, body: failed('enforceOrganizationMfa') },
  },
  ...organizationKeyScenarios(),
  deactivateUser: {
    200: { method: 'POST', path: '/user/deactivate', as: 'user', body: assumed('deactivateUser', 200) },
    400: { method: 'POST', path: '/user/deactivate', as: 'globexOwner', body: assumed('deactivateUser', 400) },
    401: { method: 'POST', path: '/user/deactivate', ...unauthorized },
    500: { method: 'POST', path: '/user/deactivate', as: 'user', arrange: failingStore, body: serverFailed },
  },
  getMfaStatus: {
    // The docs' example is Luis's (a fixture status only); the client's sessionVerified says a test token has full access.
    200: { method: 'GET', path: '/mfa/status', as: 'globexWorkspaces', body: () => {
      const example = documentedExample('getMfaStatus', 200)
      return { ...example, data: { ...example.data, sessionVerified: true } }
    } },
    401: { method: 'GET', path: '/mfa/status', ...unauthorized },
    500: { method: 'GET', path: '/mfa/status', as: 'user', arrange: failingStore, body: failed('getMfaStatus') },
  },
} satisfies Partial<Record<OperationId, Record<number, Scenario>>>

/** The organization keys of Acme: Olivia (OWNER) manages them; Globex's OWNER may not. */
function organizationKeyScenarios() {
  const keys = `/organization/${ACME}/key`
  const addKeys = (count: number) => (t: Transport) => {
    for (let i = 0; i < count; i++) {
      worldOf(t.mock).store.account.addKey({ id: `key-${i}`, orgId: ACME, publicKey: 'x', createdAt: '2024-01-15T10:30:00.000Z', nodeKeys: [] })
    }
  }
  const common = (id: OperationId, method: string, path: string, bad: string, unknown: string) => ({
    400: { method, path: bad, as: 'owner' as const, body: () => ({ success: false, message: tooLongId('idOrg') }) },
    401: { method, path, ...unauthorized },
    403: { method, path, as: 'globexOwner' as const, body: doc(id, 403) },
    404: { method, path: unknown, as: 'owner' as const },
    500: { method, path, as: 'owner' as const, arrange: failingStore, body: failed(id) },
  })
  const unknownOrg = `/organization/${UNKNOWN_ID}/key`
  return {
    listOrganizationKeys: {
      ...common('listOrganizationKeys', 'GET', keys, `/organization/${longId}/key`, unknownOrg),
      200: { method: 'GET', path: keys, as: 'owner', body: () => ({ success: true, data: [], message: 'Organization keys retrieved successfully' }) },
      404: { method: 'GET', path: unknownOrg, as: 'owner', body: assumed('listOrganizationKeys', 404) },
    },
    generateOrganizationKey: {
      ...common('generateOrganizationKey', 'POST', keys, `/organization/${longId}/key`, unknownOrg),
      200: { method: 'POST', path: keys, as: 'owner', headers: { Accept: 'application/x-pem-file' } },
      400: { method: 'POST', path: keys, as: 'owner', arrange: addKeys(5), body: doc('generateOrganizationKey', 400) },
      403: { method: 'POST', path: keys, as: 'globexOwner', body: doc('generateOrganizationKey', 403) },
    },
    deleteOrganizationKeys: {
      ...common('deleteOrganizationKeys', 'DELETE', keys, `/organization/${longId}/key`, unknownOrg),
      200: { method: 'DELETE', path: keys, as: 'administrator', arrange: addKeys(2), body: assumed('deleteOrganizationKeys', 200) },
    },
    deleteOrganizationKey: {
      ...common('deleteOrganizationKey', 'DELETE', `${keys}/key-0`, `/organization/${longId}/key/key-0`, `${unknownOrg}/key-0`),
      200: { method: 'DELETE', path: `${keys}/key-0`, as: 'owner', arrange: addKeys(1), body: doc('deleteOrganizationKey', 200) },
      404: { method: 'DELETE', path: `${keys}/key-0`, as: 'owner', body: doc('deleteOrganizationKey', 404) },
    },
  } satisfies Partial<Record<OperationId, Record<number, Scenario>>>
}

/** Sets GOOGLE_AUTH up for a person through the transport, confirmed, and (unless told not to) enabled. */
async function enrollTotp(t: Transport, who: Person, enable = true) {
  await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'GOOGLE_AUTH' } })
  await t.request('POST', '/mfa/verify-setup', { as: who, json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people[who].email) } })
  if (enable) await t.request('POST', '/mfa/enable', { as: who, json: { mfaType: 'GOOGLE_AUTH' } })
}

/** Registers a passkey of a person's through the transport (set up, created, completed), and enables PASSKEY unless told not to. */
async function enrollPasskey(t: Transport, who: Person, enable = true) {
  const authenticator = createVirtualAuthenticator()
  const setup = await t.request('POST', '/mfa/setup', { as: who, json: { mfaType: 'PASSKEY' } })
  const credential = await authenticator.create(setup.body.data)
  await t.request('POST', '/mfa/passkey/complete-registration', { as: who, json: { credential, challenge: setup.body.data.challenge } })
  if (enable) await t.request('POST', '/mfa/enable', { as: who, json: { mfaType: 'PASSKEY' } })
  return authenticator
}

/** A passkey made from options the mock never gave (its own challenge and user). */
const strayPasskey = () => createVirtualAuthenticator().create({ challenge: 'c3RyYXk', rp: { id: 'app.flashback.tech', name: 'Flashback' }, user: { id: 'c3RyYXk', name: 'stray', displayName: 'Stray' } })

/** The MFA calls: Amara (a USER of Globex, which does not enforce MFA) and Jane (a USER of Acme, which does). */
function mfaScenarios() {
  const WRONG = 'not-a-code'
  const mfaError = (error: string) => () => ({ success: false, error })
  const tooLarge = (id: OperationId, path: string) => ({ method: 'POST', path, as: 'user' as const, json: huge, body: assumed(id, 413) })
  const failTimes = (n: number, path: string, who: Person) => async (t: Transport) => {
    await enrollTotp(t, who)
    for (let i = 0; i < n; i++) await t.request('POST', path, { as: who, json: { mfaType: 'GOOGLE_AUTH', code: WRONG } })
  }
  const magicLinkSetUp = async (t: Transport) => {
    await t.request('POST', '/mfa/setup', { as: 'globexUser', json: { mfaType: 'MAGIC_LINK' } })
    return t.mock.outbox.latest(people.globexUser.email, 'magic-link')!.token
  }
  const done = (message: string) => () => ({ success: true, message, data: { success: true, message } })
  return {
    getMfaMethods: {
      200: { method: 'GET', path: '/mfa/methods', as: 'user', body: assumed('getMfaMethods', 200) },
      401: { method: 'GET', path: '/mfa/methods', ...unauthorized },
    },
    setupMfa: {
      200: { method: 'POST', path: '/mfa/setup', as: 'user', json: { mfaType: 'GOOGLE_AUTH' } },
      400: { method: 'POST', path: '/mfa/setup', as: 'globexUser', json: { mfaType: 'PASSKEY' }, arrange: async (t) => void (await enrollPasskey(t, 'globexUser')), body: mfaError('PASSKEY is already enabled: disable it first') },
      401: { method: 'POST', path: '/mfa/setup', json: { mfaType: 'GOOGLE_AUTH' }, ...unauthorized },
      413: tooLarge('setupMfa', '/mfa/setup'),
    },
    verifyMfaSetup: {
      200: { method: 'POST', path: '/mfa/verify-setup', as: 'user', prepare: async (t) => {
        await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'GOOGLE_AUTH' } })
        return { json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.user.email) } }
      }, body: done('GOOGLE_AUTH setup verified') },
      400: { method: 'POST', path: '/mfa/verify-setup', as: 'user', json: { mfaType: 'GOOGLE_AUTH', code: '123456' }, body: mfaError('Set up GOOGLE_AUTH first with POST /mfa/setup') },
      401: { method: 'POST', path: '/mfa/verify-setup', json: { mfaType: 'GOOGLE_AUTH', code: '123456' }, ...unauthorized },
      413: tooLarge('verifyMfaSetup', '/mfa/verify-setup'),
      429: { method: 'POST', path: '/mfa/verify-setup', as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH', code: WRONG }, arrange: failTimes(4, '/mfa/verify-setup', 'globexUser'), body: mfaError('Too many failed attempts: try again in 15 minutes') },
    },
    enableMfa: {
      200: { method: 'POST', path: '/mfa/enable', as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' }, arrange: (t) => enrollTotp(t, 'globexUser', false), body: assumed('enableMfa', 200) },
      400: { method: 'POST', path: '/mfa/enable', as: 'user', json: { mfaType: 'GOOGLE_AUTH' }, body: mfaError('Set up and verify GOOGLE_AUTH before enabling it') },
      401: { method: 'POST', path: '/mfa/enable', json: { mfaType: 'GOOGLE_AUTH' }, ...unauthorized },
      413: tooLarge('enableMfa', '/mfa/enable'),
    },
    disableMfa: {
      200: { method: 'POST', path: '/mfa/disable', as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' }, arrange: (t) => enrollTotp(t, 'globexUser'), body: assumed('disableMfa', 200) },
      400: { method: 'POST', path: '/mfa/disable', as: 'user', json: { mfaType: 'GOOGLE_AUTH' }, body: mfaError('GOOGLE_AUTH is not enabled') },
      401: { method: 'POST', path: '/mfa/disable', json: { mfaType: 'GOOGLE_AUTH' }, ...unauthorized },
      403: { method: 'POST', path: '/mfa/disable', as: 'user', json: { mfaType: 'GOOGLE_AUTH' }, arrange: (t) => enrollTotp(t, 'user'), body: mfaError('Your organization enforces MFA: keep at least one method enabled') },
      413: tooLarge('disableMfa', '/mfa/disable'),
    },
    setPrimaryMfa: {
      200: { method: 'POST', path: '/mfa/primary', as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH' }, arrange: (t) => enrollTotp(t, 'globexUser'), body: done('Primary MFA method set to GOOGLE_AUTH') },
      400: { method: 'POST', path: '/mfa/primary', as: 'user', json: { mfaType: 'MAGIC_LINK' }, body: mfaError('MAGIC_LINK is not enabled') },
      401: { method: 'POST', path: '/mfa/primary', json: { mfaType: 'MAGIC_LINK' }, ...unauthorized },
      413: tooLarge('setPrimaryMfa', '/mfa/primary'),
    },
    resetMfa: {
      200: { method: 'POST', path: '/mfa/reset', as: 'owner', json: { resetUserId: people.user.id }, arrange: (t) => enrollTotp(t, 'user'), body: doc('resetMfa', 200) },
      400: { method: 'POST', path: '/mfa/reset', as: 'owner', json: { resetUserId: 42 }, body: mfaError('Invalid request body: resetUserId must be string') },
      401: { method: 'POST', path: '/mfa/reset', json: {}, ...unauthorized },
      403: { method: 'POST', path: '/mfa/reset', as: 'billing', json: { resetUserId: people.user.id, enable: true }, body: doc('resetMfa', 403) },
      404: { method: 'POST', path: '/mfa/reset', as: 'owner', json: { resetUserId: UNKNOWN_ID }, body: doc('resetMfa', 404) },
      413: tooLarge('resetMfa', '/mfa/reset'),
      500: { method: 'POST', path: '/mfa/reset', as: 'owner', json: {}, arrange: failingStore, body: failed('resetMfa') },
    },
    sendMagicLink: {
      200: { method: 'POST', path: '/mfa/magic-link/send', as: 'globexUser', arrange: async (t) => {
        await t.request('POST', '/mfa/magic-link/activate', { json: { token: await magicLinkSetUp(t) } })
      }, body: () => ({ success: true, message: 'Magic link sent', data: { message: `Magic link sent to ${people.globexUser.email}` } }) },
      400: { method: 'POST', path: '/mfa/magic-link/send', as: 'user', body: mfaError('Set up MAGIC_LINK first with POST /mfa/setup') },
      401: { method: 'POST', path: '/mfa/magic-link/send', ...unauthorized },
    },
    activateMagicLink: {
      200: { method: 'POST', path: '/mfa/magic-link/activate', prepare: async (t) => ({ json: { token: await magicLinkSetUp(t) } }), body: assumed('activateMagicLink', 200) },
      400: { method: 'POST', path: '/mfa/magic-link/activate', json: { token: 'not-a-magic-link' }, body: mfaError('Magic link is invalid or has already been used') },
      413: { method: 'POST', path: '/mfa/magic-link/activate', json: huge, body: assumed('activateMagicLink', 413) },
    },
    getPasskeyAuthOptions: {
      200: { method: 'POST', path: '/mfa/passkey/auth-options', as: 'globexUser', arrange: async (t) => void (await enrollPasskey(t, 'globexUser')) },
      400: { method: 'POST', path: '/mfa/passkey/auth-options', as: 'user', body: mfaError('Set up PASSKEY first with POST /mfa/setup') },
      401: { method: 'POST', path: '/mfa/passkey/auth-options', ...unauthorized },
    },
    completePasskeyRegistration: {
      200: { method: 'POST', path: '/mfa/passkey/complete-registration', as: 'user', prepare: async (t) => {
        const setup = await t.request('POST', '/mfa/setup', { as: 'user', json: { mfaType: 'PASSKEY' } })
        return { json: { credential: await createVirtualAuthenticator().create(setup.body.data), challenge: setup.body.data.challenge } }
      }, body: done('PASSKEY setup verified') },
      400: { method: 'POST', path: '/mfa/passkey/complete-registration', as: 'user', prepare: async () => ({ json: { credential: await strayPasskey(), challenge: 'c3RyYXk' } }), body: mfaError('Set up PASSKEY first with POST /mfa/setup') },
      401: { method: 'POST', path: '/mfa/passkey/complete-registration', prepare: async () => ({ json: { credential: await strayPasskey(), challenge: 'c3RyYXk' } }), ...unauthorized },
      413: tooLarge('completePasskeyRegistration', '/mfa/passkey/complete-registration'),
      429: { method: 'POST', path: '/mfa/passkey/complete-registration', as: 'globexUser', prepare: async (t) => {
        const setup = await t.request('POST', '/mfa/setup', { as: 'globexUser', json: { mfaType: 'PASSKEY' } })
        const elsewhere = await createVirtualAuthenticator().create(setup.body.data, { origin: 'https://evil.example' })
        const json = { credential: elsewhere, challenge: setup.body.data.challenge }
        for (let i = 0; i < 4; i++) await t.request('POST', '/mfa/passkey/complete-registration', { as: 'globexUser', json })
        return { json }
      }, body: mfaError('Too many failed attempts: try again in 15 minutes') },
    },
    verifyMfaLogin: {
      200: { method: 'POST', path: '/mfa/verify-login', prepare: async (t) => {
        await enrollTotp(t, 'globexUser')
        const { accessToken } = await signIn(t, people.globexUser.email)
        return { as: { token: accessToken }, json: { mfaType: 'GOOGLE_AUTH', code: t.mock.totp(people.globexUser.email) } }
      } },
      400: { method: 'POST', path: '/mfa/verify-login', as: 'user', json: { mfaType: 'GOOGLE_AUTH', code: '123456' }, body: mfaError('GOOGLE_AUTH is not enabled for this account') },
      401: { method: 'POST', path: '/mfa/verify-login', json: { mfaType: 'GOOGLE_AUTH', code: '123456' }, ...unauthorized },
      413: tooLarge('verifyMfaLogin', '/mfa/verify-login'),
      429: { method: 'POST', path: '/mfa/verify-login', as: 'globexUser', json: { mfaType: 'GOOGLE_AUTH', code: WRONG }, arrange: failTimes(4, '/mfa/verify-login', 'globexUser'), body: mfaError('Too many failed attempts: try again in 15 minutes') },
    },
  } satisfies Partial<Record<OperationId, Record<number, Scenario>>>
}

/** The eight settings calls: John has the docs' user settings, Acme the docs' organization settings. */
function settingsScenarios() {
  const user = '/settings/user'
  const org = '/settings/organization'
  const removeJohn = (t: Transport) => void t.mock.db.users.delete((q) => q.where({ id: people.workspaces.id }))
  const common = (id: OperationId, method: string, path: string, as: Person, json?: unknown) => ({
    401: { method, path, json, ...unauthorized },
    500: { method, path, as, json, arrange: failingStore, body: failed(id) },
  })
  const writes = (id: OperationId, method: string, path: string, as: Person, json: unknown, invalid: unknown) => ({
    ...common(id, method, path, as, json),
    200: { method, path, as, json, body: doc(id, 200) },
    400: { method, path, as, json: invalid, body: doc(id, 400) },
    413: { method, path, as, json: huge, body: assumed(id, 413) },
  })
  const orgWrites = (id: OperationId, method: string, json: unknown, invalid: unknown) => ({
    ...writes(id, method, org, 'owner', json, invalid),
    403: { method, path: org, as: 'user' as const, json, body: assumed(id, 403) },
    404: { method, path: org, as: 'noOrganization' as const, json, body: doc(id, 404) },
  })
  return {
    getUserSettings: {
      ...common('getUserSettings', 'GET', user, 'workspaces'),
      200: { method: 'GET', path: user, as: 'workspaces', body: doc('getUserSettings', 200) },
      404: { method: 'GET', path: user, as: 'workspaces', arrange: removeJohn, body: doc('getUserSettings', 404) },
    },
    replaceUserSettings: writes('replaceUserSettings', 'POST', user, 'user', documentedRequest('replaceUserSettings'), { theme: 'dark' }),
    updateUserSettings: writes('updateUserSettings', 'PUT', user, 'user', documentedRequest('updateUserSettings'), {}),
    deleteUserSettingsKeys: writes('deleteUserSettingsKeys', 'DELETE', user, 'workspaces', documentedRequest('deleteUserSettingsKeys'), { keys: [] }),
    getOrganizationSettings: {
      ...common('getOrganizationSettings', 'GET', org, 'user'),
      200: { method: 'GET', path: org, as: 'user', body: doc('getOrganizationSettings', 200) },
      404: { method: 'GET', path: org, as: 'noOrganization', body: doc('getOrganizationSettings', 404) },
    },
    replaceOrganizationSettings: orgWrites('replaceOrganizationSettings', 'POST', documentedRequest('replaceOrganizationSettings'), { defaultStorageType: 'S3' }),
    updateOrganizationSettings: orgWrites('updateOrganizationSettings', 'PUT', documentedRequest('updateOrganizationSettings'), {}),
    deleteOrganizationSettingsKeys: orgWrites('deleteOrganizationSettingsKeys', 'DELETE', documentedRequest('deleteOrganizationSettingsKeys'), { keys: [] }),
  } satisfies Partial<Record<OperationId, Record<number, Scenario>>>
}

const sessionNotFound = () => ({ success: false, message: 'Session not found' })
const deviceNotFound = () => ({ success: false, message: 'Device not found' })
const PHONE = { userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0.0.0 Mobile Safari/537.36', deviceType: 'MOBILE', os: 'Android', browser: 'Chrome' }
/** Jane signs in from her phone: her session, her device and her access token. */
async function janeOnHerPhone(t: Transport) {
  const login = await t.request('POST', '/user/login', { json: { email: people.user.email, password: PASSWORD, deviceInfo: PHONE } })
  const as = { token: login.body.accessToken as string }
  const [device] = (await t.request('GET', '/devices', { as })).body.devices
  return { as, tokenId: login.body.tokenId as string, device: device as { id: string; deviceFingerprint: string } }
}
/** The sessions and devices: 400 for a too long id, 401 without a token, 404 for an id that is not the caller's. */
function byId(method: string, path: (id: string) => string, ok: (jane: Awaited<ReturnType<typeof janeOnHerPhone>>) => string, param: string, notFound: () => unknown, okBody?: () => unknown) {
  return {
    200: { method, path: path(UNKNOWN_ID), prepare: async (t: Transport) => {
      const jane = await janeOnHerPhone(t)
      return { path: path(ok(jane)), as: jane.as }
    }, ...(okBody ? { body: okBody } : {}) },
    400: { method, path: path(longId), as: 'user' as const, body: () => ({ success: false, message: tooLongId(param) }) },
    401: { method, path: path(UNKNOWN_ID), ...unauthorized },
    404: { method, path: path(UNKNOWN_ID), as: 'user' as const, body: notFound },
  }
}
const sessionScenarios = {
  listSessions: {
    200: { method: 'GET', path: '/sessions', prepare: async (t: Transport) => ({ as: (await janeOnHerPhone(t)).as }) },
    401: { method: 'GET', path: '/sessions', ...unauthorized },
  },
  revokeSession: byId('POST', (id) => `/sessions/${id}/revoke`, (jane) => jane.tokenId, 'sessionId', sessionNotFound, () => ({ success: true, message: 'Session revoked successfully' })),
  revokeAllSessions: {
    200: { method: 'POST', path: '/sessions/revoke-all', prepare: async (t: Transport) => ({ as: (await janeOnHerPhone(t)).as }), body: doc('revokeAllSessions', 200) },
    401: { method: 'POST', path: '/sessions/revoke-all', ...unauthorized },
    500: { method: 'POST', path: '/sessions/revoke-all', as: 'user', arrange: failingStore, body: doc('revokeAllSessions', 500) },
  },
  updateSessionHeartbeat: byId('POST', (id) => `/sessions/${id}/heartbeat`, (jane) => jane.tokenId, 'sessionId', sessionNotFound),
  updateDeviceHeartbeat: byId('POST', (id) => `/devices/${id}/heartbeat`, (jane) => jane.device.id, 'deviceId', deviceNotFound),
  listDevices: {
    200: { method: 'GET', path: '/devices', prepare: async (t: Transport) => ({ as: (await janeOnHerPhone(t)).as }) },
    401: { method: 'GET', path: '/devices', ...unauthorized },
  },
  getDeviceDetails: byId('GET', (id) => `/devices/${id}`, (jane) => jane.device.id, 'deviceId', deviceNotFound),
  trustDevice: {
    200: { method: 'POST', path: '/devices/trust', prepare: async (t: Transport) => {
      const jane = await janeOnHerPhone(t)
      return { as: jane.as, json: { fingerprint: jane.device.deviceFingerprint } }
    } },
    400: { method: 'POST', path: '/devices/trust', as: 'user', json: {}, body: () => ({ success: false, message: 'Invalid request body: fingerprint is required' }) },
    401: { method: 'POST', path: '/devices/trust', json: { fingerprint: 'x' }, ...unauthorized },
    404: { method: 'POST', path: '/devices/trust', as: 'user', json: { fingerprint: 'not-a-fingerprint' }, body: deviceNotFound },
    413: { method: 'POST', path: '/devices/trust', as: 'user', json: huge, body: () => ({ success: false, message: 'Request body too large: the limit is 1048576 bytes' }) },
  },
  untrustDevice: byId('POST', (id) => `/devices/${id}/untrust`, (jane) => jane.device.id, 'deviceId', deviceNotFound, () => ({ success: true, message: 'Device untrusted successfully' })),
  removeDevice: byId('DELETE', (id) => `/devices/${id}`, (jane) => jane.device.id, 'deviceId', deviceNotFound, () => ({ success: true, message: 'Device removed successfully' })),
} satisfies Partial<Record<OperationId, Record<number, Scenario>>>

/** One request per documented status of every operation, with the exact body where the docs give one. */
/** The provider sign-ins: each provider's grant in the world (the mock stands in for it), then the call. */
const google = (t: Transport) => t.mock.providers.grant('google', people.user.email)
const microsoft = (t: Transport) => t.mock.providers.grant('microsoft', people.user.email)
const invalidCode = () => ({ success: false, error_code: 'INVALID_CODE', message: 'Authorization code is unknown, expired or already used' })
const providerRefreshed = async (t: Transport, path: string, signIn: RequestOptions & { path: string }) =>
  ({ json: { refresh_token: (await t.request('POST', signIn.path, signIn)).body.authState.refreshToken }, path })
const providerScenarios = {
  signInWithGoogle: {
    200: { method: 'POST', path: '/auth/google', prepare: async (t) => ({ json: { token: google(t).token } }) },
    400: { method: 'POST', path: '/auth/google', json: { code: 'x' }, body: () => ({ success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: token is required' }) },
    401: { method: 'POST', path: '/auth/google', json: documentedRequest('signInWithGoogle'), body: () => ({ success: false, error_code: 'INVALID_PROVIDER_TOKEN', message: 'Google access token is unknown or expired' }) },
    413: { method: 'POST', path: '/auth/google', json: huge, body: tooLargeWithCode },
  },
  exchangeGoogleCode: {
    200: { method: 'POST', path: '/auth/google/exchange', prepare: async (t) => ({ json: { code: google(t).code } }) },
    400: { method: 'POST', path: '/auth/google/exchange', json: {}, body: assumed('exchangeGoogleCode', 400) },
    401: { method: 'POST', path: '/auth/google/exchange', json: documentedRequest('exchangeGoogleCode'), body: invalidCode },
    413: { method: 'POST', path: '/auth/google/exchange', json: huge, body: tooLargeWithCode },
  },
  refreshGoogleToken: {
    200: { method: 'POST', path: '/', prepare: (t) => providerRefreshed(t, '/auth/google/refresh', { path: '/auth/google/exchange', json: { code: google(t).code } }) },
    400: { method: 'POST', path: '/auth/google/refresh', json: { refreshToken: 'x' }, body: assumed('refreshGoogleToken', 400) },
    401: { method: 'POST', path: '/auth/google/refresh', json: documentedRequest('refreshGoogleToken'), body: assumed('refreshGoogleToken', 401) },
    413: { method: 'POST', path: '/auth/google/refresh', json: huge, body: tooLargeWithCode },
  },
  signInWithGithub: {
    200: { method: 'POST', path: '/auth/github', prepare: async (t) => ({ json: { code: t.mock.providers.grant('github', people.user.email).code } }) },
    400: { method: 'POST', path: '/auth/github', json: { code: '' }, body: () => ({ success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: code must NOT have fewer than 1 characters' }) },
    401: { method: 'POST', path: '/auth/github', json: documentedRequest('signInWithGithub'), body: invalidCode },
    413: { method: 'POST', path: '/auth/github', json: huge, body: tooLargeWithCode },
  },
  refreshGithubToken: {
    200: { method: 'POST', path: '/', prepare: (t) => providerRefreshed(t, '/auth/github/refresh', { path: '/auth/github', json: { code: t.mock.providers.grant('github', people.user.email).code } }) },
    400: { method: 'POST', path: '/auth/github/refresh', json: {}, body: assumed('refreshGithubToken', 400) },
    401: { method: 'POST', path: '/auth/github/refresh', json: documentedRequest('refreshGithubToken'), body: assumed('refreshGithubToken', 401) },
    413: { method: 'POST', path: '/auth/github/refresh', json: huge, body: tooLargeWithCode },
  },
  signInWithMicrosoft: {
    200: { method: 'POST', path: '/auth/microsoft', prepare: async (t) => ({ json: { token: microsoft(t).token } }) },
    400: { method: 'POST', path: '/auth/microsoft', json: {}, body: assumed('signInWithMicrosoft', 400) },
    401: { method: 'POST', path: '/auth/microsoft', json: { token: 'EwB.unknown' }, body: () => ({ success: false, error_code: 'INVALID_PROVIDER_TOKEN', message: 'Microsoft access token is unknown or expired' }) },
    413: { method: 'POST', path: '/auth/microsoft', json: huge, body: tooLargeWithCode },
  },
  exchangeMicrosoftCode: {
    200: { method: 'POST', path: '/auth/microsoft/exchange', prepare: async (t) => ({ json: { code: microsoft(t).code } }) },
    400: { method: 'POST', path: '/auth/microsoft/exchange', json: {}, body: assumed('exchangeMicrosoftCode', 400) },
    401: { method: 'POST', path: '/auth/microsoft/exchange', json: { code: 'M.C5_unknown' }, body: invalidCode },
    413: { method: 'POST', path: '/auth/microsoft/exchange', json: huge, body: tooLargeWithCode },
  },
  refreshMicrosoftToken: {
    200: { method: 'POST', path: '/', prepare: (t) => providerRefreshed(t, '/auth/microsoft/refresh', { path: '/auth/microsoft/exchange', json: { code: microsoft(t).code } }) },
    400: { method: 'POST', path: '/auth/microsoft/refresh', json: {}, body: assumed('refreshMicrosoftToken', 400) },
    401: { method: 'POST', path: '/auth/microsoft/refresh', json: { refresh_token: 'M.R3_unknown' }, body: assumed('refreshMicrosoftToken', 401) },
    413: { method: 'POST', path: '/auth/microsoft/refresh', json: huge, body: tooLargeWithCode },
  },
  signInWithWeb3: {
    200: { method: 'POST', path: '/auth/web3', prepare: async (t) => ({ json: await (await t.mock.providers.stellarWallet(people.user.email)).signInBody() }) },
    400: { method: 'POST', path: '/auth/web3', json: { address: 'G-not-an-address', network: 'TESTNET', signature: 'AAAA', nonce: 'nonce-of-the-test' }, body: assumed('signInWithWeb3', 400) },
    401: { method: 'POST', path: '/auth/web3', json: { address: 'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF', network: 'TESTNET', signature: 'AAAA', nonce: 'nonce-of-the-test' }, body: () => ({ success: false, error_code: 'INVALID_SIGNATURE', message: 'The signature is not the signature of the nonce by this address' }) },
    413: { method: 'POST', path: '/auth/web3', json: huge, body: tooLargeWithCode },
  },
} satisfies Partial<Record<OperationId, Record<number, Scenario>>>

const scenarios: Record<OperationId, Record<number, Scenario>> = {
  ...providerScenarios,
  ...accountScenarios,
  ...emailScenarios,
  ...sessionScenarios,
  getOrganization: {
    200: { method: 'GET', path: `/organization/${ACME}`, as: 'user', body: doc('getOrganization', 200) },
    400: { method: 'GET', path: `/organization/${longId}`, as: 'user', body: () => ({ success: false, data: null, message: tooLongId('orgId') }) },
    401: { method: 'GET', path: `/organization/${ACME}`, ...unauthorized },
    403: { method: 'GET', path: `/organization/${ACME}`, as: 'globexOwner', body: doc('getOrganization', 403) },
    404: { method: 'GET', path: `/organization/${UNKNOWN_ID}`, as: 'user', body: doc('getOrganization', 404) },
    500: { method: 'GET', path: `/organization/${ACME}`, as: 'user', arrange: failingStore, body: failed('getOrganization') },
  },
  updateOrganization: {
    200: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { name: 'Updated Organization Name', address1: '456 New Business Ave', city: 'Los Angeles', state: 'CA', mfaEnforced: true }, body: doc('updateOrganization', 200) },
    400: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { domain: 'evil.com', reposDisabled: true }, body: doc('updateOrganization', 400) },
    401: { method: 'PUT', path: `/organization/${ACME}`, json: { name: 'X' }, ...unauthorized },
    403: { method: 'PUT', path: `/organization/${ACME}`, as: 'workspaces', json: { name: 'X' }, body: doc('updateOrganization', 403) },
    404: { method: 'PUT', path: `/organization/${UNKNOWN_ID}`, as: 'owner', json: { name: 'X' }, body: doc('updateOrganization', 404) },
    413: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: huge },
    500: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { name: 'X' }, arrange: failingStore, body: failed('updateOrganization') },
  },
  listOrganizationUsers: {
    200: { method: 'GET', path: '/organization/users', as: 'workspaces' },
    401: { method: 'GET', path: '/organization/users', ...unauthorized },
    403: { method: 'GET', path: '/organization/users', as: 'billing', body: doc('listOrganizationUsers', 403) },
    500: { method: 'GET', path: '/organization/users', as: 'workspaces', arrange: failingStore, body: failed('listOrganizationUsers') },
  },
  createOrganizationUser: {
    201: { method: 'POST', path: '/organization/users', as: 'workspaces', json: { email: 'new.user@acme.com', password: 'SecurePassword123!', firstName: 'New', lastName: 'User', orgRole: 0, sendInvite: true } },
    400: { method: 'POST', path: '/organization/users', as: 'workspaces', json: { email: 'new.user@acme.com', firstName: 'New', lastName: 'User' }, body: () => ({ success: false, message: 'Invalid request body: password is required' }) },
    401: { method: 'POST', path: '/organization/users', json: {}, ...unauthorized },
    403: { method: 'POST', path: '/organization/users', as: 'user', json: { email: 'n@acme.com', password: 'SecurePassword123!', firstName: 'N', lastName: 'U' }, body: () => ({ success: false, message: 'Insufficient permissions to create users' }) },
    413: { method: 'POST', path: '/organization/users', as: 'workspaces', json: huge },
    500: { method: 'POST', path: '/organization/users', as: 'workspaces', json: {}, arrange: failingStore, body: () => ({ success: false, message: 'Internal server error' }) },
  },
  getOrganizationUser: {
    200: { method: 'GET', path: john, as: 'owner', body: doc('getOrganizationUser', 200) },
    400: { method: 'GET', path: `/organization/users/${longId}`, as: 'owner', body: () => ({ success: false, message: tooLongId('userId') }) },
    401: { method: 'GET', path: john, ...unauthorized },
    403: { method: 'GET', path: john, as: 'user', body: doc('getOrganizationUser', 403) },
    404: { method: 'GET', path: `/organization/users/${UNKNOWN_ID}`, as: 'owner', body: doc('getOrganizationUser', 404) },
    500: { method: 'GET', path: john, as: 'owner', arrange: failingStore, body: failed('getOrganizationUser') },
  },
  updateOrganizationUser: {
    200: { method: 'PUT', path: john, as: 'owner', json: { name: 'Updated', lastName: 'Name', orgRole: 1 }, body: doc('updateOrganizationUser', 200) },
    400: { method: 'PUT', path: john, as: 'owner', json: { orgRole: 3 }, body: doc('updateOrganizationUser', 400) },
    401: { method: 'PUT', path: john, json: { name: 'X' }, ...unauthorized },
    403: { method: 'PUT', path: john, as: 'user', json: { name: 'X' }, body: doc('updateOrganizationUser', 403) },
    404: { method: 'PUT', path: `/organization/users/${UNKNOWN_ID}`, as: 'owner', json: { name: 'X' }, body: doc('updateOrganizationUser', 404) },
    413: { method: 'PUT', path: john, as: 'owner', json: huge },
    500: { method: 'PUT', path: john, as: 'owner', json: { name: 'X' }, arrange: failingStore, body: () => ({ success: false, data: {}, message: 'Internal server error' }) },
  },
  deleteOrganizationUser: {
    200: { method: 'DELETE', path: jane, as: 'workspaces', body: doc('deleteOrganizationUser', 200) },
    400: { method: 'DELETE', path: john, as: 'workspaces', body: doc('deleteOrganizationUser', 400) },
    401: { method: 'DELETE', path: jane, ...unauthorized },
    403: { method: 'DELETE', path: jane, as: 'billing', body: doc('deleteOrganizationUser', 403) },
    404: { method: 'DELETE', path: `/organization/users/${UNKNOWN_ID}`, as: 'owner', body: doc('deleteOrganizationUser', 404) },
    500: { method: 'DELETE', path: jane, as: 'owner', arrange: failingStore, body: failed('deleteOrganizationUser') },
  },
  activateOrganizationUser: {
    200: { method: 'POST', path: `/organization/users/${people.deleted.id}/activate`, as: 'workspaces', body: doc('activateOrganizationUser', 200) },
    400: { method: 'POST', path: `${jane}/activate`, as: 'workspaces', body: doc('activateOrganizationUser', 400) },
    401: { method: 'POST', path: `${jane}/activate`, ...unauthorized },
    403: { method: 'POST', path: `/organization/users/${people.deleted.id}/activate`, as: 'user', body: doc('activateOrganizationUser', 403) },
    404: { method: 'POST', path: `/organization/users/${UNKNOWN_ID}/activate`, as: 'owner', body: doc('activateOrganizationUser', 404) },
    500: { method: 'POST', path: `${jane}/activate`, as: 'owner', arrange: failingStore, body: failed('activateOrganizationUser') },
  },
  getUserById: {
    200: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'user', body: doc('getUserById', 200) },
    400: { method: 'GET', path: `/user/${longId}`, as: 'user', body: () => ({ success: false, message: tooLongId('userId') }) },
    401: { method: 'GET', path: `/user/${people.workspaces.id}`, ...unauthorized },
    403: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'noOrganization', body: doc('getUserById', 403) },
    404: { method: 'GET', path: `/user/${UNKNOWN_ID}`, as: 'user', body: doc('getUserById', 404) },
    500: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'user', arrange: failingStore, body: failed('getUserById') },
  },
  getUserProfile: {
    // The docs' example shows mfaRequired false: John's organization enforces MFA, but he has not enrolled.
    200: { method: 'GET', path: '/user/profile', as: 'workspaces', body: () => {
      const example = documentedExample('getUserProfile', 200)
      return { ...example, data: { ...example.data, isBusiness: true } }
    } },
    401: { method: 'GET', path: '/user/profile', ...unauthorized },
    // The token stays known while John's record is removed behind the API's back.
    404: { method: 'GET', path: '/user/profile', as: 'workspaces', arrange: (t) => {
      t.mock.db.users.delete((q) => q.where({ id: people.workspaces.id }))
    }, body: doc('getUserProfile', 404) },
    500: { method: 'GET', path: '/user/profile', as: 'workspaces', arrange: failingStore, body: failed('getUserProfile') },
  },
  loginUser: {
    200: { method: 'POST', path: '/user/login', json: { email: people.workspaces.email, password: PASSWORD } },
    400: { method: 'POST', path: '/user/login', json: { email: people.workspaces.email }, body: () => ({ success: false, error_code: 'INVALID_REQUEST', message: 'Invalid request body: password is required' }) },
    401: { method: 'POST', path: '/user/login', json: { email: people.workspaces.email, password: 'wrong' }, body: () => ({ success: false, error_code: 'INVALID_PASSWORD', message: 'Wrong password' }) },
    413: { method: 'POST', path: '/user/login', json: huge, body: tooLargeWithCode },
  },
  refreshUserToken: {
    200: { method: 'POST', path: '/user/refresh', prepare: async (t) => ({ json: { refresh_token: (await signIn(t)).refreshToken } }) },
    400: { method: 'POST', path: '/user/refresh', json: {}, body: missingRefresh },
    401: { method: 'POST', path: '/user/refresh', json: { refreshToken: 'not-a-refresh-token' }, body: invalidRefresh },
    413: { method: 'POST', path: '/user/refresh', json: huge, body: tooLargeWithCode },
  },
  logoutUser: {
    200: { method: 'POST', path: '/user/logout', prepare: async (t) => ({ json: { refresh_token: (await signIn(t)).refreshToken } }), body: () => ({ success: true, message: 'Logged out successfully' }) },
    400: { method: 'POST', path: '/user/logout', json: { token: 'x' }, body: missingRefresh },
    401: { method: 'POST', path: '/user/logout', json: { refresh_token: 'not-a-refresh-token' }, body: invalidRefresh },
    413: { method: 'POST', path: '/user/logout', json: huge, body: tooLargeWithCode },
  },
  registerUser: {
    201: { method: 'POST', path: '/user/register', json: registration },
    400: { method: 'POST', path: '/user/register', json: { ...registration, password: 'alllowercase1' }, body: () => ({ success: false, error_code: 'WEAK_PASSWORD', message: 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit' }) },
    413: { method: 'POST', path: '/user/register', json: huge, body: tooLargeWithCode },
  },
  listTokens: {
    200: { method: 'GET', path: '/token', prepare: async (t) => ({ as: { token: (await signIn(t)).accessToken } }) },
    401: { method: 'GET', path: '/token', ...unauthorized },
  },
  revokeToken: {
    200: { method: 'DELETE', path: '/token/x', prepare: async (t) => {
      const session = await signIn(t)
      return { path: `/token/${session.tokenId}`, as: { token: session.accessToken } }
    }, body: () => ({ success: true, message: 'Token revoked' }) },
    400: { method: 'DELETE', path: `/token/${longId}`, as: 'user', body: () => ({ success: false, message: tooLongId('tokenId') }) },
    401: { method: 'DELETE', path: `/token/${UNKNOWN_ID}`, ...unauthorized },
    404: { method: 'DELETE', path: `/token/${UNKNOWN_ID}`, as: 'user', body: () => ({ success: false, message: 'Token not found' }) },
  },
}

it('has a scenario for every status the document declares, and none it does not', () => {
  const covered = new Map(Object.entries(scenarios).map(([id, byStatus]) => [id, Object.keys(byStatus).map(Number).sort()]))
  expect(covered).toEqual(declaredStatuses())
})

describe.each(transports)('every documented status through $name', ({ use }) => {
  const transport = use()
  beforeEach(() => transport.mock.reset())
  afterEach(() => vi.restoreAllMocks())

  const cases = Object.entries(scenarios).flatMap(([id, byStatus]) =>
    Object.entries(byStatus).map(([status, scenario]) => ({ id: id as OperationId, status: Number(status), scenario })),
  )
  it.each(cases)('$id answers $status with its documented shape', async ({ id, status, scenario }) => {
    await scenario.arrange?.(transport)
    const prepared = await scenario.prepare?.(transport)
    const response = await transport.request(scenario.method, prepared?.path ?? scenario.path, { ...scenario, ...prepared })
    expect(response.status).toBe(status)
    await expectDocumented(id, status, response.body)
    if (scenario.body) expect(response.body).toEqual(scenario.body(transport))
  })
})
