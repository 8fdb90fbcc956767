import { describe, expect, it } from 'vitest'
import { MockWorld } from './world.js'
import { WorldRegistry } from './worlds.js'

function registry(options: { ttlMs?: number; maxWorlds?: number } = {}) {
  let now = 0
  const made: string[] = []
  const worlds = new WorldRegistry({
    defaultWorld: new MockWorld({ strict: false }),
    create: (name, recipe) => {
      made.push(name)
      return new MockWorld({ strict: false, ...recipe }, name)
    },
    now: () => now,
    ...options,
  })
  return { worlds, made, advance: (ms: number) => (now += ms) }
}

describe('WorldRegistry', () => {
  it('makes a world once, on first use, and answers the same world after', () => {
    const { worlds, made } = registry()
    const first = worlds.forRequest('a')
    expect(worlds.forRequest('a')).toBe(first)
    expect(made).toEqual(['a'])
    expect(worlds.list().find((w) => w.name === 'a')?.requests).toBe(2)
  })

  it('drops a world idle past the TTL and makes it afresh on its next use, noting why in its journal', async () => {
    const { worlds, advance, made } = registry({ ttlMs: 1000 })
    const old = worlds.forRequest('idle')
    advance(1001)
    const fresh = worlds.forRequest('idle')
    expect(fresh).not.toBe(old)
    expect(made).toEqual(['idle', 'idle'])
    fresh.log.record({ operationId: 'getUserProfile', method: 'GET', path: '/user/profile', status: 200, caller: null })
    fresh.log.record({ operationId: 'getUserProfile', method: 'GET', path: '/user/profile', status: 200, caller: null })
    const [first, second] = fresh.log.journal()
    expect(first!.note).toMatch(/idle for more than 1s \(--world-ttl\)/)
    expect(second!.note).toBeUndefined()
  })

  it('keeps a world in use however long it lives, and frees idle ones on a sweep', () => {
    const { worlds, advance } = registry({ ttlMs: 1000 })
    const kept = worlds.forRequest('busy')
    worlds.forRequest('quiet')
    for (let i = 0; i < 5; i++) {
      advance(600)
      expect(worlds.forRequest('busy')).toBe(kept)
    }
    worlds.sweep()
    expect(worlds.list().map((w) => w.name)).toEqual(['default', 'busy'])
  })

  it('frees the worlds idle past the TTL when a world is made, so a run of new worlds keeps only the live ones', () => {
    const { worlds, advance } = registry({ ttlMs: 1000 })
    for (let i = 0; i < 5; i++) {
      worlds.forRequest(`run-${i}`)
      advance(1001)
    }
    expect(worlds.size).toBe(1)
    expect(worlds.exists('run-4')).toBe(false)
    worlds.forRequest('run-5')
    expect(worlds.size).toBe(1)
  })

  it('never drops the default world, however long it is idle', () => {
    const { worlds, advance } = registry({ ttlMs: 10, maxWorlds: 1 })
    const own = worlds.forRequest('default')
    advance(1_000_000)
    worlds.forRequest('a')
    worlds.forRequest('b')
    expect(worlds.forRequest('default')).toBe(own)
    expect(worlds.size).toBe(1)
  })

  it('drops the least recently used world past maxWorlds', () => {
    const { worlds } = registry({ maxWorlds: 2 })
    worlds.forRequest('a')
    worlds.forRequest('b')
    worlds.forRequest('a')
    worlds.forRequest('c')
    expect(worlds.list().map((w) => w.name)).toEqual(['default', 'a', 'c'])
  })

  it('refuses settings that would keep nothing or everything', () => {
    expect(() => registry({ ttlMs: 0 })).toThrow(/TTL/)
    expect(() => registry({ maxWorlds: 0 })).toThrow(/maxWorlds/)
  })
})
