// Taken when the module loads: `vi.useFakeTimers()` installed later replaces `Date`, not this function,
// so the mock's clock moves only when a test moves it (or real time passes).
const realNow = Date.now.bind(Date)

/** A length of time: milliseconds, or a number with a unit, `'30s'`, `'61m'`, `'2h'`, `'1d'`, `'500ms'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}` | (string & {})

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A duration the clock cannot take: negative, not finite, or a string without a known unit. */
export class ClockInputError extends TypeError {
  readonly code = 'INVALID_CLOCK_INPUT'
}

/**
 * Milliseconds in a duration.
 * @example
 * durationMs('61m') // 3660000
 */
export function durationMs(duration: Duration): number {
  let ms: number
  if (typeof duration === 'number') ms = duration
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(String(duration))
    if (!match) throw new ClockInputError(`Invalid duration "${String(duration)}": use milliseconds or a number with ms, s, m, h or d, e.g. "61m"`)
    ms = Number(match[1]) * UNIT_MS[match[2]!]!
  }
  if (!Number.isFinite(ms) || ms < 0) throw new ClockInputError(`Invalid duration ${String(duration)}: it must be a finite number of milliseconds, 0 or more`)
  return Math.round(ms)
}

/** A date the clock can be set to: a `Date`, an ISO string or epoch milliseconds. */
export function toEpochMs(date: Date | string | number): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date)
  if (!Number.isFinite(ms)) throw new ClockInputError(`Invalid date "${String(date)}": use a Date, an ISO 8601 string or epoch milliseconds`)
  return ms
}

/** What tests use to move the mock's time: token expiry and the timestamps the mock writes follow it. */
export interface MockClockControl {
  /** The mock's current time. */
  now(): Date
  /**
   * Moves the mock's time forward.
   * @example
   * mock.clock.advance('61m') // every access token issued an hour ago has now expired
   */
  advance(by: Duration): Date
  /**
   * Sets the mock's time; it keeps running from there.
   * @example
   * mock.clock.set('2026-01-01T00:00:00Z')
   */
  set(date: Date | string | number): Date
}

/**
 * The mock's clock: real time plus an offset that tests move. It is not `Date`, so fake timers
 * neither stop nor move it; `reset()` brings it back to real time.
 */
export class MockClock implements MockClockControl {
  #offsetMs = 0

  nowMs(): number {
    return realNow() + this.#offsetMs
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  advance(by: Duration): Date {
    this.#offsetMs += durationMs(by)
    return this.now()
  }

  set(date: Date | string | number): Date {
    this.#offsetMs = toEpochMs(date) - realNow()
    return this.now()
  }

  /** Back to real time. */
  reset(): void {
    this.#offsetMs = 0
  }
}
