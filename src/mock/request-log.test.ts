import { describe, expect, it } from 'vitest'
import { JOURNAL_LIMIT } from '../operations/journal.js'
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
})
