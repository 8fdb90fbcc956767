import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { people, snapshot, type Person } from './support/world.js'

describe.each(transports)('basic user data (PUT /user/{userId}) through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const userPath = (who: Person) => `/user/${people[who].id}`
  const storedPassword = (who: Person) => t.mock.db.users.all().find((u) => u.id === people[who].id)!.password

  async function expectRefused(who: Person, target: Person, json: unknown, status: number, message: string) {
    const before = snapshot(t.mock)
    const response = await t.request('PUT', userPath(target), { as: who, json })
    expect(response.status).toBe(status)
    expect(response.body).toEqual({ success: false, message })
    expect(snapshot(t.mock)).toBe(before)
  }

  it('lets a USER rename herself, and her profile shows the new name', async () => {
    const response = await t.request('PUT', userPath('user'), { as: 'user', json: { name: 'Janet', lastName: 'Smythe' } })
    expect(response.body).toEqual({ success: true, message: 'User updated successfully' })
    const profile = await t.request('GET', '/user/profile', { as: 'user' })
    expect(profile.body.data).toMatchObject({ name: 'Janet', lastName: 'Smythe' })
  })

  it('lets WORKSPACES rename a USER of its organization', async () => {
    expect((await t.request('PUT', userPath('user'), { as: 'workspaces', json: { lastName: 'Jones' } })).status).toBe(200)
    const seen = await t.request('GET', `/organization/users/${people.user.id}`, { as: 'workspaces' })
    expect(seen.body.lastName).toBe('Jones')
  })

  it('refuses a BILLING renaming another user with 403', () =>
    expectRefused('billing', 'user', { name: 'X' }, 403, 'Insufficient permissions to update this user'))

  it('refuses WORKSPACES renaming an ADMINISTRATORS (a role not below its own) with 403', () =>
    expectRefused('workspaces', 'administrator', { name: 'X' }, 403, 'Insufficient permissions to update this user'))

  it('refuses a user of another organization with 403, even to its OWNER', () =>
    expectRefused('globexOwner', 'user', { name: 'X' }, 403, 'Access denied: user is not in your organization'))

  it('stores a new password of one\'s own on the user record, where sign-in checks it', async () => {
    const response = await t.request('PUT', userPath('user'), { as: 'user', json: { password: 'BrandNew2026' } })
    expect(response.status).toBe(200)
    expect(storedPassword('user')).toBe('BrandNew2026')
  })

  it('signs in with the new password at the next login, and no longer with the old one', async () => {
    expect((await t.request('PUT', userPath('user'), { as: 'user', json: { password: 'BrandNew2026' } })).status).toBe(200)
    const login = (password: string) => t.request('POST', '/user/login', { json: { email: people.user.email, password } })
    expect((await login('BrandNew2026')).status).toBe(200)
    const old = await login('Password123!')
    expect(old.status).toBe(401)
    expect(old.body.error_code).toBe('INVALID_PASSWORD')
  })

  it("refuses to change another user's password, even for an OWNER, and changes nothing", () =>
    expectRefused('owner', 'user', { name: 'Jane', password: 'BrandNew2026' }, 403, 'You can only change your own password'))

  it('refuses a password to a user who signs in with an external provider', async () => {
    const google = await t.mock.arrange.user({ orgRole: 0, authMethod: 'GOOGLE' })
    const before = snapshot(t.mock)
    const response = await t.request('PUT', `/user/${google.user.id}`, { as: { token: google.token }, json: { password: 'BrandNew2026' } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ success: false, message: 'Cannot set a password for a user who signs in with an external provider' })
    expect(snapshot(t.mock)).toBe(before)
  })

  it('refuses a weak password with the register page\'s rule', () =>
    expectRefused('user', 'user', { password: 'alllowercase1' }, 400, 'Password must be at least 8 characters with an upper-case letter, a lower-case letter and a digit'))

  it('refuses a body with nothing to update, and an empty name', async () => {
    await expectRefused('user', 'user', { nickname: 'J' }, 400, 'No valid fields to update')
    await expectRefused('user', 'user', { name: '' }, 400, 'Invalid request body: name must NOT have fewer than 1 characters')
  })
})
