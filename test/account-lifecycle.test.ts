import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { people } from './support/world.js'

describe.each(transports)('the account lifecycle calls through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  it('deactivates the caller, whose token then stops working, until WORKSPACES reactivates it', async () => {
    const response = await t.request('POST', '/user/deactivate', { as: 'user' })
    expect(response.body).toEqual({ success: true, message: 'User deactivated successfully' })
    expect((await t.request('GET', '/user/profile', { as: 'user' })).status).toBe(401)
    expect((await t.request('POST', `/organization/users/${people.user.id}/activate`, { as: 'workspaces' })).status).toBe(200)
    expect((await t.request('GET', '/user/profile', { as: 'user' })).status).toBe(200)
  })

  it('keeps the last active OWNER from deactivating', async () => {
    const response = await t.request('POST', '/user/deactivate', { as: 'owner' })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ success: false, message: 'Cannot remove the last OWNER of the organization' })
  })
})
