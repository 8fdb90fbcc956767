import type { OrgRoleName } from '../access/roles.js'
import type { OperationId } from '../spec/document.js'

/** What a check can use: the server, tokens by role, and what earlier checks found. */
export interface CheckContext {
  baseUrl: string
  /** The token of the first role listed that has one. */
  token(...roles: OrgRoleName[]): string
  found: { orgId?: string; userId?: string; memberId?: string; createdId?: string; organizationName?: string }
  /** An e-mail address no earlier run used, for the user the write checks create. */
  email: string
  call(method: string, path: string, token: string | null, body?: unknown): Promise<Response>
}

export interface ContractCheck {
  name: string
  operationId: OperationId
  expected: number
  /** Any one of these roles is needed; none means any token (or none). */
  roles?: OrgRoleName[]
  /** Sends a request that changes state when the server behaves (or may, when it misbehaves). */
  writes?: boolean
  run(ctx: CheckContext): Promise<Response>
}

const ANY: OrgRoleName[] = ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATORS', 'OWNER']
const MANAGER: OrgRoleName[] = ['WORKSPACES', 'ADMINISTRATORS', 'OWNER']
const ADMIN: OrgRoleName[] = ['ADMINISTRATORS', 'OWNER']
const UNKNOWN = '00000000-0000-4000-8000-00000000c0de'
/** The Stellar account of the all-zero key: a valid address nobody can sign for. */
const ZERO_STELLAR_ACCOUNT = 'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF'

/** The scenario checks, in order: later ones use what earlier ones found. */
export const contractChecks: ContractCheck[] = [
  { name: 'profile of the caller', operationId: 'getUserProfile', expected: 200, roles: ANY, async run(c) {
    const response = await c.call('GET', '/user/profile', c.token(...ANY))
    const body = await response.clone().json().catch(() => ({}))
    c.found.orgId = body?.data?.orgId ?? undefined
    c.found.userId = body?.data?.id ?? undefined
    return response
  } },
  { name: 'profile without a token', operationId: 'getUserProfile', expected: 401, run: (c) => c.call('GET', '/user/profile', null) },
  { name: 'profile with a forged token', operationId: 'getUserProfile', expected: 401, run: (c) => c.call('GET', '/user/profile', 'forged.token.value') },
  { name: 'own organization', operationId: 'getOrganization', expected: 200, roles: ANY, async run(c) {
    const response = await c.call('GET', `/organization/${c.found.orgId}`, c.token(...ANY))
    c.found.organizationName = (await response.clone().json().catch(() => ({})))?.data?.name
    return response
  } },
  { name: 'unknown organization', operationId: 'getOrganization', expected: 404, roles: ANY, run: (c) => c.call('GET', `/organization/${UNKNOWN}`, c.token(...ANY)) },
  { name: 'organization without a token', operationId: 'getOrganization', expected: 401, run: (c) => c.call('GET', `/organization/${UNKNOWN}`, null) },
  { name: 'list users as a manager', operationId: 'listOrganizationUsers', expected: 200, roles: MANAGER, async run(c) {
    const response = await c.call('GET', '/organization/users', c.token(...MANAGER))
    const users: { id: string }[] = (await response.clone().json().catch(() => ({})))?.data ?? []
    c.found.memberId = users.find((u) => u.id !== c.found.userId)?.id ?? users[0]?.id
    return response
  } },
  { name: 'list users as USER', operationId: 'listOrganizationUsers', expected: 403, roles: ['USER'], run: (c) => c.call('GET', '/organization/users', c.token('USER')) },
  { name: 'list users as BILLING', operationId: 'listOrganizationUsers', expected: 403, roles: ['BILLING'], run: (c) => c.call('GET', '/organization/users', c.token('BILLING')) },
  { name: 'list users without a token', operationId: 'listOrganizationUsers', expected: 401, run: (c) => c.call('GET', '/organization/users', null) },
  { name: 'a member as a manager', operationId: 'getOrganizationUser', expected: 200, roles: MANAGER, run: (c) => c.call('GET', `/organization/users/${c.found.memberId}`, c.token(...MANAGER)) },
  { name: 'a member as USER', operationId: 'getOrganizationUser', expected: 403, roles: ['USER'], run: (c) => c.call('GET', `/organization/users/${c.found.memberId ?? UNKNOWN}`, c.token('USER')) },
  { name: 'an unknown member', operationId: 'getOrganizationUser', expected: 404, roles: MANAGER, run: (c) => c.call('GET', `/organization/users/${UNKNOWN}`, c.token(...MANAGER)) },
  { name: 'role of oneself by id', operationId: 'getUserById', expected: 200, roles: ANY, run: (c) => c.call('GET', `/user/${c.found.userId}`, c.token(...ANY)) },
  { name: 'role of an unknown user', operationId: 'getUserById', expected: 404, roles: ANY, run: (c) => c.call('GET', `/user/${UNKNOWN}`, c.token(...ANY)) },
  { name: 'update an unknown member', operationId: 'updateOrganizationUser', expected: 404, roles: MANAGER, run: (c) => c.call('PUT', `/organization/users/${UNKNOWN}`, c.token(...MANAGER), { name: 'Nobody' }) },
  { name: 'delete an unknown member', operationId: 'deleteOrganizationUser', expected: 404, roles: MANAGER, run: (c) => c.call('DELETE', `/organization/users/${UNKNOWN}`, c.token(...MANAGER)) },
  { name: 'activate an unknown member', operationId: 'activateOrganizationUser', expected: 404, roles: MANAGER, run: (c) => c.call('POST', `/organization/users/${UNKNOWN}/activate`, c.token(...MANAGER)) },
  { name: 'login with an unknown e-mail', operationId: 'loginUser', expected: 401, run: (c) => c.call('POST', '/user/login', null, { email: `nobody.${c.email}`, password: 'ContractCheck123!' }) },
  { name: 'login without a password', operationId: 'loginUser', expected: 400, run: (c) => c.call('POST', '/user/login', null, { email: `nobody.${c.email}` }) },
  { name: 'refresh with an unknown refresh token', operationId: 'refreshUserToken', expected: 401, run: (c) => c.call('POST', '/user/refresh', null, { refresh_token: 'not.a.refresh-token' }) },
  { name: 'logout with an unknown refresh token', operationId: 'logoutUser', expected: 401, run: (c) => c.call('POST', '/user/logout', null, { refresh_token: 'not.a.refresh-token' }) },
  { name: 'refresh tokens of the caller', operationId: 'listTokens', expected: 200, roles: ANY, run: (c) => c.call('GET', '/token', c.token(...ANY)) },
  { name: 'refresh tokens without a token', operationId: 'listTokens', expected: 401, run: (c) => c.call('GET', '/token', null) },
  { name: 'revoke an unknown refresh token', operationId: 'revokeToken', expected: 404, roles: ANY, run: (c) => c.call('DELETE', `/token/${UNKNOWN}`, c.token(...ANY)) },
  { name: 'create a user', operationId: 'createOrganizationUser', expected: 201, roles: MANAGER, writes: true, async run(c) {
    const response = await c.call('POST', '/organization/users', c.token(...MANAGER), { email: c.email, password: 'ContractCheck123!', firstName: 'Contract', lastName: 'Check', sendInvite: false })
    c.found.createdId = (await response.clone().json().catch(() => ({})))?.data?.id
    return response
  } },
  { name: 'create the same e-mail again', operationId: 'createOrganizationUser', expected: 400, roles: MANAGER, writes: true, run: (c) => c.call('POST', '/organization/users', c.token(...MANAGER), { email: c.email, password: 'ContractCheck123!', firstName: 'Contract', lastName: 'Check' }) },
  { name: 'create without a password', operationId: 'createOrganizationUser', expected: 400, roles: MANAGER, writes: true, run: (c) => c.call('POST', '/organization/users', c.token(...MANAGER), { email: `x.${c.email}`, firstName: 'No', lastName: 'Password' }) },
  { name: 'create as USER', operationId: 'createOrganizationUser', expected: 403, roles: ['USER'], writes: true, run: (c) => c.call('POST', '/organization/users', c.token('USER'), { email: `u.${c.email}`, password: 'ContractCheck123!', firstName: 'No', lastName: 'Right' }) },
  { name: 'rename the created user', operationId: 'updateOrganizationUser', expected: 200, roles: MANAGER, writes: true, run: (c) => c.call('PUT', `/organization/users/${c.found.createdId}`, c.token(...MANAGER), { name: 'Renamed' }) },
  { name: 'give it an undefined role', operationId: 'updateOrganizationUser', expected: 400, roles: MANAGER, writes: true, run: (c) => c.call('PUT', `/organization/users/${c.found.createdId}`, c.token(...MANAGER), { orgRole: 3 }) },
  { name: 'activate a user who is active', operationId: 'activateOrganizationUser', expected: 400, roles: MANAGER, writes: true, run: (c) => c.call('POST', `/organization/users/${c.found.createdId}/activate`, c.token(...MANAGER)) },
  { name: 'delete the created user', operationId: 'deleteOrganizationUser', expected: 200, roles: MANAGER, writes: true, run: (c) => c.call('DELETE', `/organization/users/${c.found.createdId}`, c.token(...MANAGER)) },
  { name: 'activate it again', operationId: 'activateOrganizationUser', expected: 200, roles: MANAGER, writes: true, run: (c) => c.call('POST', `/organization/users/${c.found.createdId}/activate`, c.token(...MANAGER)) },
  { name: 'delete it for good', operationId: 'deleteOrganizationUser', expected: 200, roles: MANAGER, writes: true, run: (c) => c.call('DELETE', `/organization/users/${c.found.createdId}`, c.token(...MANAGER)) },
  { name: 'delete oneself', operationId: 'deleteOrganizationUser', expected: 400, roles: MANAGER, writes: true, async run(c) {
    const token = c.token(...MANAGER)
    const self = (await (await c.call('GET', '/user/profile', token)).json().catch(() => ({})))?.data?.id
    return c.call('DELETE', `/organization/users/${self}`, token)
  } },
  { name: 'update the organization as USER', operationId: 'updateOrganization', expected: 403, roles: ['USER'], writes: true, run: (c) => c.call('PUT', `/organization/${c.found.orgId}`, c.token('USER'), { name: c.found.organizationName }) },
  { name: 'update the organization with nothing updatable', operationId: 'updateOrganization', expected: 400, roles: ADMIN, writes: true, run: (c) => c.call('PUT', `/organization/${c.found.orgId}`, c.token(...ADMIN), { domain: 'ignored.example' }) },
  { name: 'update the organization (same name)', operationId: 'updateOrganization', expected: 200, roles: ADMIN, writes: true, run: (c) => c.call('PUT', `/organization/${c.found.orgId}`, c.token(...ADMIN), { name: c.found.organizationName }) },
  { name: 'sessions of the caller', operationId: 'listSessions', expected: 200, roles: ANY, run: (c) => c.call('GET', '/sessions', c.token(...ANY)) },
  { name: 'sessions without a token', operationId: 'listSessions', expected: 401, run: (c) => c.call('GET', '/sessions', null) },
  { name: 'revoke an unknown session', operationId: 'revokeSession', expected: 404, roles: ANY, run: (c) => c.call('POST', `/sessions/${UNKNOWN}/revoke`, c.token(...ANY)) },
  { name: 'heartbeat of an unknown session', operationId: 'updateSessionHeartbeat', expected: 404, roles: ANY, run: (c) => c.call('POST', `/sessions/${UNKNOWN}/heartbeat`, c.token(...ANY)) },
  { name: 'heartbeat of an unknown device', operationId: 'updateDeviceHeartbeat', expected: 404, roles: ANY, run: (c) => c.call('POST', `/devices/${UNKNOWN}/heartbeat`, c.token(...ANY)) },
  { name: 'devices of the caller', operationId: 'listDevices', expected: 200, roles: ANY, run: (c) => c.call('GET', '/devices', c.token(...ANY)) },
  { name: 'an unknown device', operationId: 'getDeviceDetails', expected: 404, roles: ANY, run: (c) => c.call('GET', `/devices/${UNKNOWN}`, c.token(...ANY)) },
  { name: 'trust an unknown fingerprint', operationId: 'trustDevice', expected: 404, roles: ANY, run: (c) => c.call('POST', '/devices/trust', c.token(...ANY), { fingerprint: UNKNOWN }) },
  { name: 'trust without a fingerprint', operationId: 'trustDevice', expected: 400, roles: ANY, run: (c) => c.call('POST', '/devices/trust', c.token(...ANY), {}) },
  { name: 'untrust an unknown device', operationId: 'untrustDevice', expected: 404, roles: ANY, run: (c) => c.call('POST', `/devices/${UNKNOWN}/untrust`, c.token(...ANY)) },
  { name: 'remove an unknown device', operationId: 'removeDevice', expected: 404, roles: ANY, run: (c) => c.call('DELETE', `/devices/${UNKNOWN}`, c.token(...ANY)) },
  { name: 'check an unknown e-mail token', operationId: 'preVerifyEmail', expected: 400, run: (c) => c.call('POST', '/user/pre-verify-email', null, { token: UNKNOWN }) },
  { name: 'verify with an unknown token', operationId: 'verifyEmail', expected: 400, run: (c) => c.call('POST', '/user/verify-email', null, { token: UNKNOWN }) },
  { name: 'resend an unknown verification', operationId: 'resendVerificationEmail', expected: 404, run: (c) => c.call('POST', `/user/resend-verification/${UNKNOWN}`, null) },
  { name: 'accept an invitation with an unknown token', operationId: 'activateUser', expected: 400, run: (c) => c.call('POST', '/user/activate', null, { uid: UNKNOWN, token: UNKNOWN, registrationInfo: { email: `nobody.${c.email}`, password: 'ContractCheck123!', firstName: 'No', lastName: 'Body', companyName: 'Nobody', isBusiness: false } }) },
  { name: 'ask a password reset for an unknown e-mail', operationId: 'requestPasswordReset', expected: 200, run: (c) => c.call('POST', '/user/request-reset-password', null, { email: `nobody.${c.email}` }) },
  { name: 'ask a password reset without an e-mail', operationId: 'requestPasswordReset', expected: 400, run: (c) => c.call('POST', '/user/request-reset-password', null, {}) },
  { name: 'reset a password with an unknown token', operationId: 'resetPassword', expected: 400, run: (c) => c.call('POST', '/user/reset-password', null, { token: UNKNOWN, newPassword: 'ContractCheck123!' }) },
  { name: 'MFA methods on offer', operationId: 'getMfaMethods', expected: 200, roles: ANY, run: (c) => c.call('GET', '/mfa/methods', c.token(...ANY)) },
  { name: 'MFA methods without a token', operationId: 'getMfaMethods', expected: 401, run: (c) => c.call('GET', '/mfa/methods', null) },
  { name: 'activate an unknown magic link', operationId: 'activateMagicLink', expected: 400, run: (c) => c.call('POST', '/mfa/magic-link/activate', null, { token: UNKNOWN }) },
  { name: 'passkey sign-in options without a token', operationId: 'getPasskeyAuthOptions', expected: 401, run: (c) => c.call('POST', '/mfa/passkey/auth-options', null) },
  { name: 'passkey registration without a token', operationId: 'completePasskeyRegistration', expected: 401, run: (c) => c.call('POST', '/mfa/passkey/complete-registration', null, { credential: {}, challenge: 'x' }) },
  { name: 'finish a sign-in without a token', operationId: 'verifyMfaLogin', expected: 401, run: (c) => c.call('POST', '/mfa/verify-login', null, { mfaType: 'GOOGLE_AUTH', code: '000000' }) },
  { name: 'sign in with an unknown Google token', operationId: 'signInWithGoogle', expected: 401, run: (c) => c.call('POST', '/auth/google', null, { token: UNKNOWN }) },
  { name: 'sign in with Google without a token', operationId: 'signInWithGoogle', expected: 400, run: (c) => c.call('POST', '/auth/google', null, {}) },
  { name: 'exchange an unknown Google code', operationId: 'exchangeGoogleCode', expected: 401, run: (c) => c.call('POST', '/auth/google/exchange', null, { code: UNKNOWN }) },
  { name: 'refresh an unknown Google token', operationId: 'refreshGoogleToken', expected: 401, run: (c) => c.call('POST', '/auth/google/refresh', null, { refresh_token: UNKNOWN }) },
  { name: 'sign in with an unknown GitHub code', operationId: 'signInWithGithub', expected: 401, run: (c) => c.call('POST', '/auth/github', null, { code: UNKNOWN }) },
  { name: 'refresh an unknown GitHub token', operationId: 'refreshGithubToken', expected: 401, run: (c) => c.call('POST', '/auth/github/refresh', null, { refresh_token: UNKNOWN }) },
  { name: 'sign in with an unknown Microsoft token', operationId: 'signInWithMicrosoft', expected: 401, run: (c) => c.call('POST', '/auth/microsoft', null, { token: UNKNOWN }) },
  { name: 'exchange an unknown Microsoft code', operationId: 'exchangeMicrosoftCode', expected: 401, run: (c) => c.call('POST', '/auth/microsoft/exchange', null, { code: UNKNOWN }) },
  { name: 'refresh an unknown Microsoft token', operationId: 'refreshMicrosoftToken', expected: 401, run: (c) => c.call('POST', '/auth/microsoft/refresh', null, { refresh_token: UNKNOWN }) },
  { name: 'sign in with a Stellar signature that is not one', operationId: 'signInWithWeb3', expected: 401, run: (c) => c.call('POST', '/auth/web3', null, { address: ZERO_STELLAR_ACCOUNT, network: 'TESTNET', signature: 'AAAA', nonce: `contract-${UNKNOWN}` }) },
  { name: 'sign in with something that is not a Stellar address', operationId: 'signInWithWeb3', expected: 400, run: (c) => c.call('POST', '/auth/web3', null, { address: UNKNOWN, network: 'TESTNET', signature: 'AAAA', nonce: `contract-${UNKNOWN}` }) },
]

const ACCOUNT = { notChecked: 'an account operation beyond the API reference: the mock\'s own suites check it against every documented status' }
const CHANGES_ACCOUNTS = { notChecked: 'it would change accounts or settings on the server under test in ways the suite cannot undo' }

/**
 * What the suite checks of each operation of the document: `checks` when `contractChecks` has some, or why it
 * has none. A `Record` over every operationId, so a new operation fails `tsc` until it is named here, and
 * `test/contract-suite.test.ts` holds the two lists to each other.
 */
export const contractCoverage: Record<OperationId, 'checks' | { notChecked: string }> = {
  getUserProfile: 'checks',
  getOrganization: 'checks',
  updateOrganization: 'checks',
  listOrganizationUsers: 'checks',
  createOrganizationUser: 'checks',
  getOrganizationUser: 'checks',
  updateOrganizationUser: 'checks',
  deleteOrganizationUser: 'checks',
  activateOrganizationUser: 'checks',
  getUserById: 'checks',
  loginUser: 'checks',
  refreshUserToken: 'checks',
  logoutUser: 'checks',
  listTokens: 'checks',
  revokeToken: 'checks',
  registerUser: { notChecked: 'it creates an account and an organization on the server under test that no call can remove' },
  getUserQuota: ACCOUNT,
  getUserSettings: ACCOUNT,
  updateUserSettings: CHANGES_ACCOUNTS,
  replaceUserSettings: CHANGES_ACCOUNTS,
  deleteUserSettingsKeys: CHANGES_ACCOUNTS,
  getOrganizationSettings: ACCOUNT,
  updateOrganizationSettings: CHANGES_ACCOUNTS,
  replaceOrganizationSettings: CHANGES_ACCOUNTS,
  deleteOrganizationSettingsKeys: CHANGES_ACCOUNTS,
  getMfaStatus: ACCOUNT,
  deactivateUser: CHANGES_ACCOUNTS,
  enforceOrganizationMfa: CHANGES_ACCOUNTS,
  resendOrganizationUserInvitation: { notChecked: 'it sends an e-mail from the server under test' },
  updateUser: CHANGES_ACCOUNTS,
  updateUserRole: CHANGES_ACCOUNTS,
  listOrganizationKeys: ACCOUNT,
  generateOrganizationKey: CHANGES_ACCOUNTS,
  deleteOrganizationKeys: CHANGES_ACCOUNTS,
  deleteOrganizationKey: CHANGES_ACCOUNTS,
  preVerifyEmail: 'checks',
  verifyEmail: 'checks',
  resendVerificationEmail: 'checks',
  activateUser: 'checks',
  requestPasswordReset: 'checks',
  resetPassword: 'checks',
  listSessions: 'checks',
  revokeSession: 'checks',
  revokeAllSessions: { notChecked: "it would sign the suite's own user out everywhere on the server under test" },
  updateSessionHeartbeat: 'checks',
  updateDeviceHeartbeat: 'checks',
  listDevices: 'checks',
  getDeviceDetails: 'checks',
  trustDevice: 'checks',
  untrustDevice: 'checks',
  removeDevice: 'checks',
  getMfaMethods: 'checks',
  setupMfa: CHANGES_ACCOUNTS,
  verifyMfaSetup: { notChecked: 'a wrong code counts toward the lockout of the account on the server under test' },
  enableMfa: CHANGES_ACCOUNTS,
  disableMfa: CHANGES_ACCOUNTS,
  setPrimaryMfa: CHANGES_ACCOUNTS,
  resetMfa: CHANGES_ACCOUNTS,
  sendMagicLink: { notChecked: 'it sends an e-mail from the server under test' },
  activateMagicLink: 'checks',
  getPasskeyAuthOptions: 'checks',
  completePasskeyRegistration: 'checks',
  verifyMfaLogin: 'checks',
  signInWithGoogle: 'checks',
  exchangeGoogleCode: 'checks',
  refreshGoogleToken: 'checks',
  signInWithGithub: 'checks',
  refreshGithubToken: 'checks',
  signInWithMicrosoft: 'checks',
  exchangeMicrosoftCode: 'checks',
  refreshMicrosoftToken: 'checks',
  signInWithWeb3: 'checks',
}
