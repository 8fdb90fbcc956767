import { describe, expect, it } from 'vitest'
import { NONCES_KEPT_PER_ADDRESS, PROVIDER_CODE_LIFETIME_MS, PROVIDER_TOKEN_LIFETIME_MS, ProviderGrants } from './provider-grants.js'

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
  it.each([
    ['GOOGLE', 100],
    ['GITHUB', 10],
    ['MICROSOFT', 100],
  ] as const)("ends an account's oldest %s refresh token once it holds %i, and no other account's", (provider, limit) => {
    const grants = new ProviderGrants()
    const bob = grants.issueRefreshToken(provider, { email: 'bob@acme.test' }, 0)
    const issued = Array.from({ length: limit }, () => grants.issueRefreshToken(provider, alice, 0))
    expect(grants.renew(provider, issued[0]!, 1)).toBeDefined()
    const rotated = provider === 'GOOGLE' ? issued : [...issued.slice(1), grants.renew(provider, issued[1]!, 1)!.refreshToken]
    // A rotated token is replaced, not added: the account still holds `limit`, so one more ends the oldest.
    grants.issueRefreshToken(provider, { email: 'ALICE@acme.test' }, 2)
    const oldest = provider === 'GOOGLE' ? issued[0]! : rotated[1]!
    expect(grants.renew(provider, oldest, 3)).toBeUndefined()
    expect(grants.renew(provider, rotated.at(-1)!, 3)).toBeDefined()
    expect(grants.renew(provider, bob, 3)).toBeDefined()
  })

  it('remembers the latest nonces of each address that signed in, forgetting the oldest past the limit', () => {
    const grants = new ProviderGrants()
    for (let i = 0; i <= NONCES_KEPT_PER_ADDRESS; i++) grants.useNonce('GA', `n${i}`)
    grants.useNonce('GB', 'n0')
    expect(grants.nonceUsed('GA', 'n0')).toBe(false)
    expect(grants.nonceUsed('GA', 'n1')).toBe(true)
    expect(grants.nonceUsed('GA', `n${NONCES_KEPT_PER_ADDRESS}`)).toBe(true)
    expect(grants.nonceUsed('GB', 'n0')).toBe(true)
    expect(grants.nonceUsed('GB', 'n1')).toBe(false)
  })
})
