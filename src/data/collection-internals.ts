import type { Collection } from '@msw/data'

/**
 * What the store relies on in @msw/data beyond its documented API, learned at run time from a record
 * it created, so that a change in the library costs speed or memory, never correctness:
 * - `kPrimaryKey`: each record's internal key, `crypto.randomUUID()` unless the initial values carry
 *   one (as records copied from other records do). Node builds that UUID as a rope of about twenty
 *   strings, some 480 heap bytes a record, for a key the mock never needs: records get their id.
 * - `kRelationMap`: each record's relations (the store defines none, but a test may).
 * Neither symbol is exported (decisions/013-memory-per-user.md, decisions/018-writes-without-scans.md).
 */
export interface RecordInternals {
  primaryKey: symbol
  relations: symbol
}

let learned: RecordInternals | undefined

/** Learns @msw/data's record symbols from a record it created. */
export function learnInternals(record: object): void {
  if (learned) return
  const symbols = Object.getOwnPropertySymbols(record)
  const primaryKey = symbols.find((s) => s.description === 'kPrimaryKey')
  const relations = symbols.find((s) => s.description === 'kRelationMap')
  if (primaryKey && relations) learned = { primaryKey, relations }
}

/** The record symbols, once a record has shown them. */
export function recordInternals(): RecordInternals | undefined {
  return learned
}

/** The initial values of a record whose @msw/data primary key is `key` (once the symbol is known). */
export function withPrimaryKey<T extends object>(values: T, key: string): T {
  return learned ? { ...values, [learned.primaryKey]: key } : values
}

/**
 * The collection's own array of records: @msw/data 1.x's `all()` hands it out, so records keep their
 * identity. Undefined if `all()` gives a copy, which writing to would not reach the collection.
 */
export function liveRecords<R>(collection: Collection<any>): R[] | undefined {
  const records = collection.all() as R[]
  return records === collection.all() ? records : undefined
}
