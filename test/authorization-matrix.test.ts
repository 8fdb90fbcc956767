import { beforeEach, describe, expect, it } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { expectDocumented } from './support/document.js'
import { transports, type RequestOptions } from './support/transports.js'
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

/** The request each operation gets in the matrix: targets are Acme and its USER Jane (or deleted Tom). */
const requests: Record<OperationId, { method: string; path: string; json?: unknown }> = {
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
}

const columns: OperationId[] = [
  'getOrganization', 'updateOrganization', 'listOrganizationUsers', 'createOrganizationUser', 'getOrganizationUser',
  'updateOrganizationUser', 'deleteOrganizationUser', 'activateOrganizationUser', 'getUserById', 'getUserProfile',
]

// Columns in the order above. "other organization" is Globex's OWNER: Acme's organization and users
// are refused, while the list and create act on Globex itself.
const expected: Record<Caller, number[]> = {
  USER:                 [200, 403, 403, 403, 403, 403, 403, 403, 200, 200],
  BILLING:              [200, 403, 403, 403, 403, 403, 403, 403, 200, 200],
  WORKSPACES:           [200, 403, 200, 201, 200, 200, 200, 200, 200, 200],
  ADMINISTRATORS:       [200, 200, 200, 201, 200, 200, 200, 200, 200, 200],
  OWNER:                [200, 200, 200, 201, 200, 200, 200, 200, 200, 200],
  'no token':           [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'bad token':          [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'deleted user':       [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'no organization':    [403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
  'other organization': [403, 403, 200, 201, 403, 403, 403, 403, 403, 200],
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
    const before = snapshot(transport.mock)
    const { method, path, json } = requests[operation]
    const response = await transport.request(method, path, { as: callers[caller], json })
    expect(response.status).toBe(status)
    expectDocumented(operation, status, response.body)
    if (status >= 400) expect(snapshot(transport.mock)).toBe(before)
  })
})
