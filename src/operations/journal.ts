import type { OperationId } from '../spec/document.js'
import type { ViolationKind } from './violations.js'

/** Who made a request, once authenticated. */
export interface JournalCaller {
  id: string
  email: string
  orgRole: number | null
}

/** One request the mock answered, as `mock.journal()` lists it. */
export interface JournalEntry {
  /** Its number in this world's journal, from 1, never reused (a reset does not start it again). */
  seq: number
  /** null for a route the document does not have. */
  operationId: OperationId | null
  method: string
  path: string
  status: number
  /** The authenticated caller, when there was one. */
  caller: JournalCaller | null
  /** When the answer was given, by the mock's clock (ISO 8601). */
  at: string
  /** The world that answered: `default` unless the request named one (`x-mock-world` on a server). */
  world: string
  /** Set when the request broke the contract: how (see `mock.violations`). */
  violation?: ViolationKind
  /** Set on the first entry of a world that was dropped and made afresh, saying why. */
  note?: string
}

/** A journal entry's bodies, kept for the latest entries only (`GET /__mock/journal/{seq}`). */
export interface JournalBodies {
  /** The request's body as sent (cut at 64 KB), or null when it had none or it was not read. */
  request: string | null
  /** The answer's JSON body. */
  response: unknown
}

/** Keeps at most this many entries, oldest dropped first, so a long-running server stays flat. */
export const JOURNAL_LIMIT = 1000

/** Keeps the bodies of this many latest entries: a console shows them on demand. */
export const JOURNAL_BODIES_LIMIT = 100
