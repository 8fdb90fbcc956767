// Taken when the module loads: `vi.useFakeTimers()` installed later replaces `Date`, not this function,
// so the mock's clock moves only when a test moves it (or real time passes).
const realNow = Date.now.bind(Date)

/** A length of time: milliseconds, or a number with a unit, `'30s'`, `'61m'`, `'2h'`, `'1d'`, `'500ms'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}` | (string & {})

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A duration or date the clock cannot take: negative, not finite, out of range, or a string without a known unit. */
export class ClockInputError extends TypeError {
  readonly code = 'INVALID_CLOCK_INPUT'
  /** Which input was refused, where a move has two. */
  field?: 'set' | 'advance'
}

/** Runs a check, naming the input it refuses. */
function refusing<T>(field: 'set' | 'advance', check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (error instanceof ClockInputError) error.field = field
    throw error
  }
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

// JavaScript dates hold ±8.64e15 ms around 1970, but the answers print dates as RFC 3339 (four-digit years), so the
// clock holds the years 0000 to 9998: the last year is left for the expiries it is used to derive (a refresh
// token's 30 days), so every date an answer prints is one the document allows.
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00.000Z')
const LATEST_MS = Date.parse('9998-12-31T23:59:59.999Z')

/** The time itself, refused when it leaves the range the clock holds. */
function withinRange(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
    throw new ClockInputError(`${what} would put the mock's clock at ${String(ms)} ms, outside the years 0000 to 9998 it holds (${EARLIEST_MS} to ${LATEST_MS} ms)`)
  }
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
  readonly #onMove: () => void

  /** `onMove` is told of every move and reset (a server with `--state` saves the offset). */
  constructor(onMove: () => void = () => {}) {
    this.#onMove = onMove
  }

  /** How far the mock's time is from real time, in ms (0 after a reset; negative when set in the past). */
  get offsetMs(): number {
    return this.#offsetMs
  }

  /** Puts the clock at a saved distance from real time. */
  restoreOffset(offsetMs: number): void {
    this.#offsetMs = offsetMs
  }

  nowMs(): number {
    return realNow() + this.#offsetMs
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  advance(by: Duration): Date {
    return this.move({ advance: by })
  }

  set(date: Date | string | number): Date {
    return this.move({ set: date })
  }

  /**
   * Sets and then advances in one step: both are checked before either applies, so a refused move
   * (a `ClockInputError`) leaves the clock where it was.
   */
  move(to: { set?: Date | string | number; advance?: Duration }): Date {
    const now = realNow()
    let at = this.nowMs()
    const { set, advance } = to
    if (set !== undefined) at = refusing('set', () => withinRange(toEpochMs(set), `Setting ${String(set)}`))
    if (advance !== undefined) at = refusing('advance', () => withinRange(at + durationMs(advance), `Advancing by ${String(advance)}`))
    this.#offsetMs = at - now
    this.#onMove()
    return this.now()
  }

  /** Back to real time. */
  reset(): void {
    this.#offsetMs = 0
    this.#onMove()
  }
}
