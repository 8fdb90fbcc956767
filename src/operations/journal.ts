import type { OperationId } from '../spec/document.js'

/** One request the mock answered, as `mock.journal()` lists it. */
export interface JournalEntry {
  /** null for a route the document does not have. */
  operationId: OperationId | null
  method: string
  path: string
  status: number
  /** The authenticated caller, when there was one. */
  caller: { id: string; orgRole: number | null } | null
  /** When the answer was given, by the mock's clock (ISO 8601). */
  at: string
  /** The world that answered: `default` unless the request named one (`x-mock-world` on a server). */
  world: string
  /** Set on the first entry of a world that was dropped and made afresh, saying why. */
  note?: string
}

/** Keeps at most this many entries, oldest dropped first, so a long-running server stays flat. */
export const JOURNAL_LIMIT = 1000
