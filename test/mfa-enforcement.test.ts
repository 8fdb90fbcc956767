import { beforeEach, describe, expect, it } from 'vitest'
import { transports } from './support/transports.js'
import { ACME, snapshot } from './support/world.js'

describe.each(transports)('MFA enforcement through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())

  async function flags() {
    const [organization, profile, status] = await Promise.all([
      t.request('GET', `/organization/${ACME}`, { as: 'user' }),
      t.request('GET', '/user/profile', { as: 'user' }),
      t.request('GET', '/mfa/status', { as: 'user' }),
    ])
    return { mfaEnforced: organization.body.data.mfaEnforced, mfaRequired: profile.body.data.mfaRequired, isEnforced: status.body.data.isEnforced }
  }

  it('is one flag: enforcing through the MFA call shows in the organization and the MFA status', async () => {
    // Jane has not enrolled: the rule is her organization's, not yet hers (mfaRequired is per user).
    expect(await flags()).toEqual({ mfaEnforced: true, mfaRequired: false, isEnforced: true })
    const off = await t.request('POST', '/mfa/organization/enforce', { as: 'administrator', json: { enforced: false } })
    expect(off.body).toEqual({ success: true, message: 'MFA enforcement disabled for organization' })
    expect(await flags()).toEqual({ mfaEnforced: false, mfaRequired: false, isEnforced: false })
  })

  it('is the same flag PUT /organization/{orgId} sets', async () => {
    await t.request('PUT', `/organization/${ACME}`, { as: 'owner', json: { mfaEnforced: false } })
    expect(await flags()).toEqual({ mfaEnforced: false, mfaRequired: false, isEnforced: false })
  })

  it('refuses WORKSPACES with 403 in the error field, changing nothing', async () => {
    const before = snapshot(t.mock)
    const response = await t.request('POST', '/mfa/organization/enforce', { as: 'workspaces', json: { enforced: false } })
    expect(response.status).toBe(403)
    expect(response.body).toEqual({ success: false, error: 'Insufficient permissions: only OWNER and ADMINISTRATOR roles can enforce MFA' })
    expect(snapshot(t.mock)).toBe(before)
  })

  it('names a missing enforced flag in a 400', async () => {
    const response = await t.request('POST', '/mfa/organization/enforce', { as: 'owner', json: { enforce: true } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ success: false, error: 'Invalid request body: enforced is required' })
  })

  it("reports a user's own methods, and no MFA for a user who set none up", async () => {
    const none = await t.request('GET', '/mfa/status', { as: 'globexUser' })
    expect(none.body).toEqual({ success: true, data: { isEnabled: false, isRequired: false, isEnforced: false, enabledMethods: [], sessionVerified: true } })
  })
})
