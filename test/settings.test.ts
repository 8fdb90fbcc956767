import { beforeEach, describe, expect, it } from 'vitest'
import { documentedExample } from './support/document.js'
import { transports } from './support/transports.js'
import { snapshot } from './support/world.js'

describe.each(transports)('settings through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const settingsOf = async (path: string, as: 'workspaces' | 'user' | 'owner' | 'globexOwner') => (await t.request('GET', path, { as })).body.settings

  it('merges a partial update into the stored settings, key by key', async () => {
    await t.request('PUT', '/settings/user', { as: 'workspaces', json: { theme: 'light', notifications: { email: false } } })
    expect(await settingsOf('/settings/user', 'workspaces')).toEqual({ theme: 'light', notifications: { email: false, push: false }, timezone: 'UTC', language: 'en' })
  })

  it('replaces every setting on POST and removes dot paths on DELETE', async () => {
    await t.request('POST', '/settings/user', { as: 'workspaces', json: { settings: { theme: 'dark', notifications: { push: true, email: true } } } })
    await t.request('DELETE', '/settings/user', { as: 'workspaces', json: { keys: ['notifications.push'] } })
    expect(await settingsOf('/settings/user', 'workspaces')).toEqual({ theme: 'dark', notifications: { email: true } })
  })

  it("keeps each user's settings their own, and each organization's", async () => {
    expect(await settingsOf('/settings/user', 'user')).toEqual({})
    await t.request('PUT', '/settings/user', { as: 'user', json: { theme: 'light' } })
    expect((await settingsOf('/settings/user', 'workspaces')).theme).toBe('dark')
    expect(await settingsOf('/settings/organization', 'globexOwner')).toEqual({})
    expect(await settingsOf('/settings/organization', 'user')).toEqual(documentedExample('getOrganizationSettings', 200).settings)
  })

  it('lets an OWNER change the organization settings every member reads, and refuses WORKSPACES with 403', async () => {
    const before = snapshot(t.mock)
    const refused = await t.request('PUT', '/settings/organization', { as: 'workspaces', json: { maxFileSize: '1TB' } })
    expect(refused.status).toBe(403)
    expect(snapshot(t.mock)).toBe(before)
    await t.request('PUT', '/settings/organization', { as: 'owner', json: { security: { requireMFA: false } } })
    expect((await settingsOf('/settings/organization', 'user')).security).toEqual({ requireMFA: false, sessionTimeout: 3600 })
  })

  it('leaves the MFA enforcement flag alone when security.requireMFA changes', async () => {
    await t.request('PUT', '/settings/organization', { as: 'owner', json: { security: { requireMFA: false } } })
    const status = await t.request('GET', '/mfa/status', { as: 'workspaces' })
    expect(status.body.data.isEnforced).toBe(true)
  })

  it('is restored by reset()', async () => {
    await t.request('POST', '/settings/organization', { as: 'owner', json: { settings: {} } })
    await t.mock.reset()
    expect(await settingsOf('/settings/organization', 'user')).toEqual(documentedExample('getOrganizationSettings', 200).settings)
  })

  it('refuses writes that would take a user past 64 KB of settings with a 400 naming the limit, and keeps what was stored', async () => {
    const quarter = 'x'.repeat(16 * 1024)
    for (const key of ['a', 'b', 'c']) expect((await t.request('PUT', '/settings/user', { as: 'user', json: { [key]: quarter } })).status).toBe(200)
    const before = snapshot(t.mock)
    const refused = await t.request('PUT', '/settings/user', { as: 'user', json: { d: quarter } })
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual({ success: false, message: expect.stringMatching(/^Settings too large: \d+ characters of JSON, the limit is 65536$/) })
    expect(snapshot(t.mock)).toBe(before)
    expect((await t.request('PUT', '/settings/user', { as: 'user', json: { a: 'small' } })).status).toBe(200)
    expect((await t.request('PUT', '/settings/user', { as: 'user', json: { d: quarter } })).status).toBe(200)
  })

  it('refuses organization settings with more than 1,000 keys at every level with a 400 naming the limit, and keeps what was stored', async () => {
    const before = snapshot(t.mock)
    const settings = { flags: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, true])) }
    const refused = await t.request('POST', '/settings/organization', { as: 'owner', json: { settings } })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBe('Too many settings keys: 1001, the limit is 1000 at every level together')
    expect(snapshot(t.mock)).toBe(before)
  })
})
