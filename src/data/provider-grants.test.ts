import { describe, expect, it } from 'vitest'
import { PROVIDER_CODE_LIFETIME_MS, PROVIDER_TOKEN_LIFETIME_MS, ProviderGrants } from './provider-grants.js'

const alice = { email: 'alice@acme.test' }
const DAY = 86_400_000

describe('the providers the mock stands in for', () => {
  it('keeps a code for its provider only, until it is used or 10 minutes have passed', () => {
    const grants = new ProviderGrants()
    const { code } = grants.grant('GOOGLE', alice, 0)
    expect(grants.code('GITHUB', code, 0)).toBeUndefined()
    expect(grants.code('GOOGLE', code, PROVIDER_CODE_LIFETIME_MS - 1)?.identity).toEqual(alice)
    expect(grants.code('GOOGLE', code, PROVIDER_CODE_LIFETIME_MS)).toBeUndefined()
    grants.useCode(code)
    expect(grants.code('GOOGLE', code, 0)).toBeUndefined()
  })

  it("renews Google's access token with a refresh token that neither expires nor changes", () => {
    const grants = new ProviderGrants()
    const refreshToken = grants.issueRefreshToken('GOOGLE', alice, 0)
    const renewed = grants.renew('GOOGLE', refreshToken, 400 * DAY)!
    expect(renewed).toMatchObject({ refreshToken, expiresAt: 400 * DAY + PROVIDER_TOKEN_LIFETIME_MS })
    expect(grants.token('GOOGLE', renewed.token, 400 * DAY)?.identity).toEqual(alice)
  })

  it("rotates GitHub's refresh tokens (6 months) and Microsoft's (90 days)", () => {
    const grants = new ProviderGrants()
    for (const [provider, lifetime] of [['GITHUB', 183 * DAY], ['MICROSOFT', 90 * DAY]] as const) {
      const first = grants.issueRefreshToken(provider, alice, 0)
      const second = grants.renew(provider, first, 1)!.refreshToken
      expect(second).not.toBe(first)
      expect(grants.renew(provider, first, 2)).toBeUndefined()
      expect(grants.renew(provider, second, 1 + lifetime)).toBeUndefined()
    }
  })
})
