import { beforeEach, describe, expect, it } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { expectDocumented } from './support/document.js'
import { transports, type RequestOptions, type Transport } from './support/transports.js'
import { ACME, people, snapshot } from './support/world.js'
import { fingerprintOf, type DeviceDetails } from '../src/data/device-details.js'

type Caller =
  | 'USER' | 'BILLING' | 'WORKSPACES' | 'ADMINISTRATORS' | 'OWNER'
  | 'no token' | 'bad token' | 'deleted user' | 'no organization' | 'other organization'

const callers: Record<Caller, RequestOptions['as']> = {
  USER: 'user',
  BILLING: 'billing',
  WORKSPACES: 'workspaces',
  ADMINISTRATORS: 'administrator',
  OWNER: 'owner',
  'no token': null,
  'bad token': { token: 'not-a-token' },
  'deleted user': 'deleted',
  'no organization': 'noOrganization',
  'other organization': 'globexOwner',
}

interface MatrixRequest {
  method: string
  path: string
  json?: unknown
  /** The path, once the world is ready (a sign-in's tokenId, say). */
  prepare?: (transport: Transport) => Promise<string>
  /** The body, once the world is ready (a provider's grant, say). */
  prepareJson?: (transport: Transport) => Promise<unknown>
}

/** Jane signs in (a USER of Acme): the session whose refresh token the revoke column targets. */
async function janesTokenId(transport: Transport): Promise<string> {
  const response = await transport.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!' } })
  return `/token/${response.body.tokenId}`
}

const JANES_LAPTOP: DeviceDetails = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP', os: 'Linux', browser: 'Firefox' }

/** Jane signs in from her laptop: the session and the device the session and device columns target. */
async function janeOnHerLaptop(transport: Transport): Promise<{ tokenId: string; deviceId: string }> {
  const login = await transport.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!', deviceInfo: JANES_LAPTOP } })
  const devices = await transport.request('GET', '/devices', { as: { token: login.body.accessToken } })
  return { tokenId: login.body.tokenId, deviceId: devices.body.devices[0].id }
}
const janesSession = (then: string) => async (transport: Transport) => `/sessions/${(await janeOnHerLaptop(transport)).tokenId}${then}`
const janesDevice = (then: string) => async (transport: Transport) => `/devices/${(await janeOnHerLaptop(transport)).deviceId}${then}`

/** The session and device operations' requests: their columns are in the third matrix below. */
function sessionRequests() {
  return {
    listSessions: { method: 'GET', path: '/sessions' },
    revokeSession: { method: 'POST', path: '/sessions/{sessionId}/revoke', prepare: janesSession('/revoke') },
    revokeAllSessions: { method: 'POST', path: '/sessions/revoke-all' },
    updateSessionHeartbeat: { method: 'POST', path: '/sessions/{sessionId}/heartbeat', prepare: janesSession('/heartbeat') },
    updateDeviceHeartbeat: { method: 'POST', path: '/devices/{deviceId}/heartbeat', prepare: janesDevice('/heartbeat') },
    listDevices: { method: 'GET', path: '/devices' },
    getDeviceDetails: { method: 'GET', path: '/devices/{deviceId}', prepare: janesDevice('') },
    trustDevice: { method: 'POST', path: '/devices/trust', json: { fingerprint: fingerprintOf(JANES_LAPTOP) }, prepare: async (t: Transport) => (await janeOnHerLaptop(t), '/devices/trust') },
    untrustDevice: { method: 'POST', path: '/devices/{deviceId}/untrust', prepare: janesDevice('/untrust') },
    removeDevice: { method: 'DELETE', path: '/devices/{deviceId}', prepare: janesDevice('') },
  } satisfies Partial<Record<OperationId, MatrixRequest>>
}

/** The account operations' requests: their columns are in the second matrix below. */
function accountRequests() {
  return {
    updateUserRole: { method: 'PUT', path: `/user/${people.user.id}/role`, json: { orgRole: 1 } },
    getUserQuota: { method: 'GET', path: '/user/quota' },
    updateUser: { method: 'PUT', path: `/user/${people.user.id}`, json: { name: 'Janet' } },
    // Aaliyah Bosco, a USER of Acme who has not validated her e-mail.
    resendOrganizationUserInvitation: { method: 'POST', path: '/organization/users/86a3e0a6-823c-4f5b-bee1-02e16f8b5ad0/resend-invitation' },
    getUserSettings: { method: 'GET', path: '/settings/user' },
    replaceUserSettings: { method: 'POST', path: '/settings/user', json: { settings: { theme: 'dark' } } },
    updateUserSettings: { method: 'PUT', path: '/settings/user', json: { theme: 'light' } },
    deleteUserSettingsKeys: { method: 'DELETE', path: '/settings/user', json: { keys: ['theme'] } },
    getOrganizationSettings: { method: 'GET', path: '/settings/organization' },
    replaceOrganizationSettings: { method: 'POST', path: '/settings/organization', json: { settings: { maxFileSize: '1GB' } } },
    updateOrganizationSettings: { method: 'PUT', path: '/settings/organization', json: { maxFileSize: '2GB' } },
    deleteOrganizationSettingsKeys: { method: 'DELETE', path: '/settings/organization', json: { keys: ['maxFileSize'] } },
    enforceOrganizationMfa: { method: 'POST', path: '/mfa/organization/enforce', json: { enforced: false } },
    getMfaStatus: { method: 'GET', path: '/mfa/status' },
    deactivateUser: { method: 'POST', path: '/user/deactivate' },
    listOrganizationKeys: { method: 'GET', path: `/organization/${ACME}/key` },
    generateOrganizationKey: { method: 'POST', path: `/organization/${ACME}/key` },
    deleteOrganizationKeys: { method: 'DELETE', path: `/organization/${ACME}/key` },
    // No key of that id: whoever may manage Acme's keys is told it does not exist.
    deleteOrganizationKey: { method: 'DELETE', path: `/organization/${ACME}/key/key-unknown` },
  } satisfies Partial<Record<OperationId, { method: string; path: string; json?: unknown }>>
}

/** The MFA calls' requests: none of the callers has MFA set up, so most are the 400 of a method not in that state. */
function mfaRequests() {
  return {
    getMfaMethods: { method: 'GET', path: '/mfa/methods' },
    setupMfa: { method: 'POST', path: '/mfa/setup', json: { mfaType: 'GOOGLE_AUTH' } },
    verifyMfaSetup: { method: 'POST', path: '/mfa/verify-setup', json: { mfaType: 'GOOGLE_AUTH', code: '000000' } },
    enableMfa: { method: 'POST', path: '/mfa/enable', json: { mfaType: 'GOOGLE_AUTH' } },
    disableMfa: { method: 'POST', path: '/mfa/disable', json: { mfaType: 'GOOGLE_AUTH' } },
    setPrimaryMfa: { method: 'POST', path: '/mfa/primary', json: { mfaType: 'GOOGLE_AUTH' } },
    resetMfa: { method: 'POST', path: '/mfa/reset', json: { resetUserId: people.user.id, enable: true } },
    sendMagicLink: { method: 'POST', path: '/mfa/magic-link/send' },
    activateMagicLink: { method: 'POST', path: '/mfa/magic-link/activate', json: { token: 'not-a-magic-link' } },
    getPasskeyAuthOptions: { method: 'POST', path: '/mfa/passkey/auth-options' },
    completePasskeyRegistration: { method: 'POST', path: '/mfa/passkey/complete-registration', json: { credential: { id: 'c3RyYXk', rawId: 'c3RyYXk', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'oA' } }, challenge: 'c3RyYXk' } },
    verifyMfaLogin: { method: 'POST', path: '/mfa/verify-login', json: { mfaType: 'GOOGLE_AUTH', code: '000000' } },
  } satisfies Partial<Record<OperationId, { method: string; path: string; json?: unknown }>>
}

/** The provider sign-ins' requests, each with a credential the world's provider gave Jane: their columns are in the last matrix. */
function providerRequests() {
  const google = (t: Transport) => t.mock.providers.grant('google', people.user.email)
  const microsoft = (t: Transport) => t.mock.providers.grant('microsoft', people.user.email)
  return {
    signInWithGoogle: { method: 'POST', path: '/auth/google', prepareJson: async (t: Transport) => ({ token: google(t).token }) },
    exchangeGoogleCode: { method: 'POST', path: '/auth/google/exchange', prepareJson: async (t: Transport) => ({ code: google(t).code }) },
    refreshGoogleToken: { method: 'POST', path: '/auth/google/refresh', json: { refresh_token: 'not-a-refresh-token' } },
    signInWithGithub: { method: 'POST', path: '/auth/github', prepareJson: async (t: Transport) => ({ code: t.mock.providers.grant('github', people.user.email).code }) },
    refreshGithubToken: { method: 'POST', path: '/auth/github/refresh', json: { refresh_token: 'not-a-refresh-token' } },
    signInWithMicrosoft: { method: 'POST', path: '/auth/microsoft', prepareJson: async (t: Transport) => ({ token: microsoft(t).token }) },
    exchangeMicrosoftCode: { method: 'POST', path: '/auth/microsoft/exchange', prepareJson: async (t: Transport) => ({ code: microsoft(t).code }) },
    refreshMicrosoftToken: { method: 'POST', path: '/auth/microsoft/refresh', json: { refresh_token: 'not-a-refresh-token' } },
    signInWithWeb3: { method: 'POST', path: '/auth/web3', prepareJson: async (t: Transport) => (await t.mock.providers.stellarWallet(people.user.email)).signInBody() },
  } satisfies Partial<Record<OperationId, MatrixRequest>>
}

/**
 * The request each operation gets in the matrix: targets are Acme and its USER Jane (or deleted Tom).
 * The sign-in calls ignore the bearer token: login and register succeed for anyone, and a refresh or
 * logout with an unknown refresh token fails whatever token comes with it.
 */
const requests: Record<OperationId, MatrixRequest> = {
  getOrganization: { method: 'GET', path: `/organization/${ACME}` },
  updateOrganization: { method: 'PUT', path: `/organization/${ACME}`, json: { city: 'Boston' } },
  listOrganizationUsers: { method: 'GET', path: '/organization/users' },
  createOrganizationUser: { method: 'POST', path: '/organization/users', json: { email: 'matrix@example.com', password: 'Password123!', firstName: 'Mat', lastName: 'Rix' } },
  getOrganizationUser: { method: 'GET', path: `/organization/users/${people.user.id}` },
  updateOrganizationUser: { method: 'PUT', path: `/organization/users/${people.user.id}`, json: { name: 'Janet' } },
  deleteOrganizationUser: { method: 'DELETE', path: `/organization/users/${people.user.id}` },
  activateOrganizationUser: { method: 'POST', path: `/organization/users/${people.deleted.id}/activate` },
  getUserById: { method: 'GET', path: `/user/${people.user.id}` },
  getUserProfile: { method: 'GET', path: '/user/profile' },
  loginUser: { method: 'POST', path: '/user/login', json: { email: people.user.email, password: 'Password123!' } },
  refreshUserToken: { method: 'POST', path: '/user/refresh', json: { refreshToken: 'not-a-refresh-token' } },
  logoutUser: { method: 'POST', path: '/user/logout', json: { refresh_token: 'not-a-refresh-token' } },
  registerUser: { method: 'POST', path: '/user/register', json: { email: 'matrix@newco.example', password: 'Password123', firstName: 'Mat', lastName: 'Rix', companyName: 'NewCo', isBusiness: false } },
  listTokens: { method: 'GET', path: '/token' },
  revokeToken: { method: 'DELETE', path: '/token/{tokenId}', prepare: janesTokenId },
  preVerifyEmail: { method: 'POST', path: '/user/pre-verify-email', json: { token: 'not-an-email-token' } },
  verifyEmail: { method: 'POST', path: '/user/verify-email', json: { token: 'not-an-email-token', password: 'Password123' } },
  resendVerificationEmail: { method: 'POST', path: '/user/resend-verification/not-a-verification' },
  activateUser: { method: 'POST', path: '/user/activate', json: { uid: people.user.id, token: 'not-an-email-token', registrationInfo: { email: people.user.email, password: 'Password123', firstName: 'Jane', lastName: 'Smith', companyName: 'Acme', isBusiness: true } } },
  requestPasswordReset: { method: 'POST', path: '/user/request-reset-password', json: { email: people.user.email } },
  resetPassword: { method: 'POST', path: '/user/reset-password', json: { token: 'not-an-email-token', newPassword: 'Password456' } },
  ...accountRequests(),
  ...sessionRequests(),
  ...mfaRequests(),
  ...providerRequests(),
}

const columns: OperationId[] = [
  'getOrganization', 'updateOrganization', 'listOrganizationUsers', 'createOrganizationUser', 'getOrganizationUser',
  'updateOrganizationUser', 'deleteOrganizationUser', 'activateOrganizationUser', 'getUserById', 'getUserProfile',
  'loginUser', 'refreshUserToken', 'logoutUser', 'registerUser', 'listTokens', 'revokeToken',
  'preVerifyEmail', 'verifyEmail', 'resendVerificationEmail', 'activateUser', 'requestPasswordReset', 'resetPassword',
]

// Columns in the order above. "other organization" is Globex's OWNER: Acme's organization and users
// are refused, while the list and create act on Globex itself. Only Jane (USER) may revoke her own
// refresh token: anyone else is told it does not exist (404). The e-mail calls are public and ignore the bearer
// token: an unknown token is a 400 (an unknown verification a 404) for everyone, and a reset is asked for anyone.
const expected: Record<Caller, number[]> = {
  USER:                 [200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401, 401, 201, 200, 200, 400, 400, 404, 400, 200, 400],
  BILLING:              [200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
  WORKSPACES:           [200, 403, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
  ADMINISTRATORS:       [200, 200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
  OWNER:                [200, 200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
  'no token':           [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401, 400, 400, 404, 400, 200, 400],
  'bad token':          [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401, 400, 400, 404, 400, 200, 400],
  'deleted user':       [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401, 400, 400, 404, 400, 200, 400],
  'no organization':    [403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
  'other organization': [403, 403, 200, 201, 403, 403, 403, 403, 403, 200, 200, 401, 401, 201, 200, 404, 400, 400, 404, 400, 200, 400],
}

// The account operations, in the order below; Jane (USER) is the target, given BILLING by the role change.
// Only Acme has a subscription: Globex's OWNER and a user without organization have no quota (404).
// Jane (USER) may rename herself; renaming another user needs WORKSPACES.
// Organization keys: ADMINISTRATORS or OWNER of Acme only. Anyone may deactivate themselves but the last active
// OWNER of an organization (Olivia of Acme, Hannah of Globex).
// MFA enforcement needs ADMINISTRATORS; without an organization it is the docs' 400. Anyone reads their MFA status.
// Settings: every user has its own; the organization's are read by any member and written from ADMINISTRATORS
// on; without an organization there are none (404). Globex's OWNER writes Globex's.
const accountColumns: OperationId[] = [
  'updateUserRole', 'getUserQuota', 'updateUser', 'resendOrganizationUserInvitation',
  'getUserSettings', 'replaceUserSettings', 'updateUserSettings', 'deleteUserSettingsKeys',
  'getOrganizationSettings', 'replaceOrganizationSettings', 'updateOrganizationSettings', 'deleteOrganizationSettingsKeys',
  'enforceOrganizationMfa', 'getMfaStatus',
  'listOrganizationKeys', 'generateOrganizationKey', 'deleteOrganizationKeys', 'deleteOrganizationKey',
  'deactivateUser',
]
const accountExpected: Record<Caller, number[]> = {
  USER:                 [403, 200, 200, 403, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200],
  BILLING:              [403, 200, 403, 403, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200],
  WORKSPACES:           [200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200],
  ADMINISTRATORS:       [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200],
  OWNER:                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 400],
  'no token':           [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'bad token':          [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'deleted user':       [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'no organization':    [403, 404, 403, 403, 200, 200, 200, 200, 404, 404, 404, 404, 400, 200, 403, 403, 403, 403, 200],
  'other organization': [403, 404, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 400],
}

// The session and device operations, in the order below: every signed-in user has its own, and only Jane (USER)
// signed in from the laptop the requests name; anyone else is told her session or device does not exist (404).
const sessionColumns: OperationId[] = [
  'listSessions', 'revokeSession', 'revokeAllSessions', 'updateSessionHeartbeat', 'updateDeviceHeartbeat',
  'listDevices', 'getDeviceDetails', 'trustDevice', 'untrustDevice', 'removeDevice',
]
const someoneElse = [200, 404, 200, 404, 404, 200, 404, 404, 404, 404]
const signedOut = [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]
const sessionExpected: Record<Caller, number[]> = {
  USER:                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  BILLING:              someoneElse,
  WORKSPACES:           someoneElse,
  ADMINISTRATORS:       someoneElse,
  OWNER:                someoneElse,
  'no token':           signedOut,
  'bad token':          signedOut,
  'deleted user':       signedOut,
  'no organization':    someoneElse,
  'other organization': someoneElse,
}

// The MFA calls: each caller acts on their own MFA, which none has set up (400), but any authenticated user may
// start a setup. Resetting another's MFA (Jane's) needs ADMINISTRATORS or OWNER (the docs' 403), and Jane may
// reset her own; Globex's OWNER does not find her (404). A magic link's activation needs no token (its own is the
// credential): an unknown one is a 400 for anyone. Nobody has a passkey: no sign-in options, no registration under way.
const mfaColumns: OperationId[] = [
  'getMfaMethods', 'setupMfa', 'verifyMfaSetup', 'enableMfa', 'disableMfa', 'setPrimaryMfa', 'resetMfa', 'sendMagicLink', 'activateMagicLink',
  'getPasskeyAuthOptions', 'completePasskeyRegistration', 'verifyMfaLogin',
]
const mfaExpected: Record<Caller, number[]> = {
  USER:                 [200, 200, 400, 400, 400, 400, 200, 400, 400, 400, 400, 400],
  BILLING:              [200, 200, 400, 400, 400, 400, 403, 400, 400, 400, 400, 400],
  WORKSPACES:           [200, 200, 400, 400, 400, 400, 403, 400, 400, 400, 400, 400],
  ADMINISTRATORS:       [200, 200, 400, 400, 400, 400, 200, 400, 400, 400, 400, 400],
  OWNER:                [200, 200, 400, 400, 400, 400, 200, 400, 400, 400, 400, 400],
  'no token':           [401, 401, 401, 401, 401, 401, 401, 401, 400, 401, 401, 401],
  'bad token':          [401, 401, 401, 401, 401, 401, 401, 401, 400, 401, 401, 401],
  'deleted user':       [401, 401, 401, 401, 401, 401, 401, 401, 400, 401, 401, 401],
  'no organization':    [200, 200, 400, 400, 400, 400, 403, 400, 400, 400, 400, 400],
  'other organization': [200, 200, 400, 400, 400, 400, 404, 400, 400, 400, 400, 400],
}

// The provider sign-ins ignore the bearer token (the official client sends the provider's credential in it):
// the provider's grant signs Jane in whoever calls, and an unknown provider refresh token is a 401 for anyone.
const providerColumns: OperationId[] = [
  'signInWithGoogle', 'exchangeGoogleCode', 'refreshGoogleToken', 'signInWithGithub', 'refreshGithubToken',
  'signInWithMicrosoft', 'exchangeMicrosoftCode', 'refreshMicrosoftToken', 'signInWithWeb3',
]
const anyCaller = [200, 200, 401, 200, 401, 200, 200, 401, 200]
const providerExpected: Record<Caller, number[]> = {
  USER: anyCaller,
  BILLING: anyCaller,
  WORKSPACES: anyCaller,
  ADMINISTRATORS: anyCaller,
  OWNER: anyCaller,
  'no token': anyCaller,
  'bad token': anyCaller,
  'deleted user': anyCaller,
  'no organization': anyCaller,
  'other organization': anyCaller,
}

it('covers every operation of the document', () => {
  expect([...columns, ...accountColumns, ...sessionColumns, ...mfaColumns, ...providerColumns].sort()).toEqual(Object.keys(requests).sort())
  expect([...providerColumns].sort()).toEqual(Object.keys(providerRequests()).sort())
  expect([...accountColumns].sort()).toEqual(Object.keys(accountRequests()).sort())
  expect([...sessionColumns].sort()).toEqual(Object.keys(sessionRequests()).sort())
  expect([...mfaColumns].sort()).toEqual(Object.keys(mfaRequests()).sort())
})

describe.each(transports)('authorization matrix through $name', ({ use }) => {
  const transport = use()
  beforeEach(() => transport.mock.reset())

  const cells = [
    ...Object.entries(expected).flatMap(([caller, statuses]) =>
      columns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
    ),
    ...Object.entries(accountExpected).flatMap(([caller, statuses]) =>
      accountColumns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
    ),
    ...Object.entries(sessionExpected).flatMap(([caller, statuses]) =>
      sessionColumns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
    ),
    ...Object.entries(mfaExpected).flatMap(([caller, statuses]) =>
      mfaColumns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
    ),
    ...Object.entries(providerExpected).flatMap(([caller, statuses]) =>
      providerColumns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
    ),
  ]
  it.each(cells)('$caller calling $operation gets $status', async ({ caller, operation, status }) => {
    const { method, path, prepare, prepareJson } = requests[operation]
    const target = prepare ? await prepare(transport) : path
    const json = prepareJson ? await prepareJson(transport) : requests[operation].json
    const before = snapshot(transport.mock)
    const response = await transport.request(method, target, { as: callers[caller], json })
    expect(response.status).toBe(status)
    await expectDocumented(operation, status, response.body)
    if (status >= 400) expect(snapshot(transport.mock)).toBe(before)
  })
})
