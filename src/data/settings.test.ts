import { describe, expect, it } from 'vitest'
import { SETTINGS_LIMITS, StoredSettings } from './settings.js'

describe('StoredSettings.merge', () => {
  it('merges objects key by key and replaces everything else', () => {
    const current = { maxFileSize: '10GB', security: { requireMFA: true, sessionTimeout: 3600 }, tags: ['a'] }
    const stored = StoredSettings.copyOf(current)
    expect(stored.merge({ maxFileSize: '20GB', security: { requireMFA: false }, tags: ['b'] }).view()).toEqual({
      maxFileSize: '20GB', security: { requireMFA: false, sessionTimeout: 3600 }, tags: ['b'],
    })
    expect(stored.view()).toEqual(current)
  })

  it('keeps a "__proto__" key from JSON as a plain key, never a prototype', () => {
    const merged = StoredSettings.empty.merge(JSON.parse('{"__proto__": {"polluted": true}}')).view()
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(merged)).toEqual(['__proto__'])
  })

  it('shares the entries a write leaves alone instead of copying them', () => {
    const stored = StoredSettings.copyOf({ big: { list: [1, 2, 3] }, theme: 'dark' })
    const merged = stored.merge({ theme: 'light' })
    expect(merged.view().big).toBe(stored.view().big)
    expect(Object.isFrozen(merged.view().big)).toBe(true)
  })
})

describe('StoredSettings.without', () => {
  it('removes top-level keys and dot paths, and ignores keys that name nothing', () => {
    const stored = StoredSettings.copyOf({ theme: 'dark', notifications: { email: true, push: false }, timezone: 'UTC' })
    expect(stored.without(['theme', 'notifications.push', 'nothing.here', 'timezone.x']).view()).toEqual({
      notifications: { email: true }, timezone: 'UTC',
    })
  })
})

describe('StoredSettings size', () => {
  it.each([
    [{}],
    [{ theme: 'dark', n: 1.5, list: [{ a: null }, 'x'], nested: { deep: { er: true } } }],
    [{ 'ünïcode "quoted"': '\u0000\n', '': [] }],
  ])('counts the characters of %j as JSON text and every key at every level', (settings) => {
    const stored = StoredSettings.copyOf(settings)
    expect(stored.characters).toBe(JSON.stringify(settings).length)
    const keys = (value: unknown): number =>
      value === null || typeof value !== 'object' ? 0 : Object.entries(value).reduce((n, [k, v]) => n + (Array.isArray(value) ? 0 : 1) + keys(v), 0)
    expect(stored.keys).toBe(keys(settings))
  })

  it('keeps its size right through merges and deletions', () => {
    const stored = StoredSettings.copyOf({ a: { b: 1, c: [1, 2] }, d: 'x' }).merge({ a: { e: 'new' }, f: null }).without(['a.b', 'd'])
    expect(stored.characters).toBe(JSON.stringify(stored.view()).length)
    expect(stored.keys).toBe(4)
  })

  it('names the limit it is over', () => {
    expect(StoredSettings.copyOf({ v: 'x'.repeat(SETTINGS_LIMITS.characters) }).overLimit()).toMatch(/Settings too large: \d+ characters of JSON, the limit is 65536/)
    const many = Object.fromEntries(Array.from({ length: SETTINGS_LIMITS.keys + 1 }, (_, i) => [`k${i}`, i]))
    expect(StoredSettings.copyOf(many).overLimit()).toMatch(/Too many settings keys: 1001, the limit is 1000/)
    expect(StoredSettings.copyOf({ theme: 'dark' }).overLimit()).toBeUndefined()
  })
})
