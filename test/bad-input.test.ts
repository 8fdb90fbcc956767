import { beforeEach, describe, expect, it } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { expectDocumented } from './support/document.js'
import { transports, type RequestOptions } from './support/transports.js'
import { ACME, people, snapshot } from './support/world.js'

/** The operations that take a body, called by someone allowed to, with the endpoint's error shape. */
const bodyOperations: { id: OperationId; method: string; path: string; shape: object }[] = [
  { id: 'updateOrganization', method: 'PUT', path: `/organization/${ACME}`, shape: { success: false, data: null } },
  { id: 'createOrganizationUser', method: 'POST', path: '/organization/users', shape: { success: false } },
  { id: 'updateOrganizationUser', method: 'PUT', path: `/organization/users/${people.user.id}`, shape: { success: false, data: {} } },
]

const badBodies: { what: string; request: RequestOptions; message: RegExp }[] = [
  { what: 'malformed JSON', request: { text: '{"name": ' }, message: /malformed JSON/ },
  { what: 'JSON with a trailing comma', request: { text: '{"name": "x",}' }, message: /malformed JSON/ },
  { what: 'null', request: { text: 'null' }, message: /expected a JSON object/ },
  { what: 'an array', request: { json: [{ name: 'x' }] }, message: /expected a JSON object/ },
  { what: 'a number', request: { json: 42 }, message: /expected a JSON object/ },
  { what: 'a string', request: { json: 'name' }, message: /expected a JSON object/ },
  { what: 'an empty body', request: { text: '', headers: { 'Content-Type': 'application/json' } }, message: /JSON object is required/ },
  { what: 'a text/plain body', request: { text: '{"name":"x"}', headers: { 'Content-Type': 'text/plain' } }, message: /Content-Type must be application\/json/ },
  { what: 'a number for a name', request: { json: { name: 42, firstName: 42 } }, message: /must be string|is required/ },
  { what: 'a __proto__ key', request: { text: '{"__proto__": {"orgRole": 255}, "constructor": {"prototype": {"x": 1}}}' }, message: /No valid fields|is required/ },
]

describe.each(transports)('bad input through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  const cases = bodyOperations.flatMap((operation) => badBodies.map((bad) => ({ ...bad, operation })))
  it.each(cases)('$operation.id answers 400 naming the problem given $what, and changes nothing', async ({ operation, request, message }) => {
    const before = snapshot(t.mock)
    const response = await t.request(operation.method, operation.path, { as: 'owner', ...request })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(operation.shape)
    expect(response.body.message).toMatch(message)
    await expectDocumented(operation.id, 400, response.body)
    expect(snapshot(t.mock)).toBe(before)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it.each([
    ['a missing e-mail', { password: 'Password123!', firstName: 'A', lastName: 'B' }, 'Invalid request body: email is required'],
    ['a malformed e-mail', { email: 'not-an-email', password: 'Password123!', firstName: 'A', lastName: 'B' }, 'Invalid request body: email must be a valid email'],
    ['a weak password', { email: 'a@acme.com', password: 'short', firstName: 'A', lastName: 'B' }, 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'],
    ['a password without a digit', { email: 'a@acme.com', password: 'alllowercase', firstName: 'A', lastName: 'B' }, 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'],
    ['an empty last name', { email: 'a@acme.com', password: 'Password123!', firstName: 'A', lastName: '' }, 'Invalid request body: lastName must NOT have fewer than 1 characters'],
    ['a huge first name', { email: 'a@acme.com', password: 'Password123!', firstName: 'A'.repeat(10_000), lastName: 'B' }, 'Invalid request body: firstName must NOT have more than 100 characters'],
    ['a string sendInvite', { email: 'a@acme.com', password: 'Password123!', firstName: 'A', lastName: 'B', sendInvite: 'yes' }, 'Invalid request body: sendInvite must be boolean'],
    ['an undefined role', { email: 'a@acme.com', password: 'Password123!', firstName: 'A', lastName: 'B', orgRole: 7 }, 'Invalid role combination'],
  ])('createOrganizationUser answers 400 given %s', async (_, json, message) => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', '/organization/users', { as: 'owner', json })
    expect(response).toMatchObject({ status: 400, body: { success: false, message } })
    expect(snapshot(t.mock)).toBe(before)
  })

  it.each([
    ['an unknown id', `/organization/users/${'f'.repeat(36)}`, 404],
    ['a very long id', `/organization/users/${'a'.repeat(5000)}`, 400],
    ['an encoded slash in the id', '/organization/users/..%2F..%2Fuser%2Fprofile', 404],
    ['a percent sign that is no escape', '/organization/users/%E0%A4%A', 404],
    ['an escape that is not UTF-8', '/organization/users/%E0%A4%41', 404],
  ])('getOrganizationUser answers a JSON error given %s', async (_, path, status) => {
    const response = await t.request('GET', path, { as: 'owner' })
    expect(response.status).toBe(status)
    expect(response.body).toMatchObject({ success: false })
  })

  it('answers 405 with Allow for a method the path does not take, never reaching /organization/{orgId}', async () => {
    const before = snapshot(t.mock)
    const response = await t.request('PUT', '/organization/users', { as: 'owner', json: { name: 'users' } })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST')
    expect(snapshot(t.mock)).toBe(before)
  })

  it('answers 401 for an Authorization header that is not a bearer token', async () => {
    const response = await t.request('GET', '/user/profile', { headers: { Authorization: `Basic ${btoa('john:pw')}` } })
    expect(response.body).toEqual({ success: false, message: 'Authentication required: the Authorization header must be "Bearer <token>"' })
  })
})
