import { beforeEach, describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { transports } from './support/transports.js'
import { GLOBEX, people, snapshot, type Person } from './support/world.js'

const ROLES = [0, 1, 2, 254, 255]
const acme: Person[] = ['user', 'billing', 'workspaces', 'administrator', 'owner']

describe.each(transports)('the role page through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const rolePath = (who: Person) => `/user/${people[who].id}/role`

  it('answers the official client\'s UpdateUserRoleResponse and the new role shows everywhere', async () => {
    const response = await t.request('PUT', rolePath('billing'), { as: 'administrator', json: { orgRole: 2 } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      success: true,
      data: { userId: people.billing.id, previousRole: 1, newRole: 2, message: 'User role updated successfully' },
      message: 'User role updated successfully',
    })
    const seen = await t.request('GET', `/user/${people.billing.id}`, { as: 'user' })
    expect(seen.body.data).toMatchObject({ orgRole: 2, orgRoleDescription: 'WORKSPACES', orgRoles: [0, 1, 2] })
  })

  it.each([
    ['gives a role equal to its own', 'workspaces', 'user', 2, 'Insufficient permissions to update user roles'],
    ['acts on a user of equal role', 'administrator', 'workspaces', 0, undefined],
    ['acts on a user of higher role', 'workspaces', 'administrator', 0, 'Insufficient permissions to update user roles'],
    ['changes its own role', 'administrator', 'administrator', 2, 'Insufficient permissions: you cannot change your own role'],
    ['is a BILLING giving USER', 'billing', 'user', 0, 'Insufficient permissions to update user roles'],
  ] as const)('refuses with 403 and changes nothing when a caller %s', async (_, caller, target, orgRole, message) => {
    if (target === 'workspaces' && caller === 'administrator') {
      // Marcus (ADMINISTRATORS) acting on another ADMINISTRATORS: make John one first.
      await t.request('PUT', rolePath('workspaces'), { as: 'owner', json: { orgRole: 254 } })
    }
    const before = snapshot(t.mock)
    const response = await t.request('PUT', rolePath(target), { as: caller, json: { orgRole } })
    expect(response.status).toBe(403)
    if (message) expect(response.body).toEqual({ success: false, message })
    expect(snapshot(t.mock)).toBe(before)
  })

  it('lets an OWNER make another OWNER, who may then step down, but never the last one', async () => {
    const last = await t.request('PUT', rolePath('owner'), { as: 'owner', json: { orgRole: 254 } })
    expect(last.status).toBe(400)
    expect(last.body).toEqual({ success: false, message: 'Cannot remove the last OWNER of the organization' })
    expect((await t.request('PUT', rolePath('administrator'), { as: 'owner', json: { orgRole: 255 } })).status).toBe(200)
    const stepDown = await t.request('PUT', rolePath('owner'), { as: 'owner', json: { orgRole: 254 } })
    expect(stepDown.status).toBe(200)
    expect(stepDown.body.data).toMatchObject({ previousRole: 255, newRole: 254 })
    const marcusLast = await t.request('PUT', rolePath('administrator'), { as: 'administrator', json: { orgRole: 0 } })
    expect(marcusLast.status).toBe(400)
  })

  it('refuses a user of another organization with 403, even to its OWNER', async () => {
    const response = await t.request('PUT', rolePath('user'), { as: 'globexOwner', json: { orgRole: 1 } })
    expect(response.status).toBe(403)
    expect(response.body).toEqual({ success: false, message: 'Access denied: user is not in your organization' })
  })

  it('names a role that is not one of the five, and a missing one, in a 400', async () => {
    const invalid = await t.request('PUT', rolePath('user'), { as: 'owner', json: { orgRole: 7 } })
    expect(invalid.body).toEqual({ success: false, message: 'Invalid role combination' })
    const missing = await t.request('PUT', rolePath('user'), { as: 'owner', json: { role: 1 } })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe('Invalid request body: orgRole is required')
  })

  it('answers the same role again with 200, previousRole equal to newRole, and changes nothing', async () => {
    const before = snapshot(t.mock)
    const response = await t.request('PUT', rolePath('user'), { as: 'workspaces', json: { orgRole: 0 } })
    expect(response.body.data).toMatchObject({ previousRole: 0, newRole: 0 })
    expect(snapshot(t.mock)).toBe(before)
  })

  it('is never taken for the organization of the id: GLOBEX as a user id is 404', async () => {
    expect((await t.request('PUT', `/user/${GLOBEX}/role`, { as: 'owner', json: { orgRole: 1 } })).status).toBe(404)
  })
})

describe('one rule, two doors', () => {
  // Every caller of Acme × every target of Acme × every role: the role page and the organization-user
  // update give the same status and leave the same role.
  const cases = acme.flatMap((caller) => acme.flatMap((target) => ROLES.map((orgRole) => ({ caller, target, orgRole }))))
  const viaRolePage = createFlashbackMock()
  const viaOrganization = createFlashbackMock()

  it.each(cases)('$caller giving $target role $orgRole: same answer through PUT /user/{userId}/role and PUT /organization/users/{userId}', async ({ caller, target, orgRole }) => {
    await Promise.all([viaRolePage.reset(), viaOrganization.reset()])
    const call = (mock: typeof viaRolePage, path: string) =>
      mock.fetch(`${mock.baseUrl}${path}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${mock.tokenFor(people[caller].id)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ orgRole }),
      })
    const [a, b] = await Promise.all([
      call(viaRolePage, `/user/${people[target].id}/role`),
      call(viaOrganization, `/organization/users/${people[target].id}`),
    ])
    expect(a.status).toBe(b.status)
    const roleOf = (mock: typeof viaRolePage) => mock.db.users.all().find((u) => u.id === people[target].id)!.orgRole
    expect(roleOf(viaRolePage)).toBe(roleOf(viaOrganization))
    const [bodyA, bodyB] = [await a.json(), await b.json()]
    if (a.status >= 400) expect(bodyA.message).toBe(bodyB.message.replace('to update users', 'to update user roles'))
  })
})
