import { afterEach, describe, expect, it, vi } from 'vitest'
import { durationMs, MockClock } from './clock.js'

describe('durationMs', () => {
  it.each([
    [1500, 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['61m', 3_660_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
  ])('reads %j as %d ms', (input, ms) => {
    expect(durationMs(input)).toBe(ms)
  })

  it.each([['-1m'], ['1 week'], [''], ['m'], [-1], [Number.POSITIVE_INFINITY]])('refuses %j, naming the accepted forms', (input) => {
    expect(() => durationMs(input)).toThrow(expect.objectContaining({ code: 'INVALID_CLOCK_INPUT' }))
  })
})

describe('MockClock', () => {
  afterEach(() => vi.useRealTimers())

  it('follows real time until moved, then keeps running from where it was set', () => {
    const clock = new MockClock()
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50)
    clock.set('2030-01-01T00:00:00Z')
    expect(clock.now().toISOString()).toMatch(/^2030-01-01T00:00:00/)
    clock.advance('2h')
    expect(clock.now().toISOString()).toMatch(/^2030-01-01T02:00:0/)
    clock.reset()
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50)
  })

  it('is not the Date that fake timers replace', () => {
    const clock = new MockClock()
    vi.useFakeTimers({ now: new Date('1999-12-31T23:59:59Z') })
    expect(clock.now().getFullYear()).toBeGreaterThan(2020)
    const before = clock.nowMs()
    vi.advanceTimersByTime(86_400_000)
    expect(clock.nowMs() - before).toBeLessThan(1000)
  })

  it('refuses a date that is not one', () => {
    expect(() => new MockClock().set('next tuesday')).toThrow(/Invalid date/)
  })

  it.each([
    ['set', { set: 1e300 }],
    ['set', { set: -8.64e15 }],
    ['set', { set: '+010000-01-01T00:00:00Z' }],
    ['advance', { advance: 8e15 }],
    ['advance', { set: '9998-12-31T00:00:00Z', advance: '1d' }],
  ] as const)('refuses a move that leaves the dates it can hold (%s of %j) and stays where it was', (field, move) => {
    const clock = new MockClock()
    clock.set('2030-01-01T00:00:00Z')
    const before = clock.nowMs()
    expect(() => clock.move(move)).toThrow(expect.objectContaining({ code: 'INVALID_CLOCK_INPUT', field, message: expect.stringMatching(/outside the years 0000 to 9998/) }))
    expect(clock.nowMs() - before).toBeLessThan(1000)
    expect(clock.now().toISOString()).toMatch(/^2030-01-01/)
  })

  it('keeps a set that a later refused advance came with from applying', () => {
    const clock = new MockClock()
    expect(() => clock.move({ set: '2031-01-01T00:00:00Z', advance: 'soon' })).toThrow(/Invalid duration/)
    expect(clock.now().getFullYear()).toBeLessThan(2031)
  })
})
