import { connect } from 'node:net'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { expectDocumented } from './support/document.js'
import { transports, useStandaloneServer } from './support/transports.js'
import { ACME, people, snapshot } from './support/world.js'

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

describe.each(transports)('hostile bodies through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it.each([
    ['JSON nested 100,000 levels deep in an unknown field', 400, `{"name":"Ok","x":${deep(100_000)}}`],
    ['JSON nested 32 levels deep in an unknown field', 200, `{"name":"Ok","x":${deep(31)}}`],
    ['JSON nested 100,000 levels deep where a string belongs', 400, `{"name":${deep(100_000)}}`],
    ['a 900 KB name', 200, JSON.stringify({ name: 'n'.repeat(900_000) })],
    ['control characters and emoji in the name', 200, JSON.stringify({ name: 'Acme\u0000\u0007\u202e 🚀 株式会社' })],
    ['a lone surrogate', 200, '{"name":"\\ud800"}'],
    ['a byte-order mark before the JSON', 200, '\ufeff{"name":"BOM"}'],
    ['a number where the name belongs', 400, '{"name": 1e309}'],
    ['an array where the boolean belongs', 400, '{"is_business": [true]}'],
  ])('answers %s with %i in the documented shape, and the server lives on', async (_, status, text) => {
    const before = snapshot(t.mock)
    const response = await t.request('PUT', `/organization/${ACME}`, { as: 'owner', text })
    expect(response.status).toBe(status)
    await expectDocumented('updateOrganization', status, response.body)
    if (status >= 400) expect(snapshot(t.mock)).toBe(before)
    expect((await t.request('GET', '/user/profile', { as: 'owner' })).status).toBe(200)
  })

  it('refuses a body with no Content-Type with 400 naming application/json, as the docs samples always send it, and changes nothing', async () => {
    const before = snapshot(t.mock)
    const response = await t.request('PUT', `/organization/${ACME}`, { as: 'owner', text: '{"city":"Boston"}', headers: { 'Content-Type': '' } })
    expect(response.status).toBe(400)
    expect(response.body.message).toBe('Invalid request body: Content-Type must be application/json, and none was sent')
    await expectDocumented('updateOrganization', 400, response.body)
    expect(snapshot(t.mock)).toBe(before)
  })

  it.each([
    ['PUT', '/settings/user', 'updateUserSettings'],
    ['POST', '/settings/organization', 'replaceOrganizationSettings'],
  ] as const)('refuses %s %s nested 5,000 levels deep with a 400 naming the nesting limit, and stores nothing', async (method, path, id) => {
    const before = snapshot(t.mock)
    const text = path.endsWith('user') ? `{"theme":${deep(5000)}}` : `{"settings":${deep(5000)}}`
    const response = await t.request(method, path, { as: 'owner', text })
    expect(response.status).toBe(400)
    expect(response.body.message).toBe('Invalid request body: JSON nested deeper than 32 levels (the limit)')
    await expectDocumented(id, 400, response.body)
    expect(snapshot(t.mock)).toBe(before)
  })

  it('answers a failure inside the mock with the generic 500, without its error text', async () => {
    const account = worldOf(t.mock).store.account
    const failing = vi.spyOn(account, 'userSettings').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded at secret/path.ts:12')
    })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const response = await t.request('GET', '/settings/user', { as: 'user' })
      expect(response.status).toBe(500)
      expect(response.body).toMatchObject({ success: false, message: 'Internal server error' })
      await expectDocumented('getUserSettings', 500, response.body)
      expect(JSON.stringify(response.body)).not.toMatch(/Maximum|secret/)
    } finally {
      failing.mockRestore()
      quiet.mockRestore()
    }
  })
})

/** Sends raw bytes over a socket, for what fetch will not send (duplicate headers, no Host). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

describe('hostile HTTP over a raw socket', () => {
  const { server: mockServer, url } = useStandaloneServer()
  const token = () => mockServer.mock.tokenFor(people.user.id)
  const ownerToken = () => mockServer.mock.tokenFor(people.owner.id)

  it('uses the first of two Authorization headers', async () => {
    const answer = await rawRequest(url(), `GET /user/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token()}\r\nAuthorization: Bearer forged\r\nConnection: close\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1.1 200/)
  })

  it('answers malformed HTTP with 400 and no stack trace, and serves the next request', async () => {
    const answer = await rawRequest(url(), 'GARBAGE / HTTP/9.9\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1.1 400/)
    expect(answer).not.toMatch(/at .*\.js:\d+/)
    expect((await fetch(`${url()}/user/profile`, { headers: { Authorization: `Bearer ${token()}` } })).status).toBe(200)
  })

  it('refuses headers over the size limit with 431', async () => {
    const answer = await rawRequest(url(), `GET /user/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}\r\nConnection: close\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1.1 431/)
  })

  it('answers a chunked body over 1 MB with 413 without reading it all', async () => {
    const chunk = 'a'.repeat(64 * 1024)
    const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')
    const answer = await rawRequest(url(), `POST /organization/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ownerToken()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1.1 413/)
  })
})
