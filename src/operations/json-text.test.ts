import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonText, shared } from './json-text.js'

/** Shares the objects and arrays of a value picked by `picks`, in the order a walk meets them. */
function shareSome(value: unknown, picks: boolean[]): unknown {
  let seen = 0
  const walk = (inner: unknown): void => {
    if (typeof inner !== 'object' || inner === null) return
    for (const child of Object.values(inner)) walk(child)
    if (picks.length && picks[seen++ % picks.length]) shared(inner)
  }
  walk(value)
  return value
}

// JSON values, plus what JSON.stringify treats apart: undefined members and items, dates, objects with toJSON.
const leaf = fc.oneof(fc.constant(undefined), fc.date({ noInvalidDate: true }), fc.constant({ toJSON: () => 'custom' }))
const withOddities = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), leaf, tie('array'), tie('object')),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 5 }), fc.sparseArray(tie('value'), { maxLength: 5 })),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
})).value

describe('jsonText', () => {
  afterEach(() => vi.restoreAllMocks())

  it('writes what JSON.stringify writes, whatever parts are shared', () => {
    fc.assert(
      fc.property(withOddities, fc.array(fc.boolean(), { maxLength: 8 }), (value, picks) => {
        const expected = JSON.stringify(value)
        expect(jsonText(shareSome(value, picks))).toBe(expected)
        // Twice: the second time from the kept texts.
        expect(jsonText(value)).toBe(expected)
      }),
    )
  })

  it('writes the users of a list once, not at every answer', () => {
    const users = Array.from({ length: 50 }, (_, i) => shared({ id: `user-${i}`, orgRoles: [0, 1, 2] }))
    const body = () => ({ success: true, data: users, total: users.length })
    expect(jsonText(body())).toBe(JSON.stringify(body()))
    const stringify = vi.spyOn(JSON, 'stringify')
    jsonText(body())
    // The envelope's keys and values only: the same with 5 users or 5,000.
    expect(stringify.mock.calls.length).toBeLessThanOrEqual(6)
  })

  it('freezes a shared value, inner arrays included, so no answer can change another', () => {
    const user = shared({ id: 'a', orgRoles: [0, 1] })
    expect(Object.isFrozen(user)).toBe(true)
    expect(Object.isFrozen(user.orgRoles)).toBe(true)
  })
})
