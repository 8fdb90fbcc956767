import { beforeEach, describe, expect, it } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { expectDocumented } from './support/document.js'
import { transports, type RequestOptions, type Transport } from './support/transports.js'
import { ACME, people, snapshot } from './support/world.js'

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
}

/** Jane signs in (a USER of Acme): the session whose refresh token the revoke column targets. */
async function janesTokenId(transport: Transport): Promise<string> {
  const response = await transport.request('POST', '/user/login', { json: { email: people.user.email, password: 'Password123!' } })
  return `/token/${response.body.tokenId}`
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
}

const columns: OperationId[] = [
  'getOrganization', 'updateOrganization', 'listOrganizationUsers', 'createOrganizationUser', 'getOrganizationUser',
  'updateOrganizationUser', 'deleteOrganizationUser', 'activateOrganizationUser', 'getUserById', 'getUserProfile',
  'loginUser', 'refreshUserToken', 'logoutUser', 'registerUser', 'listTokens', 'revokeToken',
]

// Columns in the order above. "other organization" is Globex's OWNER: Acme's organization and users
// are refused, while the list and create act on Globex itself. Only Jane (USER) may revoke her own
// refresh token: anyone else is told it does not exist (404).
const expected: Record<Caller, number[]> = {
  USER:                 [200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401, 401, 201, 200, 200],
  BILLING:              [200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401, 401, 201, 200, 404],
  WORKSPACES:           [200, 403, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404],
  ADMINISTRATORS:       [200, 200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404],
  OWNER:                [200, 200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 401, 401, 201, 200, 404],
  'no token':           [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401],
  'bad token':          [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401],
  'deleted user':       [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 401, 401, 201, 401, 401],
  'no organization':    [403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401, 201, 200, 404],
  'other organization': [403, 403, 200, 201, 403, 403, 403, 403, 403, 200, 200, 401, 401, 201, 200, 404],
}

it('covers every operation of the document', () => {
  expect([...columns].sort()).toEqual(Object.keys(requests).sort())
})

describe.each(transports)('authorization matrix through $name', ({ use }) => {
  const transport = use()
  beforeEach(() => transport.mock.reset())

  const cells = Object.entries(expected).flatMap(([caller, statuses]) =>
    columns.map((operation, i) => ({ caller: caller as Caller, operation, status: statuses[i]! })),
  )
  it.each(cells)('$caller calling $operation gets $status', async ({ caller, operation, status }) => {
    const { method, path, json, prepare } = requests[operation]
    const target = prepare ? await prepare(transport) : path
    const before = snapshot(transport.mock)
    const response = await transport.request(method, target, { as: callers[caller], json })
    expect(response.status).toBe(status)
    expectDocumented(operation, status, response.body)
    if (status >= 400) expect(snapshot(transport.mock)).toBe(before)
  })
})
