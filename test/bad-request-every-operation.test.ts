import { beforeEach, describe, expect, it } from 'vitest'
import { operationSpecs } from '../src/spec/operations.js'
import { expectDocumented } from './support/document.js'
import { useMswTransport } from './support/transports.js'
import { snapshot } from './support/world.js'

const t = useMswTransport()
beforeEach(() => t.mock.reset())

const pathWith = (template: string, value: string) => template.replace(/\{[^}]+\}/g, value)
const validBody = { name: 'Valid Name' }

type BadRequest = { what: string; status: number; kind: string; headers?: Record<string, string>; as?: null | 'owner'; id?: string }

const badRequests: BadRequest[] = [
  { what: 'no Authorization header', status: 401, kind: 'unauthenticated', as: null },
  { what: 'a Basic Authorization header', status: 401, kind: 'unauthenticated', headers: { Authorization: 'Basic am9objpwdw==' } },
  { what: 'an empty bearer token', status: 401, kind: 'unauthenticated', headers: { Authorization: 'Bearer ' } },
  { what: 'a forged token', status: 401, kind: 'unauthenticated', headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } },
  { what: 'a path id of 200 characters', status: 400, kind: 'invalid-request', as: 'owner', id: 'x'.repeat(200) },
]

const cases = operationSpecs.flatMap((operation) =>
  badRequests
    .filter((bad) => bad.id === undefined || operation.pathParams.length > 0)
    // The sign-in calls need no token: a bad one is ignored (below).
    .filter((bad) => bad.status !== 401 || operation.access.authentication !== 'none')
    .map((bad) => ({ operation, bad })),
)

// The public calls with a body; resend-verification has none, and the authorization matrix sends it every token.
const publicCases = operationSpecs
  .filter((operation) => operation.access.authentication === 'none' && operation.requestBody)
  .flatMap((operation) => badRequests.filter((bad) => bad.status === 401).map((bad) => ({ operation, bad })))

describe('every operation refuses a malformed request', () => {
  it.each(cases)('$operation.id answers $bad.status given $bad.what, records it and changes nothing', async ({ operation, bad }) => {
    const before = snapshot(t.mock)
    const path = pathWith(operation.path, bad.id ?? '123e4567-e89b-12d3-a456-426614174000')
    const response = await t.request(operation.method.toUpperCase(), path, {
      as: bad.as === undefined ? null : bad.as,
      headers: bad.headers,
      json: operation.requestBody ? validBody : undefined,
    })
    expect(response.status).toBe(bad.status)
    await expectDocumented(operation.id, bad.status, response.body)
    expect(response.body.success).toBe(false)
    if ('message' in response.body) expect(response.body.message).toMatch(/Authorization|token|orgId|idOrg|userId|verificationTokenId|sessionId|deviceId/)
    expect(snapshot(t.mock)).toBe(before)
    expect(t.mock.violations).toEqual([expect.objectContaining({ kind: bad.kind, operationId: operation.id })])
  })
})

describe('the sign-in calls ignore the Authorization header', () => {
  it.each(publicCases)('$operation.id judges only its body given $bad.what', async ({ operation, bad }) => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', operation.path, { as: null, headers: bad.headers, json: validBody })
    expect(response.status).toBe(400)
    await expectDocumented(operation.id, 400, response.body)
    expect(response.body.success).toBe(false)
    // The MFA pages' errors carry their message in `error`.
    expect(response.body.message ?? response.body.error).toMatch(/^Invalid request body: /)
    // Where the endpoint's errors carry a code (the sign-in calls'), it names the malformed request.
    if ('error_code' in response.body) expect(response.body.error_code).toBe('INVALID_REQUEST')
    expect(snapshot(t.mock)).toBe(before)
    expect(t.mock.violations).toEqual([expect.objectContaining({ kind: 'invalid-request', operationId: operation.id })])
  })
})
