import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { ACME, GLOBEX, people, snapshot, type Person } from './support/world.js'

describe.each(transports)('user management through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  const userPath = (who: Person) => `/organization/users/${people[who].id}`
  let created = 0
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `someone.${++created}@acme.com`,
    password: 'SecurePassword123!',
    firstName: 'Some',
    lastName: 'One',
    ...overrides,
  })

  async function expectRefusedAndUnchanged(request: () => Promise<{ status: number; body: any }>, status: number, message?: string) {
    const before = snapshot(t.mock)
    const response = await request()
    expect(response.status).toBe(status)
    if (message) expect(response.body.message).toBe(message)
    expect(snapshot(t.mock)).toBe(before)
  }

  describe('creating users', () => {
    it('names every failing field of a body in one 400, and creates nothing', async () => {
      await expectRefusedAndUnchanged(async () => {
        const response = await t.request('POST', '/organization/users', { as: 'owner', json: newUser({ email: 'not-an-email', password: '', lastName: '' }) })
        expect(response.body.message).toBe('Invalid request body: email must be a valid email; password must NOT have fewer than 1 characters; lastName must NOT have fewer than 1 characters')
        return response
      }, 400)
    })

    it('creates a USER in the caller organization who then appears in the list and can sign in', async () => {
      const created = await t.request('POST', '/organization/users', { as: 'workspaces', json: newUser({ email: 'Ada.L@Acme.com', firstName: 'Ada' }) })
      expect(created.status).toBe(201)
      expect(created.body.data).toMatchObject({ email: 'Ada.L@Acme.com', name: 'Ada', orgRole: 0, validated: false, orgId: ACME })
      expect(created.body.data).not.toHaveProperty('password')
      const list = await t.request('GET', '/organization/users', { as: 'workspaces' })
      expect(list.body.data.map((u: any) => u.id)).toContain(created.body.data.id)
      expect(list.body.total).toBe(list.body.data.length)
      const profile = await t.request('GET', '/user/profile', { as: { token: t.mock.tokenFor('ada.l@acme.com') } })
      expect(profile.body.data).toMatchObject({ id: created.body.data.id, validated: false })
    })

    it('says no verification e-mail was sent when sendInvite is false', async () => {
      const created = await t.request('POST', '/organization/users', { as: 'workspaces', json: newUser({ sendInvite: false }) })
      expect(created.body.message).toBe('User created successfully.')
    })

    it('ignores undocumented fields the official client sends (provider, authMethod)', async () => {
      const created = await t.request('POST', '/organization/users', { as: 'workspaces', json: newUser({ provider: 'google', authMethod: 'GOOGLE' }) })
      expect(created.status).toBe(201)
    })

    it.each([
      ['WORKSPACES', 'workspaces', 1, 201], ['WORKSPACES', 'workspaces', 2, 403],
      ['ADMINISTRATORS', 'administrator', 2, 201], ['ADMINISTRATORS', 'administrator', 254, 403],
      ['OWNER', 'owner', 255, 201],
    ] as const)('lets a %s caller assign role %i: %i', async (_, caller, orgRole, status) => {
      const response = await t.request('POST', '/organization/users', { as: caller, json: newUser({ orgRole }) })
      expect(response.status).toBe(status)
    })

    it('answers 400 for an e-mail used in another organization, compared case-insensitively', async () => {
      await expectRefusedAndUnchanged(
        () => t.request('POST', '/organization/users', { as: 'workspaces', json: newUser({ email: 'Hannah.Schmidt@GLOBEX.io' }) }),
        400,
        'A user with this email already exists',
      )
    })

    it('creates the user in the caller organization, whatever the body says', async () => {
      const created = await t.request('POST', '/organization/users', { as: 'globexOwner', json: newUser({ orgId: 'x' }) })
      expect(created.body.data.orgId).toBe(GLOBEX)
    })
  })

  describe('updating users', () => {
    it('changes the name and role and shows the change on the next read', async () => {
      const updated = await t.request('PUT', userPath('user'), { as: 'workspaces', json: { name: 'Janet', orgRole: 1 } })
      expect(updated.body.data).toMatchObject({ name: 'Janet', lastName: 'Smith', orgRole: 1, orgRoleDescription: 'BILLING', orgRoles: [0, 1] })
      const read = await t.request('GET', userPath('user'), { as: 'workspaces' })
      expect(read.body).toMatchObject({ name: 'Janet', orgRole: 1 })
    })

    it('lets a caller edit its own name', async () => {
      const updated = await t.request('PUT', userPath('workspaces'), { as: 'workspaces', json: { lastName: 'Dough' } })
      expect(updated.status).toBe(200)
    })

    it.each([
      ['a WORKSPACES raising itself', 'workspaces', 'workspaces', { orgRole: 254 }, 'Insufficient permissions: you cannot change your own role'],
      ['a WORKSPACES promoting a USER to WORKSPACES', 'workspaces', 'user', { orgRole: 2 }, 'Insufficient permissions to update users'],
      ['a WORKSPACES renaming an ADMINISTRATORS', 'workspaces', 'administrator', { name: 'X' }, 'Insufficient permissions to update users'],
      ['an ADMINISTRATORS demoting the OWNER', 'administrator', 'owner', { orgRole: 0 }, 'Insufficient permissions to update users'],
      ['an ADMINISTRATORS crowning a USER OWNER', 'administrator', 'user', { orgRole: 255 }, 'Insufficient permissions to update users'],
      ['an OWNER of another organization', 'globexOwner', 'user', { name: 'X' }, 'Access denied: user is not in your organization'],
    ] as const)('returns 403 given %s', async (_, caller, target, json, message) => {
      await expectRefusedAndUnchanged(() => t.request('PUT', userPath(target), { as: caller, json }), 403, message)
    })

    it('lets an OWNER crown another OWNER, after which the first may step down', async () => {
      expect((await t.request('PUT', userPath('administrator'), { as: 'owner', json: { orgRole: 255 } })).status).toBe(200)
      expect((await t.request('PUT', userPath('owner'), { as: 'owner', json: { orgRole: 254 } })).status).toBe(200)
    })

    it('returns 400 when the last OWNER would lose the role', async () => {
      await expectRefusedAndUnchanged(
        () => t.request('PUT', userPath('owner'), { as: 'owner', json: { orgRole: 254 } }),
        400,
        'Cannot remove the last OWNER of the organization',
      )
    })

    it.each([
      [{ orgRole: 3 }, 'Invalid role combination'],
      [{ orgRole: -1 }, 'Invalid role combination'],
      [{ orgRole: '2' }, 'Invalid request body: orgRole must be integer'],
      [{ name: '' }, 'Invalid request body: name must NOT have fewer than 1 characters'],
      [{ nickname: 'Jay' }, 'No valid fields to update'],
    ])('returns 400 with data {} given %j', async (json, message) => {
      const before = snapshot(t.mock)
      const response = await t.request('PUT', userPath('user'), { as: 'owner', json })
      expect(response).toMatchObject({ status: 400, body: { success: false, data: {}, message } })
      expect(snapshot(t.mock)).toBe(before)
    })
  })

  describe('deleting and reactivating users', () => {
    it('soft-deletes: the user stays listed with deletedAt, loses access, and comes back on activate', async () => {
      expect((await t.request('DELETE', userPath('user'), { as: 'workspaces' })).status).toBe(200)
      const read = await t.request('GET', userPath('user'), { as: 'workspaces' })
      expect(read.body.deletedAt).toEqual(expect.any(String))
      expect((await t.request('GET', '/user/profile', { as: 'user' })).status).toBe(401)
      expect((await t.request('POST', `${userPath('user')}/activate`, { as: 'workspaces' })).status).toBe(200)
      expect((await t.request('GET', userPath('user'), { as: 'workspaces' })).body.deletedAt).toBeNull()
      expect((await t.request('GET', '/user/profile', { as: 'user' })).status).toBe(200)
    })

    it('returns 400 when deleting a user who is already deleted', async () => {
      await expectRefusedAndUnchanged(() => t.request('DELETE', userPath('deleted'), { as: 'workspaces' }), 400, 'User is already deleted')
    })

    it('returns 400 when the only OWNER deletes itself, and 403 when anyone else tries to delete an OWNER', async () => {
      await expectRefusedAndUnchanged(() => t.request('DELETE', userPath('owner'), { as: 'owner' }), 400, 'Cannot delete yourself')
      await expectRefusedAndUnchanged(() => t.request('DELETE', userPath('owner'), { as: 'administrator' }), 403)
    })

    it('returns 400 when an OWNER would delete the last other active OWNER', async () => {
      await t.request('PUT', userPath('administrator'), { as: 'owner', json: { orgRole: 255 } })
      await t.request('PUT', userPath('owner'), { as: 'owner', json: { orgRole: 254 } })
      // Marcus is now the only OWNER; Olivia (ADMINISTRATORS) may not delete him, and he may not delete himself.
      await expectRefusedAndUnchanged(() => t.request('DELETE', userPath('administrator'), { as: 'owner' }), 403)
      await expectRefusedAndUnchanged(() => t.request('DELETE', userPath('administrator'), { as: 'administrator' }), 400)
    })
  })

  describe('viewing', () => {
    it('lists only the caller organization, deleted users included, in a stable order', async () => {
      const first = await t.request('GET', '/organization/users', { as: 'globexWorkspaces' })
      const second = await t.request('GET', '/organization/users', { as: 'globexWorkspaces' })
      expect(first.body).toEqual(second.body)
      expect(new Set(first.body.data.map((u: any) => u.orgId))).toEqual(new Set([GLOBEX]))
      const acme = await t.request('GET', '/organization/users', { as: 'owner' })
      expect(acme.body.data.find((u: any) => u.id === people.deleted.id).deletedAt).toEqual(expect.any(String))
    })

    it('never sends a password', async () => {
      const list = await t.request('GET', '/organization/users', { as: 'owner' })
      expect(JSON.stringify(list.body)).not.toMatch(/password/i)
    })

    it('returns 403 "Access denied" for a user of another organization by id', async () => {
      const response = await t.request('GET', `/user/${people.globexUser.id}`, { as: 'user' })
      expect(response.body).toEqual({ success: false, message: 'Access denied: user is not in your organization' })
    })

    it('gives a user without organization a profile with null role and no MFA', async () => {
      const response = await t.request('GET', '/user/profile', { as: 'noOrganization' })
      expect(response.body.data).toMatchObject({ orgId: null, orgRole: null, orgRoleDescription: 'NONE', orgRoles: [], mfaRequired: false })
    })

    it('describes 0xfe as ADMINISTRATORS with roles [0, 1, 2, 254]', async () => {
      const response = await t.request('GET', `/user/${people.administrator.id}`, { as: 'user' })
      expect(response.body.data).toMatchObject({ orgRole: 254, orgRoleDescription: 'ADMINISTRATORS', orgRoles: [0, 1, 2, 254] })
    })
  })

  describe('updating the organization', () => {
    it('changes only the updatable fields sent and ignores domain and reposDisabled', async () => {
      const response = await t.request('PUT', `/organization/${GLOBEX}`, { as: 'globexOwner', json: { website: null, domain: 'evil.io', reposDisabled: true } })
      expect(response.body.data).toMatchObject({ website: null, domain: 'globex.io', reposDisabled: false, name: 'Globex Industries' })
    })

    it('returns 400 naming a wrongly typed field, with data null', async () => {
      const response = await t.request('PUT', `/organization/${GLOBEX}`, { as: 'globexOwner', json: { is_business: 'yes' } })
      expect(response.body).toEqual({ success: false, data: null, message: 'Invalid request body: is_business must be boolean' })
    })

    it('returns 403 to an OWNER of another organization', async () => {
      const response = await t.request('PUT', `/organization/${GLOBEX}`, { as: 'owner', json: { name: 'Mine' } })
      expect(response.body).toEqual({ success: false, data: null, message: 'Access denied: you can only modify your own organization' })
    })
  })
})
