import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { people, snapshot } from './support/world.js'

describe.each(transports)('resending an invitation through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const invite = (userId: string) => `/organization/users/${userId}/resend-invitation`

  it('sends it again to a member created by WORKSPACES who has not validated, and journals it', async () => {
    const created = await t.request('POST', '/organization/users', {
      as: 'workspaces',
      json: { email: 'invitee@acme.com', password: 'Password123!', firstName: 'In', lastName: 'Vitee' },
    })
    const response = await t.request('POST', invite(created.body.data.id), { as: 'workspaces' })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ success: true, message: 'Invitation resent successfully' })
    expect(t.mock.journal({ operationId: 'resendOrganizationUserInvitation' })).toHaveLength(1)
  })

  it.each([
    ['a member who has validated', people.user.id, 'User has already validated their email'],
    ['a soft-deleted member', people.deleted.id, 'User is deleted'],
  ])('refuses %s with 400 and changes nothing', async (_, userId, message) => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', invite(userId), { as: 'owner' })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ success: false, message })
    expect(snapshot(t.mock)).toBe(before)
  })

  it('refuses a member whose role is not below the caller\'s, and another organization\'s member', async () => {
    const admin = await t.mock.arrange.user({ orgRole: 254, validated: false })
    expect((await t.request('POST', invite(admin.user.id), { as: 'workspaces' })).body).toEqual({ success: false, message: 'Insufficient permissions to resend invitations' })
    expect((await t.request('POST', invite(people.globexUser.id), { as: 'owner' })).body).toEqual({ success: false, message: 'Access denied: user is not in your organization' })
  })
})
