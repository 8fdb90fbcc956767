import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { jsonEqual } from './json-equal.js'

describe('jsonEqual', () => {
  it('finds arrays and objects from another realm equal to their copies in this one', () => {
    expect(jsonEqual(vm.runInNewContext('[]'), [])).toBe(true)
    expect(jsonEqual(vm.runInNewContext('({ a: [1, { b: null }] })'), { a: [1, { b: null }] })).toBe(true)
  })

  it('tells apart values that differ in type, length, keys or content', () => {
    expect(jsonEqual([], {})).toBe(false)
    expect(jsonEqual({}, [])).toBe(false)
    expect(jsonEqual([1], [1, 2])).toBe(false)
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(jsonEqual({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false)
    expect(jsonEqual(null, {})).toBe(false)
    expect(jsonEqual(0, false)).toBe(false)
    expect(jsonEqual('1', 1)).toBe(false)
  })
})
