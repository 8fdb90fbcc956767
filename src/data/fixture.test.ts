import { faker as globalFaker } from '@faker-js/faker'
import { describe, expect, it } from 'vitest'
import { expandFixture, seededFaker } from './fixture.js'
import { builtInFixtures } from './fixtures.js'
import { mintToken } from './tokens.js'

describe('fixtures', () => {
  it('gives the same generated users for the same seed, byte for byte, and others for another seed', () => {
    const first = JSON.stringify(expandFixture(builtInFixtures.default, seededFaker(7)))
    const second = JSON.stringify(expandFixture(builtInFixtures.default, seededFaker(7)))
    const other = JSON.stringify(expandFixture(builtInFixtures.default, seededFaker(8)))
    expect(second).toBe(first)
    expect(other).not.toBe(first)
  })

  it('never touches the global faker', () => {
    globalFaker.seed(123)
    const expected = globalFaker.person.firstName()
    globalFaker.seed(123)
    expandFixture(builtInFixtures.default, seededFaker(1))
    expect(globalFaker.person.firstName()).toBe(expected)
  })

  it('gives generated users unique e-mails at their organization domain', () => {
    const { users } = expandFixture(builtInFixtures.default, seededFaker(1))
    const generated = users.slice(builtInFixtures.default.users.length)
    expect(generated).toHaveLength(5)
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length)
    expect(generated.filter((u) => u.email.endsWith('@acme.com'))).toHaveLength(3)
  })
})

describe('mintToken', () => {
  it('makes an unsigned JWT whose sub is the user id', () => {
    const token = mintToken({ id: 'u-1', email: 'a@acme.com', orgId: 'acme' })
    const [header, payload, signature] = token.split('.')
    expect(JSON.parse(atob(header!))).toEqual({ alg: 'none', typ: 'JWT' })
    expect(JSON.parse(atob(payload!.replaceAll('-', '+').replaceAll('_', '/')))).toMatchObject({ sub: 'u-1', email: 'a@acme.com' })
    expect(signature).toBe('')
  })
})
