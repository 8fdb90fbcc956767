import { JOURNAL_BODIES_LIMIT, JOURNAL_LIMIT, type JournalBodies, type JournalEntry } from '../operations/journal.js'
import { VIOLATION_LIMIT, type Violation } from '../operations/violations.js'
import type { OperationId } from '../spec/document.js'
import { operationsById } from '../spec/operations.js'

// Kept as a time in ms and trimmed in batches: a date string and a shift() per request were a
// measurable share of the standalone server's time.
type Recorded = Omit<JournalEntry, 'at'> & { at: number }

/** An entry as the pipeline gives it: the log adds the number, the world, the time and a pending note. */
export type NewEntry = Omit<JournalEntry, 'seq' | 'at' | 'world' | 'note'>

/** What a journal's listener hears: each new entry, and that the journal was emptied (a reset, a fixture). */
export type JournalEvent = { kind: 'entry'; entry: JournalEntry } | { kind: 'cleared' }

/** A request body is kept up to this many characters: enough to read, not a copy of every upload. */
const KEPT_BODY_CHARS = 64 * 1024

const dated = (entry: Recorded): JournalEntry => ({ ...entry, at: new Date(entry.at).toISOString() })

/** What a mock remembers of the requests it answered: the journal and the contract violations, both bounded. */
export class RequestLog {
  #journal: Recorded[] = []
  #violations: Violation[] = []
  #note: string | undefined
  #seq = 0
  // The latest entries' bodies, by seq; a Map keeps insertion order, so the oldest is first.
  #bodies = new Map<number, JournalBodies>()
  #listeners = new Set<(event: JournalEvent) => void>()

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
    return wanted.map(dated)
  }

  /** One entry and its bodies, while they are kept (the latest 100 entries); undefined after. */
  entryWithBodies(seq: number): { entry: JournalEntry; bodies: JournalBodies } | undefined {
    const bodies = this.#bodies.get(seq)
    if (!bodies) return undefined
    // Kept bodies are of the latest entries: searched from the end.
    for (let i = this.#journal.length - 1; i >= 0; i--) {
      if (this.#journal[i]!.seq === seq) return { entry: dated(this.#journal[i]!), bodies }
    }
    return undefined
  }

  /** Every contract violation since the last reset, oldest first (the latest 1000). */
  get violations(): readonly Violation[] {
    return [...this.#violations]
  }

  /** Calls `listener` with each new entry and each clearing, until the returned function is called. */
  listen(listener: (event: JournalEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }

  record(entry: NewEntry, bodies?: JournalBodies): void {
    const { operationId, method, path, status, caller, violation } = entry
    const recorded: Recorded = { seq: ++this.#seq, operationId, method, path, status, caller, world: this.world, at: this.nowMs() }
    if (violation !== undefined) recorded.violation = violation
    if (this.#note !== undefined) {
      recorded.note = this.#note
      this.#note = undefined
    }
    this.#journal.push(recorded)
    if (this.#journal.length >= 2 * JOURNAL_LIMIT) this.#journal = this.#journal.slice(-JOURNAL_LIMIT)
    if (bodies) this.#keepBodies(recorded.seq, bodies)
    if (this.#listeners.size > 0) this.#tell({ kind: 'entry', entry: dated(recorded) })
  }

  /** Records a violation; one with no operation (an unknown route or method) goes in the journal too. */
  recordViolation(violation: Violation): void {
    if (violation.operationId === null) {
      this.record({ operationId: null, method: violation.method, path: violation.path, status: violation.status, caller: null, violation: violation.kind })
    }
    this.#violations.push(violation)
    if (this.#violations.length > VIOLATION_LIMIT) this.#violations.shift()
  }

  clear(): void {
    this.#journal = []
    this.#violations = []
    this.#bodies.clear()
    if (this.#listeners.size > 0) this.#tell({ kind: 'cleared' })
  }

  #keepBodies(seq: number, bodies: JournalBodies): void {
    const request = bodies.request !== null && bodies.request.length > KEPT_BODY_CHARS ? `${bodies.request.slice(0, KEPT_BODY_CHARS)}…` : bodies.request
    this.#bodies.set(seq, { request, response: bodies.response })
    if (this.#bodies.size > JOURNAL_BODIES_LIMIT) this.#bodies.delete(this.#bodies.keys().next().value!)
  }

  #tell(event: JournalEvent): void {
    for (const listener of this.#listeners) listener(event)
  }
}
