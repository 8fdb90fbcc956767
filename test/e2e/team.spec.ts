// Four workers, one server: every test changes users, injects a fault and moves the clock in its own world,
// and checks after each step that it sees exactly its own changes (the fixture's 10 Acme members, then its own).
import { expect, test } from '../../src/playwright.js'

const OWNER = 'olivia.bennett@acme.com'
const JANE = 'jane.smith@acme.com'
const PASSWORD = 'Password123!'

for (let i = 0; i < 12; i++) {
  test(`journey ${i}: creates, renames and deletes a member, fails a list once and expires a sign-in, seeing only its own world`, async ({ page, request, mockWorld }) => {
    const token = await mockWorld.tokenFor(OWNER)
    const auth = { Authorization: `Bearer ${token}` }
    const count = async () => ((await (await request.get(`${mockWorld.url}/organization/users`, { headers: auth })).json()) as { total: number }).total

    await page.goto(`/?token=${token}`)
    await expect(page.locator('#count')).toHaveText('10')

    const email = `e2e.${i}.${test.info().workerIndex}@acme.com`
    const created = await request.post(`${mockWorld.url}/organization/users`, {
      headers: auth,
      data: { email, password: 'SecurePassword123!', firstName: 'Worker', lastName: `Number${i}` },
    })
    expect(created.status()).toBe(201)
    const { data: user } = (await created.json()) as { data: { id: string } }
    expect(await count()).toBe(11)
    await page.reload()
    await expect(page.locator('#count')).toHaveText('11')
    await expect(page.locator('#users')).toContainText(email)

    const renamed = await request.put(`${mockWorld.url}/organization/users/${user.id}`, { headers: auth, data: { name: `Renamed${i}` } })
    expect(renamed.status()).toBe(200)
    await page.reload()
    await expect(page.locator('#users')).toContainText(`Renamed${i} Number${i}`)

    const deleted = await request.delete(`${mockWorld.url}/organization/users/${user.id}`, { headers: auth })
    expect(deleted.status()).toBe(200)
    const again = await request.delete(`${mockWorld.url}/organization/users/${user.id}`, { headers: auth })
    expect(again.status()).not.toBe(200)
    expect(await count()).toBe(11)

    await mockWorld.fail('listOrganizationUsers', { status: 503 }, { times: 1 })
    await page.reload()
    await expect(page.locator('#error')).toHaveText('Could not load the team (503)')
    await page.reload()
    await expect(page.locator('#count')).toHaveText('11')

    const login = await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: PASSWORD } })
    expect(login.status()).toBe(200)
    const { accessToken } = (await login.json()) as { accessToken: string }
    const profile = () => request.get(`${mockWorld.url}/user/profile`, { headers: { Authorization: `Bearer ${accessToken}` } })
    expect((await profile()).status()).toBe(200)
    await mockWorld.clock.advance('61m')
    expect((await profile()).status()).toBe(401)

    const journal = await mockWorld.journal()
    expect(new Set(journal.map((entry) => entry.world))).toEqual(new Set([mockWorld.name]))
    expect(journal.filter((entry) => entry.operationId === 'createOrganizationUser')).toHaveLength(1)
    expect((await mockWorld.users()).filter((u) => u.email.startsWith('e2e.'))).toEqual([expect.objectContaining({ email })])
  })
}

test('a request without the world header is in the default world, which the journeys never touch', async ({ playwright, mockWorld }) => {
  const plain = await playwright.request.newContext()
  const answer = await plain.get(`${mockWorld.url}/__mock/users`)
  const { users } = (await answer.json()) as { users: { email: string }[] }
  expect(users.some((u) => u.email.startsWith('e2e.'))).toBe(false)
  await plain.dispose()
})
