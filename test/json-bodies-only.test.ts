import { request as httpRequest } from 'node:http'
import { beforeEach, describe, expect, it } from 'vitest'
import { expectDocumented } from './support/document.js'
import { transports, useStandaloneServer } from './support/transports.js'
import { snapshot } from './support/world.js'

/** A registration: the write a page on another site could make without a preflight. */
const registration = { email: 'victim@example.com', password: 'SecurePass123', firstName: 'Vic', lastName: 'Tim', companyName: 'Victim Inc', companyWebsite: 'https://victim.example', isBusiness: false }

describe.each(transports)('bodies that are not JSON through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it.each([
    ['no Content-Type', '', /Content-Type must be application\/json, and none was sent/],
    ['text/plain', 'text/plain;charset=UTF-8', /Content-Type must be application\/json, not "text\/plain;charset=UTF-8"/],
    ['a form type', 'application/x-www-form-urlencoded', /Content-Type must be application\/json, not "application\/x-www-form-urlencoded"/],
    ['multipart', 'multipart/form-data; boundary=x', /Content-Type must be application\/json/],
  ])('refuses a registration sent with %s with 400 naming application/json, and creates nobody', async (_, contentType, message) => {
    await t.mock.ready()
    const before = snapshot(t.mock)
    const response = await t.request('POST', '/user/register', { json: registration, headers: { 'Content-Type': contentType } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ success: false, error_code: 'INVALID_REQUEST', message })
    await expectDocumented('registerUser', 400, response.body)
    expect(snapshot(t.mock)).toBe(before)
  })
})

describe('a body with no Content-Type header at all, on the standalone server', () => {
  const { server, url } = useStandaloneServer()

  it('refuses it with 400 naming application/json, and creates nobody', async () => {
    await server.mock.ready()
    const before = snapshot(server.mock)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const text = JSON.stringify(registration)
      const request = httpRequest(`${url()}/user/register`, { method: 'POST', headers: { 'Content-Length': Buffer.byteLength(text) } }, (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode!, body }))
      })
      request.on('error', reject)
      request.end(text)
    })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body).message).toBe('Invalid request body: Content-Type must be application/json, and none was sent')
    expect(snapshot(server.mock)).toBe(before)
  })
})
