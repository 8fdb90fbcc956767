import { faker as globalFaker } from '@faker-js/faker'
import { describe, expect, it, vi } from 'vitest'
import { englishFaker } from './english-faker.js'
import { expandFixture, type Fixture } from './fixture.js'
import { builtInFixtures } from './fixtures.js'

vi.mock('./english-faker.js', { spy: true })

const [acme, globex] = builtInFixtures.default.organizations
const generating: Fixture = {
  ...builtInFixtures.default,
  generatedUsers: [
    { orgId: acme!.id, count: 3, roles: [0, 1] },
    { orgId: globex!.id, count: 2 },
  ],
}

describe('fixtures', () => {
  it('gives the same generated users for the same seed, byte for byte, and others for another seed', async () => {
    const first = JSON.stringify(await expandFixture(generating, 7))
    const second = JSON.stringify(await expandFixture(generating, 7))
    const other = JSON.stringify(await expandFixture(generating, 8))
    expect(second).toBe(first)
    expect(other).not.toBe(first)
  })

  it('never touches the global faker', async () => {
    globalFaker.seed(123)
    const expected = globalFaker.person.firstName()
    globalFaker.seed(123)
    await expandFixture(generating, 1)
    expect(globalFaker.person.firstName()).toBe(expected)
  })

  it('gives generated users unique e-mails at their organization domain, with the roles asked for', async () => {
    const { users } = await expandFixture(generating, 1)
    const generated = users.slice(generating.users.length)
    expect(generated).toHaveLength(5)
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length)
    expect(generated.filter((u) => u.email.endsWith('@acme.com')).map((u) => u.orgRole)).toEqual([0, 1, 0])
  })

  it('makes 150,000 users in one fixture (more than a call can take as arguments)', async () => {
    const { users } = await expandFixture({ ...builtInFixtures.default, generatedUsers: [{ orgId: acme!.id, count: 150_000 }] }, 1)
    expect(users).toHaveLength(builtInFixtures.default.users.length + 150_000)
  })

  it('loads a fixture that generates nobody without faker’s English data', async () => {
    vi.mocked(englishFaker).mockClear()
    const { users } = await expandFixture(builtInFixtures.default, 1)
    expect(users).toEqual(builtInFixtures.default.users)
    expect(englishFaker).not.toHaveBeenCalled()
    await expandFixture(generating, 1)
    expect(englishFaker).toHaveBeenCalledTimes(1)
  })

  it('refuses generated users for an organization the fixture does not have', async () => {
    await expect(expandFixture({ ...generating, generatedUsers: [{ orgId: 'nope', count: 1 }] }, 1)).rejects.toThrow(
      'generatedUsers names unknown organization "nope"',
    )
  })
})
