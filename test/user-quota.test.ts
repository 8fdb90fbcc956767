import { beforeEach, describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { matchRoute } from '../src/spec/router.js'
import { builtInFixtures } from '../src/data/fixtures.js'
import { documentedExample } from './support/document.js'
import { transports } from './support/transports.js'
import { ACME } from './support/world.js'

describe('the route /user/quota', () => {
  it('is its own operation, never GET /user/{userId} with id "quota"', () => {
    const match = matchRoute('GET', '/user/quota')
    expect(match).toMatchObject({ kind: 'operation', params: {} })
    expect(match.kind === 'operation' && match.operation.id).toBe('getUserQuota')
    expect(matchRoute('GET', '/user/quotas')).toMatchObject({ kind: 'operation', params: { userId: 'quotas' } })
  })

  it('answers other methods with 405 and Allow: GET, without falling through to /user/{userId}', () => {
    expect(matchRoute('PUT', '/user/quota')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] })
    expect(matchRoute('DELETE', '/user/quota')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] })
  })
})

describe.each(transports)('the quota through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it("gives every member of Acme the docs' example subscription and usage", async () => {
    for (const who of ['user', 'billing', 'owner'] as const) {
      const response = await t.request('GET', '/user/quota', { as: who })
      expect(response.status).toBe(200)
      expect(response.body).toEqual(documentedExample('getUserQuota', 200))
    }
    expect(t.mock.journal({ operationId: 'getUserQuota' })).toHaveLength(3)
    expect(t.mock.journal({ operationId: 'getUserById' })).toHaveLength(0)
  })

  it('answers PUT /user/quota with 405 naming GET', async () => {
    const response = await t.request('PUT', '/user/quota', { as: 'owner', json: { name: 'x' } })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })

  it("answers the docs' 401 body, with its error_code, to a missing or unknown token", async () => {
    for (const as of [null, { token: 'not-a-token' }]) {
      const response = await t.request('GET', '/user/quota', { as })
      expect(response.status).toBe(401)
      expect(response.body).toEqual({ success: false, error_code: 'NO_AUTH_USER' })
    }
  })

  it('answers 404 NO_ACTIVE_SUBSCRIPTION to an organization without a subscription and to a user without organization', async () => {
    for (const who of ['globexOwner', 'noOrganization'] as const) {
      const response = await t.request('GET', '/user/quota', { as: who })
      expect(response.status).toBe(404)
      expect(response.body).toEqual({ success: false, error_code: 'NO_ACTIVE_SUBSCRIPTION' })
    }
  })
})

describe("a fixture's subscriptions", () => {
  it('round usage to a whole percentage, and count nothing of nothing as 0 %', async () => {
    const base = builtInFixtures.default
    const mock = createFlashbackMock({
      fixture: {
        ...base,
        subscriptions: [{
          orgId: ACME, id: 'sub_free', name: 'Free', description: 'Free tier',
          capabilities: [
            { id: 'c1', code: 'STORAGE_TOTAL_BYTES', description: 'Storage', type: 'STORAGE', periodType: 'ALL_TIME', current: 1, max: 3 },
            { id: 'c2', code: 'SEATS', description: 'Seats', type: 'SEATS', periodType: 'YEARLY', current: 0, max: 0 },
          ],
        }],
      },
    })
    const { status, body } = await mock.request('/user/quota', {}, { as: 'USER' })
    expect(status).toBe(200)
    expect(body.subscription).toEqual({ id: 'sub_free', name: 'Free', description: 'Free tier' })
    expect(body.quotaUsage.map((u: any) => u.usage.percentage)).toEqual([33, 0])
  })

  it('must name organizations of the fixture', () => {
    expect(() => createFlashbackMock({
      fixture: { ...builtInFixtures.default, subscriptions: [{ orgId: 'nowhere', id: 's', name: 'n', description: 'd', capabilities: [] }] },
    })).toThrow('subscriptions names unknown organization "nowhere"')
  })
})

