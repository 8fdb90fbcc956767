import { JOURNAL_LIMIT, type JournalEntry } from '../operations/journal.js'
import { VIOLATION_LIMIT, type Violation } from '../operations/violations.js'
import type { OperationId } from '../spec/document.js'
import { operationsById } from '../spec/operations.js'

// Kept as a time in ms and trimmed in batches: a date string and a shift() per request were a
// measurable share of the standalone server's time.
type Recorded = Omit<JournalEntry, 'at'> & { at: number }

/** An entry as the pipeline gives it: the log adds the world, the time and a pending note. */
export type NewEntry = Omit<JournalEntry, 'at' | 'world' | 'note'>

/** What a mock remembers of the requests it answered: the journal and the contract violations, both bounded. */
export class RequestLog {
  #journal: Recorded[] = []
  #violations: Violation[] = []
  #note: string | undefined

  /**
   * `nowMs` is the mock's clock, so an entry's time agrees with the tokens' expiry and `createdAt`;
   * `world` names the world in every entry.
   */
  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly world = 'default',
  ) {}

  /** A note for the next entry only, e.g. that this world was dropped and made afresh. */
  noteNext(note: string): void {
    this.#note = note
  }

  /**
   * The requests answered since the last reset, oldest first (the latest 1000), optionally of one operation.
   * @example
   * expect(log.journal({ operationId: 'deleteOrganizationUser' })).toHaveLength(1)
   */
  journal(filter: { operationId?: OperationId | null } = {}): JournalEntry[] {
    const wantedId = filter.operationId
    if (typeof wantedId === 'string' && !operationsById.has(wantedId)) throw new TypeError(`Unknown operationId "${wantedId}"`)
    const latest = this.#journal.slice(-JOURNAL_LIMIT)
    const wanted = filter.operationId === undefined ? latest : latest.filter((e) => e.operationId === filter.operationId)
    return wanted.map((e) => ({ ...e, at: new Date(e.at).toISOString() }))
  }

  /** Every request that broke the contract since the last reset, oldest first (the latest 1000). */
  get violations(): readonly Violation[] {
    return [...this.#violations]
  }

  record(entry: NewEntry): void {
    const { operationId, method, path, status, caller } = entry
    const recorded: Recorded = { operationId, method, path, status, caller, world: this.world, at: this.nowMs() }
    if (this.#note !== undefined) {
      recorded.note = this.#note
      this.#note = undefined
    }
    this.#journal.push(recorded)
    if (this.#journal.length >= 2 * JOURNAL_LIMIT) this.#journal = this.#journal.slice(-JOURNAL_LIMIT)
  }

  /** Records a violation; one with no operation (an unknown route or method) goes in the journal too. */
  recordViolation(violation: Violation): void {
    if (violation.operationId === null) {
      this.record({ operationId: null, method: violation.method, path: violation.path, status: violation.status, caller: null })
    }
    this.#violations.push(violation)
    if (this.#violations.length > VIOLATION_LIMIT) this.#violations.shift()
  }

  clear(): void {
    this.#journal = []
    this.#violations = []
  }
}
