import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { useStandaloneServer } from './support/transports.js'
import { npmStart } from './support/npm-start.js'
import { createFlashbackMock } from '../src/index.js'
import { people } from './support/world.js'

describe('npm start', () => {
  it('serves the mock on 127.0.0.1 and prints the URL and every fixture user with a working token', async () => {
    const started = await npmStart()
    try {
      expect(started.output).toMatch(/John Doe\s+john\.doe@acme\.com\s+WORKSPACES/)
      expect(started.output).toMatch(/Tom Walsh\s+tom\.walsh@acme\.com\s+USER \(deleted\)/)
      const token = /John Doe.*\n\s+Authorization: Bearer (\S+)/.exec(started.output)![1]
      const response = await fetch(`${started.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      expect((await response.json()).data.map((u: { email: string }) => u.email)).toContain('jane.smith@acme.com')
    } finally {
      started.stop()
    }
  })

  it('signs tokens with --token-secret, so another process with the same secret (a restart) makes and accepts the same ones', async () => {
    const started = await npmStart(['--token-secret', 'team secret'])
    try {
      expect(started.output).toContain('Tokens are signed with --token-secret')
      const printed = /John Doe.*\n\s+Authorization: Bearer (\S+)/.exec(started.output)![1]!
      const restarted = createFlashbackMock({ tokenSecret: 'team secret' })
      expect(restarted.tokenFor(people.workspaces.email)).toBe(printed)
      expect((await restarted.request('/user/profile', { headers: { Authorization: `Bearer ${printed}` } })).status).toBe(200)
      const fromOtherSecret = createFlashbackMock({ tokenSecret: 'other secret' }).tokenFor(people.workspaces.email)
      expect((await fetch(`${started.url}/user/profile`, { headers: { Authorization: `Bearer ${fromOtherSecret}` } })).status).toBe(401)
    } finally {
      started.stop()
    }
  })
})

describe('npm start prints each request', () => {
  const until = async (started: { output: string }, pattern: RegExp) => {
    for (let waited = 0; !pattern.test(started.output) && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    return started.output
  }

  it("prints one line per API request with its method, path, status, time, the caller's e-mail and the world, and the console's URL at start", async () => {
    const started = await npmStart(['--engine', 'msw'])
    try {
      expect(started.output).toContain(`Console: ${started.url}/__mock/`)
      const world = { 'x-mock-world': 'printed' }
      const { users } = await (await fetch(`${started.url}/__mock/users`, { headers: world })).json()
      const token = users.find((u: { email: string }) => u.email === 'jane.smith@acme.com').token
      await fetch(`${started.url}/user/profile`, { headers: { Authorization: `Bearer ${token}`, ...world } })
      await fetch(`${started.url}/organization/users`)
      await fetch(`${started.url}/__mock/journal`)
      const output = await until(started, /GET \/organization\/users 401/)
      expect(output).toMatch(/^GET \/user\/profile 200 \d+ms jane\.smith@acme\.com world=printed$/m)
      expect(output).toMatch(/^GET \/organization\/users 401 \d+ms - world=default$/m)
      expect(output).not.toMatch(/^GET \/__mock/m)
    } finally {
      started.stop()
    }
  })

  it('prints no request lines with --quiet', async () => {
    const started = await npmStart(['--quiet'])
    try {
      const token = /Jane Smith.*\n\s+Authorization: Bearer (\S+)/.exec(started.output)![1]
      expect((await fetch(`${started.url}/user/profile`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(started.output).not.toMatch(/\/user\/profile/)
      expect(started.output).not.toContain('Each API request is printed')
    } finally {
      started.stop()
    }
  })
})

describe('the standalone server', () => {
  const { server: mockServer, url } = useStandaloneServer()
  const john = () => ({ Authorization: `Bearer ${mockServer.mock.tokenFor(people.workspaces.id)}` })
  const olivia = () => ({ Authorization: `Bearer ${mockServer.mock.tokenFor(people.owner.id)}` })

  it('declares a Content-Length that matches the body in bytes, non-ASCII names included', async () => {
    const created = await fetch(`${url()}/organization/users`, {
      method: 'POST',
      headers: { ...john(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'zoe@acme.com', password: 'Password123!', firstName: 'Zoë', lastName: 'Åström' }),
    })
    const bytes = new Uint8Array(await created.arrayBuffer())
    expect(created.status).toBe(201)
    expect(created.headers.get('transfer-encoding')).toBeNull()
    expect(Number(created.headers.get('content-length'))).toBe(bytes.byteLength)
    expect(JSON.parse(new TextDecoder().decode(bytes)).data).toMatchObject({ name: 'Zoë', lastName: 'Åström' })
  })

  it('binds to 127.0.0.1 by default', () => {
    expect((mockServer.server.address() as AddressInfo).address).toBe('127.0.0.1')
  })

  it('answers a CORS preflight from a browser app on another localhost port', async () => {
    const response = await fetch(`${url()}/organization/users`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
  })

  it('sends no CORS headers to an origin that is not on this machine', async () => {
    const response = await fetch(`${url()}/user/profile`, { headers: { ...john(), Origin: 'https://evil.example' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses a body over 1 MB with 413 in the endpoint error shape, and changes nothing', async () => {
    const before = JSON.stringify(mockServer.mock.db.organizations.all())
    const response = await fetch(`${url()}/organization/123e4567-e89b-12d3-a456-426614174000`, {
      method: 'PUT',
      headers: { ...olivia(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ success: false, data: null, message: 'Request body too large: the limit is 1048576 bytes' })
    expect(JSON.stringify(mockServer.mock.db.organizations.all())).toBe(before)
  })

  it('answers a JSON 404 naming the closest operations for a path outside the document', async () => {
    const response = await fetch(`${url()}/organization/user/42`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      success: false,
      message: 'No operation GET /organization/user/42; did you mean GET /organization/users/{userId} or GET /organization/{orgId}?',
    })
    expect(mockServer.mock.violations.at(-1)).toMatchObject({ kind: 'unknown-operation', path: '/organization/user/42' })
  })

  it('lists every fixture user with a token at GET /__mock/users', async () => {
    const { users } = await (await fetch(`${url()}/__mock/users`)).json()
    expect(users).toHaveLength(mockServer.mock.users().length)
    expect(users).toContainEqual({
      id: people.user.id, email: 'jane.smith@acme.com', name: 'Jane', lastName: 'Smith',
      orgId: '123e4567-e89b-12d3-a456-426614174000', orgRole: 0, deletedAt: null, token: mockServer.mock.tokenFor(people.user.id),
      mfa: { enabledMethods: [], primaryMethod: null, twoStepSignIn: false, totp: false },
    })
    expect(Object.keys(users[0]).sort()).toEqual(['deletedAt', 'email', 'id', 'lastName', 'mfa', 'name', 'orgId', 'orgRole', 'token'])
  })

  it('restores the fixture at POST /__mock/reset', async () => {
    const path = `${url()}/organization/users/${people.user.id}`
    await fetch(path, { method: 'DELETE', headers: john() })
    expect((await (await fetch(path, { headers: john() })).json()).deletedAt).not.toBeNull()
    expect((await fetch(`${url()}/__mock/reset`, { method: 'POST' })).status).toBe(200)
    expect((await (await fetch(path, { headers: john() })).json()).deletedAt).toBeNull()
  })
})

describe('the control API', () => {
  const { server: guarded, url } = useStandaloneServer({ controlToken: 's3cret' })

  it('refuses a page from another origin, even a simple form POST, and resets nothing', async () => {
    const path = `${url()}/organization/users/${people.user.id}`
    const owner = { Authorization: `Bearer ${guarded.mock.tokenFor(people.owner.id)}` }
    await fetch(path, { method: 'DELETE', headers: owner })
    const response = await fetch(`${url()}/__mock/reset`, { method: 'POST', headers: { Origin: 'https://evil.example', 'X-Control-Token': 's3cret' } })
    expect(response.status).toBe(403)
    expect((await (await fetch(path, { headers: owner })).json()).deletedAt).not.toBeNull()
  })

  it('needs the control token when the server has one', async () => {
    expect((await fetch(`${url()}/__mock/users`)).status).toBe(401)
    expect((await fetch(`${url()}/__mock/users`, { headers: { 'X-Control-Token': 'wrong' } })).status).toBe(401)
    expect((await fetch(`${url()}/__mock/users`, { headers: { 'X-Control-Token': 's3cret', Origin: 'http://localhost:3000' } })).status).toBe(200)
  })
})
