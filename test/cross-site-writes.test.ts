import { beforeEach, describe, expect, it } from 'vitest'
import type { OperationId } from '../src/spec/document.js'
import { declaredStatuses, expectDocumented } from './support/document.js'
import { useStandaloneServer } from './support/transports.js'
import { ACME, people, snapshot } from './support/world.js'

const EVIL = 'http://evil.com'
const registration = { email: 'victim@example.com', password: 'SecurePass123', firstName: 'Vic', lastName: 'Tim', companyName: 'Victim Inc', companyWebsite: 'https://victim.example', isBusiness: false }

/** What a page on another site can make a browser send without a preflight: a `no-cors` fetch of a Blob, no Content-Type. */
const noCorsRegistration = (origin: string): RequestInit => ({ method: 'POST', headers: { Origin: origin }, body: new Blob([JSON.stringify(registration)]) })

/** Writes a page elsewhere might send, by someone allowed to make them (had the page their token). */
const writes: { id: OperationId; method: string; path: string; as?: keyof typeof people; json: unknown }[] = [
  { id: 'registerUser', method: 'POST', path: '/user/register', json: registration },
  { id: 'loginUser', method: 'POST', path: '/user/login', json: { email: people.owner.email, password: 'Password123!' } },
  { id: 'createOrganizationUser', method: 'POST', path: '/organization/users', as: 'owner', json: { email: 'planted@acme.com', password: 'Password123!', firstName: 'P', lastName: 'L' } },
  { id: 'updateOrganization', method: 'PUT', path: `/organization/${ACME}`, as: 'owner', json: { name: 'Owned' } },
  { id: 'deleteOrganizationUser', method: 'DELETE', path: `/organization/users/${people.user.id}`, as: 'owner', json: undefined },
]

describe.each(['core', 'msw'] as const)('writes from pages on other sites, on the standalone server (%s engine)', (engine) => {
  const { server, url } = useStandaloneServer({ engine, strict: true })
  beforeEach(() => server.mock.reset())

  it('refuses a no-cors registration from another site with 403 naming the rule, journals it, and creates no user or organization', async () => {
    await server.mock.ready()
    const before = snapshot(server.mock)
    const response = await fetch(`${url()}/user/register`, noCorsRegistration(EVIL))
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      success: false,
      error_code: 'FORBIDDEN',
      message: `Cross-site request refused: POST from Origin "${EVIL}". The server takes writes only from pages on this machine and on the hosts given with --allow-host; start the server with --allow-host evil.com to take them from there`,
    })
    expect(snapshot(server.mock)).toBe(before)
    expect(server.mock.journal().map(({ operationId, status }) => ({ operationId, status }))).toEqual([{ operationId: 'registerUser', status: 403 }])
  })

  it.each(writes)('refuses $method $path from another site with 403 in its error shape, even with a token and JSON, and changes nothing', async ({ id, method, path, as, json }) => {
    await server.mock.ready()
    const before = snapshot(server.mock)
    const headers: Record<string, string> = { Origin: EVIL, 'Content-Type': 'application/json' }
    if (as) headers.Authorization = `Bearer ${server.mock.tokenFor(people[as].id)}`
    const response = await fetch(url() + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
    const body = await response.json()
    expect(response.status).toBe(403)
    expect(body.message).toMatch(/^Cross-site request refused/)
    if (declaredStatuses().get(id)!.includes(403)) await expectDocumented(id, 403, body)
    else await expectDocumented(id, 400, body)
    expect(snapshot(server.mock)).toBe(before)
    expect(server.mock.journal().at(-1)).toMatchObject({ operationId: id, status: 403 })
  })

  it.each(['null', 'http://localhost.evil.com', 'http://127.0.0.1.evil.com:4010', 'file://', 'not an origin'])('refuses a write from Origin %s', async (origin) => {
    const response = await fetch(`${url()}/user/register`, { ...noCorsRegistration(origin), headers: { Origin: origin, 'Content-Type': 'application/json' } })
    expect(response.status).toBe(403)
    expect(server.mock.users().map((u) => u.email)).not.toContain(registration.email)
  })

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://app.localhost'])('takes a write from a page on this machine (%s)', async (origin) => {
    const response = await fetch(`${url()}/user/register`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify(registration) })
    expect(response.status).toBe(201)
  })

  it('answers a read from any site: CORS keeps the page from reading the answer', async () => {
    const response = await fetch(`${url()}/user/profile`, { headers: { Origin: EVIL, Authorization: `Bearer ${server.mock.tokenFor(people.owner.id)}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('leaves a fault injected for the next request to the next request from this machine', async () => {
    server.mock.fail('registerUser', { status: 500 })
    expect((await fetch(`${url()}/user/register`, noCorsRegistration(EVIL))).status).toBe(403)
    const local = await fetch(`${url()}/user/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(registration) })
    expect(local.status).toBe(500)
  })
})

describe('writes from a host given with --allow-host', () => {
  const { server, url } = useStandaloneServer({ allowHosts: ['dev-box.lan'] })

  it('takes a write from a page on that host, and still refuses one from elsewhere', async () => {
    const write = (origin: string) => fetch(`${url()}/user/register`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify(registration) })
    expect((await write(EVIL)).status).toBe(403)
    expect((await write('http://dev-box.lan:5173')).status).toBe(201)
    expect(server.mock.users().filter((u) => u.email === registration.email)).toHaveLength(1)
  })
})
