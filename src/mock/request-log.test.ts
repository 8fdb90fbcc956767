import { describe, expect, it } from 'vitest'
import { JOURNAL_BODIES_LIMIT, JOURNAL_LIMIT } from '../operations/journal.js'
import { RequestLog } from './request-log.js'

describe('RequestLog', () => {
  it('keeps the latest requests up to the limit, oldest dropped first, each with an ISO time', () => {
    const log = new RequestLog()
    const total = JOURNAL_LIMIT * 2 + 500
    for (let i = 0; i < total; i++) log.record({ operationId: 'getOrganization', method: 'GET', path: `/r${i}`, status: 200, caller: null })
    const journal = log.journal()
    expect(journal).toHaveLength(JOURNAL_LIMIT)
    expect(journal[0]!.path).toBe(`/r${total - JOURNAL_LIMIT}`)
    expect(journal.at(-1)!.path).toBe(`/r${total - 1}`)
    expect(journal[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('filters by operation within the kept requests', () => {
    const log = new RequestLog()
    log.record({ operationId: 'getOrganization', method: 'GET', path: '/a', status: 200, caller: null })
    log.record({ operationId: null, method: 'GET', path: '/b', status: 404, caller: null })
    expect(log.journal({ operationId: null }).map((e) => e.path)).toEqual(['/b'])
  })

  it('keeps the bodies of the latest entries only, a long request body cut at 64 KB', () => {
    const log = new RequestLog()
    const long = 'x'.repeat(70_000)
    for (let i = 1; i <= JOURNAL_BODIES_LIMIT + 5; i++) {
      log.record({ operationId: 'getOrganization', method: 'PUT', path: `/r${i}`, status: 200, caller: null }, { request: i === JOURNAL_BODIES_LIMIT + 5 ? long : `{"n":${i}}`, response: { n: i } })
    }
    expect(log.entryWithBodies(5)).toBeUndefined()
    expect(log.entryWithBodies(6)).toMatchObject({ entry: { seq: 6, path: '/r6' }, bodies: { request: '{"n":6}', response: { n: 6 } } })
    expect(log.entryWithBodies(JOURNAL_BODIES_LIMIT + 5)!.bodies.request).toBe(`${long.slice(0, 64 * 1024)}…`)
  })

  it('answers an entry with its bodies by number once its place has been written over many times, and none from before a clearing', () => {
    const log = new RequestLog()
    const total = JOURNAL_LIMIT * 3 + 7
    for (let i = 1; i <= total; i++) log.record({ operationId: 'getOrganization', method: 'PUT', path: `/r${i}`, status: 200, caller: null, ...(i % 2 ? { violation: 'invalid-request' as const } : {}) }, { request: `{"n":${i}}`, response: { n: i } })
    expect(log.entryWithBodies(total - JOURNAL_LIMIT)).toBeUndefined()
    expect(log.entryWithBodies(total - JOURNAL_BODIES_LIMIT)).toBeUndefined()
    expect(log.entryWithBodies(total)).toEqual({ entry: expect.objectContaining({ seq: total, path: `/r${total}`, violation: 'invalid-request' }), bodies: { request: `{"n":${total}}`, response: { n: total } } })
    expect(log.journal().at(-2)).not.toHaveProperty('violation')
    log.clear()
    expect(log.entryWithBodies(total)).toBeUndefined()
    expect(log.journal()).toEqual([])
    log.record({ operationId: 'getOrganization', method: 'GET', path: '/after', status: 200, caller: null })
    expect(log.journal().map((e) => [e.seq, e.path])).toEqual([[total + 1, '/after']])
  })

  it('tells its listeners each entry and each clearing, and numbers entries on across a clearing', () => {
    const log = new RequestLog()
    const heard: string[] = []
    const stop = log.listen((event) => heard.push(event.kind === 'entry' ? `entry ${event.entry.seq} ${event.entry.path}` : 'cleared'))
    log.record({ operationId: 'getOrganization', method: 'GET', path: '/a', status: 200, caller: null })
    log.clear()
    log.record({ operationId: 'getOrganization', method: 'GET', path: '/b', status: 200, caller: null })
    stop()
    log.record({ operationId: 'getOrganization', method: 'GET', path: '/c', status: 200, caller: null })
    expect(heard).toEqual(['entry 1 /a', 'cleared', 'entry 2 /b'])
  })
})
