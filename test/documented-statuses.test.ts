import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { declaredStatuses, documentedExample, expectDocumented } from './support/document.js'
import { transports, type RequestOptions, type Transport } from './support/transports.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { ACME, UNKNOWN_ID, people } from './support/world.js'

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

/** One request per documented status of every operation, with the exact body where the docs give one. */
const scenarios: Record<OperationId, Record<number, Scenario>> = {
  getOrganization: {
    200: { method: 'GET', path: `/organization/${ACME}`, as: 'user', body: doc('getOrganization', 200) },
    400: { method: 'GET', path: `/organization/${longId}`, as: 'user', body: () => ({ success: false, data: null, message: tooLongId('orgId') }) },
    401: { method: 'GET', path: `/organization/${ACME}`, ...unauthorized },
    403: { method: 'GET', path: `/organization/${ACME}`, as: 'globexOwner', body: doc('getOrganization', 403) },
    404: { method: 'GET', path: `/organization/${UNKNOWN_ID}`, as: 'user', body: doc('getOrganization', 404) },
    500: { method: 'GET', path: `/organization/${ACME}`, as: 'user', arrange: failingStore, body: doc('getOrganization', 500) },
  },
  updateOrganization: {
    200: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { name: 'Updated Organization Name', address1: '456 New Business Ave', city: 'Los Angeles', state: 'CA', mfaEnforced: true }, body: doc('updateOrganization', 200) },
    400: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { domain: 'evil.com', reposDisabled: true }, body: doc('updateOrganization', 400) },
    401: { method: 'PUT', path: `/organization/${ACME}`, json: { name: 'X' }, ...unauthorized },
    403: { method: 'PUT', path: `/organization/${ACME}`, as: 'workspaces', json: { name: 'X' }, body: doc('updateOrganization', 403) },
    404: { method: 'PUT', path: `/organization/${UNKNOWN_ID}`, as: 'owner', json: { name: 'X' }, body: doc('updateOrganization', 404) },
    413: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: huge },
    500: { method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { name: 'X' }, arrange: failingStore, body: doc('updateOrganization', 500) },
  },
  listOrganizationUsers: {
    200: { method: 'GET', path: '/organization/users', as: 'workspaces' },
    401: { method: 'GET', path: '/organization/users', ...unauthorized },
    403: { method: 'GET', path: '/organization/users', as: 'billing', body: doc('listOrganizationUsers', 403) },
    500: { method: 'GET', path: '/organization/users', as: 'workspaces', arrange: failingStore, body: doc('listOrganizationUsers', 500) },
  },
  createOrganizationUser: {
    201: { method: 'POST', path: '/organization/users', as: 'workspaces', json: { email: 'new.user@acme.com', password: 'SecurePassword123!', firstName: 'New', lastName: 'User', orgRole: 0, sendInvite: true } },
    400: { method: 'POST', path: '/organization/users', as: 'workspaces', json: { email: 'new.user@acme.com', firstName: 'New', lastName: 'User' }, body: () => ({ success: false, message: 'Invalid request body: password is required' }) },
    401: { method: 'POST', path: '/organization/users', json: {}, ...unauthorized },
    403: { method: 'POST', path: '/organization/users', as: 'user', json: { email: 'n@acme.com', password: 'SecurePassword123!', firstName: 'N', lastName: 'U' }, body: () => ({ success: false, message: 'Insufficient permissions to create users' }) },
    409: { method: 'POST', path: '/organization/users', as: 'workspaces', json: { email: 'JOHN.DOE@acme.com', password: 'SecurePassword123!', firstName: 'J', lastName: 'D' }, body: () => ({ success: false, message: 'A user with this email already exists' }) },
    413: { method: 'POST', path: '/organization/users', as: 'workspaces', json: huge },
    500: { method: 'POST', path: '/organization/users', as: 'workspaces', json: {}, arrange: failingStore, body: () => ({ success: false, message: 'Internal server error' }) },
  },
  getOrganizationUser: {
    200: { method: 'GET', path: john, as: 'owner', body: doc('getOrganizationUser', 200) },
    400: { method: 'GET', path: `/organization/users/${longId}`, as: 'owner', body: () => ({ success: false, message: tooLongId('userId') }) },
    401: { method: 'GET', path: john, ...unauthorized },
    403: { method: 'GET', path: john, as: 'user', body: doc('getOrganizationUser', 403) },
    404: { method: 'GET', path: `/organization/users/${UNKNOWN_ID}`, as: 'owner', body: doc('getOrganizationUser', 404) },
    500: { method: 'GET', path: john, as: 'owner', arrange: failingStore, body: doc('getOrganizationUser', 500) },
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
    500: { method: 'DELETE', path: jane, as: 'owner', arrange: failingStore, body: doc('deleteOrganizationUser', 500) },
  },
  activateOrganizationUser: {
    200: { method: 'POST', path: `/organization/users/${people.deleted.id}/activate`, as: 'workspaces', body: doc('activateOrganizationUser', 200) },
    400: { method: 'POST', path: `${jane}/activate`, as: 'workspaces', body: doc('activateOrganizationUser', 400) },
    401: { method: 'POST', path: `${jane}/activate`, ...unauthorized },
    403: { method: 'POST', path: `/organization/users/${people.deleted.id}/activate`, as: 'user', body: doc('activateOrganizationUser', 403) },
    404: { method: 'POST', path: `/organization/users/${UNKNOWN_ID}/activate`, as: 'owner', body: doc('activateOrganizationUser', 404) },
    500: { method: 'POST', path: `${jane}/activate`, as: 'owner', arrange: failingStore, body: doc('activateOrganizationUser', 500) },
  },
  getUserById: {
    200: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'user', body: doc('getUserById', 200) },
    400: { method: 'GET', path: `/user/${longId}`, as: 'user', body: () => ({ success: false, message: tooLongId('userId') }) },
    401: { method: 'GET', path: `/user/${people.workspaces.id}`, ...unauthorized },
    403: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'noOrganization', body: doc('getUserById', 403) },
    404: { method: 'GET', path: `/user/${UNKNOWN_ID}`, as: 'user', body: doc('getUserById', 404) },
    500: { method: 'GET', path: `/user/${people.workspaces.id}`, as: 'user', arrange: failingStore, body: doc('getUserById', 500) },
  },
  getUserProfile: {
    // The docs' example shows mfaRequired false, but John's organization enforces MFA (see README).
    200: { method: 'GET', path: '/user/profile', as: 'workspaces', body: () => {
      const example = documentedExample('getUserProfile', 200)
      return { ...example, data: { ...example.data, mfaRequired: true, isBusiness: true } }
    } },
    401: { method: 'GET', path: '/user/profile', ...unauthorized },
    // The token stays known while John's record is removed behind the API's back.
    404: { method: 'GET', path: '/user/profile', as: 'workspaces', arrange: (t) => {
      t.mock.db.users.delete((q) => q.where({ id: people.workspaces.id }))
    }, body: doc('getUserProfile', 404) },
    500: { method: 'GET', path: '/user/profile', as: 'workspaces', arrange: failingStore, body: doc('getUserProfile', 500) },
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
    expectDocumented(id, status, response.body)
    if (scenario.body) expect(response.body).toEqual(scenario.body(transport))
  })
})
