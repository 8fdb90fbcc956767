import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { useStandaloneServer } from './support/transports.js'
import { people } from './support/world.js'

/** Sends raw bytes and resolves with everything the server wrote before closing (or after `waitMs`). */
function raw(url: string, text: string, waitMs = 2_000): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    let answer = ''
    const socket = connect(Number(port), hostname, () => socket.write(text))
    const timer = setTimeout(() => socket.destroy(), waitMs)
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(answer)
    })
    socket.on('error', reject)
  })
}

const get = (target: string, host = '127.0.0.1') => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`

describe.each(['core', 'msw'] as const)('the standalone server under attack (engine %s)', (engine) => {
  const { server, url } = useStandaloneServer({ engine, strict: true })
  const token = (id: string) => server.mock.tokenFor(id)

  it.each(['//[', '//%', 'http://[', '//x:99999/', '//a:b@[::1]x', '*'])('answers the request target %s with JSON and keeps serving', async (target) => {
    const answer = await raw(url(), get(target))
    expect(answer).toMatch(/^HTTP\/1.1 (400|404) /)
    expect(answer).toMatch(/"success":false/)
    const next = await fetch(`${url()}/user/profile`, { headers: { Authorization: `Bearer ${token(people.user.id)}` } })
    expect(next.status).toBe(200)
  })

  it('reads a leading // as a path, never as a host', async () => {
    const answer = await raw(url(), `GET //user/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token(people.user.id)}\r\nConnection: close\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1.1 404 /)
    expect(answer).toContain('No operation GET //user/profile; did you mean GET /user/profile')
  })

  it('answers a trailing slash as an empty id: the documented 400, for every method the path takes', async () => {
    const headers = { Authorization: `Bearer ${token(people.owner.id)}` }
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${url()}/organization/users/`, { method, headers })
      expect(response.status).toBe(400)
      expect((await response.json()).message).toBe('Invalid path parameter: userId must NOT have fewer than 1 characters')
    }
  })

  it('refuses a Host it does not answer to, for the API and the control API (DNS rebinding)', async () => {
    for (const target of ['/__mock/users', '/organization/users']) {
      const answer = await raw(url(), `GET ${target} HTTP/1.1\r\nHost: rebind.attacker.example:4610\r\nAuthorization: Bearer ${token(people.owner.id)}\r\nConnection: close\r\n\r\n`)
      expect(answer).toMatch(/^HTTP\/1.1 403 /)
      expect(answer).toContain('--allow-host')
      expect(answer).not.toContain(token(people.owner.id))
    }
    const before = server.mock.users().length
    const create = `{"email":"evil@acme.com","password":"Password123!","firstName":"E","lastName":"Vil","orgRole":255}`
    const answer = await raw(url(), `POST /organization/users HTTP/1.1\r\nHost: rebind.attacker.example\r\nOrigin: http://rebind.attacker.example\r\nAuthorization: Bearer ${token(people.owner.id)}\r\nContent-Type: application/json\r\nContent-Length: ${create.length}\r\nConnection: close\r\n\r\n${create}`)
    expect(answer).toMatch(/^HTTP\/1.1 403 /)
    expect(server.mock.users()).toHaveLength(before)
  })

  it('answers loopback names and *.localhost in Host', async () => {
    for (const host of ['localhost:1234', '[::1]:80', '127.0.0.1', 'app.localhost']) {
      expect(await raw(url(), get('/user/profile', host))).toMatch(/^HTTP\/1.1 401 /)
    }
  })

  it('refuses a caller before reading its body: an unauthenticated 1 MB body is answered at once, unread', async () => {
    // Declares 1 MB and sends only a few bytes: were the body read first, no answer would come.
    const answer = await raw(url(), `POST /organization/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"email":`)
    expect(answer).toMatch(/^HTTP\/1.1 401 /)
    expect(answer).toMatch(/Connection: close/i)
  })
})

describe('a server with --allow-host', () => {
  const { url } = useStandaloneServer({ allowHosts: ['mock.test'] })

  it('answers the names it was given', async () => {
    expect(await raw(url(), get('/user/profile', 'mock.test:4010'))).toMatch(/^HTTP\/1.1 401 /)
    expect(await raw(url(), get('/user/profile', 'other.test'))).toMatch(/^HTTP\/1.1 403 /)
  })
})

describe('request targets with dot segments', () => {
  const { server, url } = useStandaloneServer()

  it('resolves them as fetch would before routing: /user/../organization/users is the list', async () => {
    const token = server.mock.tokenFor(people.workspaces.id)
    const send = (target: string) => raw(url(), `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`)
    expect(await send('/user/../organization/users')).toMatch(/^HTTP\/1.1 200 /)
    expect(await send('/organization/./users/%2e%2E/users')).toMatch(/^HTTP\/1.1 200 /)
    expect(await send('/../../user/profile')).toMatch(/^HTTP\/1.1 200 /)
    // `/organization/users/.` is `/organization/users/`: the user endpoint with an empty id.
    expect(await send('/organization/users/.')).toMatch(/^HTTP\/1.1 400 /)
  })
})
