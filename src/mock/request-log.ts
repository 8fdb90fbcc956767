import { JOURNAL_BODIES_LIMIT, JOURNAL_LIMIT, type JournalBodies, type JournalEntry } from '../operations/journal.js'
import { VIOLATION_LIMIT, type Violation } from '../operations/violations.js'
import type { OperationId } from '../spec/document.js'
import { operationsById } from '../spec/operations.js'

/** An entry as the pipeline gives it: the log adds the number, the world, the time and a pending note. */
export type NewEntry = Omit<JournalEntry, 'seq' | 'at' | 'world' | 'note'>

/** What a journal's listener hears: each new entry, and that the journal was emptied (a reset, a fixture). */
export type JournalEvent = { kind: 'entry'; entry: JournalEntry } | { kind: 'cleared' }

/** A request body is kept up to this many characters: enough to read, not a copy of every upload. */
const KEPT_BODY_CHARS = 64 * 1024

/**
 * One place of the journal's ring, written over in place by the entry JOURNAL_LIMIT requests later: a request
 * leaves no object behind for the collector. The time is kept in ms (a date string per request was a measurable
 * share of the server's time), and the bodies only while the entry is among the latest JOURNAL_BODIES_LIMIT.
 */
interface Slot {
  seq: number
  operationId: OperationId | null
  method: string
  path: string
  status: number
  caller: JournalEntry['caller']
  at: number
  violation: JournalEntry['violation'] | undefined
  note: string | undefined
  bodies: boolean
  request: string | null
  response: unknown
}

function dated(slot: Slot, world: string): JournalEntry {
  const entry: JournalEntry = { seq: slot.seq, operationId: slot.operationId, method: slot.method, path: slot.path, status: slot.status, caller: slot.caller, world, at: new Date(slot.at).toISOString() }
  if (slot.violation !== undefined) entry.violation = slot.violation
  if (slot.note !== undefined) entry.note = slot.note
  return entry
}

/** What a mock remembers of the requests it answered: the journal and the contract violations, both bounded. */
export class RequestLog {
  readonly #ring: Slot[] = []
  // The entries kept are those numbered from #first to #seq (the latest JOURNAL_LIMIT of them).
  #first = 1
  #seq = 0
  #violations: Violation[] = []
  #note: string | undefined
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
    const entries: JournalEntry[] = []
    for (let seq = Math.max(this.#first, this.#seq - JOURNAL_LIMIT + 1); seq <= this.#seq; seq++) {
      const slot = this.#slot(seq)
      if (wantedId === undefined || slot.operationId === wantedId) entries.push(dated(slot, this.world))
    }
    return entries
  }

  /** One entry and its bodies, while they are kept (the latest 100 entries); undefined after. */
  entryWithBodies(seq: number): { entry: JournalEntry; bodies: JournalBodies } | undefined {
    if (!Number.isInteger(seq) || seq < this.#first || seq > this.#seq || seq <= this.#seq - JOURNAL_BODIES_LIMIT) return undefined
    const slot = this.#slot(seq)
    return slot.bodies ? { entry: dated(slot, this.world), bodies: { request: slot.request, response: slot.response } } : undefined
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
    const seq = ++this.#seq
    const index = (seq - 1) % JOURNAL_LIMIT
    const slot = (this.#ring[index] ??= { seq, operationId: null, method: '', path: '', status: 0, caller: null, at: 0, violation: undefined, note: undefined, bodies: false, request: null, response: undefined })
    slot.seq = seq
    slot.operationId = entry.operationId
    slot.method = entry.method
    slot.path = entry.path
    slot.status = entry.status
    slot.caller = entry.caller
    slot.at = this.nowMs()
    slot.violation = entry.violation
    slot.note = this.#note
    this.#note = undefined
    slot.bodies = bodies !== undefined
    slot.request = bodies === undefined || bodies.request === null ? null : bodies.request.length > KEPT_BODY_CHARS ? `${bodies.request.slice(0, KEPT_BODY_CHARS)}…` : bodies.request
    slot.response = bodies?.response
    // The entry that has just left the latest JOURNAL_BODIES_LIMIT lets go of its bodies.
    if (seq > JOURNAL_BODIES_LIMIT) this.#forgetBodies(this.#slot(seq - JOURNAL_BODIES_LIMIT))
    if (this.#listeners.size > 0) this.#tell({ kind: 'entry', entry: dated(slot, this.world) })
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
    this.#first = this.#seq + 1
    for (const slot of this.#ring) this.#forgetBodies(slot)
    this.#violations = []
    if (this.#listeners.size > 0) this.#tell({ kind: 'cleared' })
  }

  #slot(seq: number): Slot {
    return this.#ring[(seq - 1) % JOURNAL_LIMIT]!
  }

  #forgetBodies(slot: Slot): void {
    slot.bodies = false
    slot.request = null
    slot.response = undefined
  }

  #tell(event: JournalEvent): void {
    for (const listener of this.#listeners) listener(event)
  }
}
