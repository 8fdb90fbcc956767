import { describe, expect, it } from 'vitest'
import { deleteSettingsKeys, mergeSettings } from './settings.js'

describe('mergeSettings', () => {
  it('merges objects key by key and replaces everything else', () => {
    const current = { maxFileSize: '10GB', security: { requireMFA: true, sessionTimeout: 3600 }, tags: ['a'] }
    expect(mergeSettings(current, { maxFileSize: '20GB', security: { requireMFA: false }, tags: ['b'] })).toEqual({
      maxFileSize: '20GB', security: { requireMFA: false, sessionTimeout: 3600 }, tags: ['b'],
    })
    expect(current.security.requireMFA).toBe(true)
  })

  it('keeps a "__proto__" key from JSON as a plain key, never a prototype', () => {
    const merged = mergeSettings({}, JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(merged)).toEqual(['__proto__'])
  })
})

describe('deleteSettingsKeys', () => {
  it('removes top-level keys and dot paths, and ignores keys that name nothing', () => {
    const current = { theme: 'dark', notifications: { email: true, push: false }, timezone: 'UTC' }
    expect(deleteSettingsKeys(current, ['theme', 'notifications.push', 'nothing.here', 'timezone.x'])).toEqual({
      notifications: { email: true }, timezone: 'UTC',
    })
  })
})
