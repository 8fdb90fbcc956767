/**
 * @msw/data gives each record an internal primary key: `crypto.randomUUID()`, unless the initial
 * values already carry one under its `kPrimaryKey` symbol (as records copied from other records do).
 * Node builds that UUID as a rope of about twenty strings, some 480 heap bytes a record, for a key
 * the mock never needs: it has its own ids. So records are created with their id as that key.
 * The symbol is not exported; it is read from the first record created. Should @msw/data change,
 * records simply keep its UUIDs (see decisions/013-memory-per-user.md).
 */
let kPrimaryKey: symbol | undefined

/** Learns @msw/data's primary-key symbol from a record it created. */
export function learnPrimaryKeySymbol(record: object): void {
  kPrimaryKey ??= Object.getOwnPropertySymbols(record).find((s) => s.description === 'kPrimaryKey')
}

/** The initial values of a record whose @msw/data primary key is `key` (once the symbol is known). */
export function withPrimaryKey<T extends object>(values: T, key: string): T {
  return kPrimaryKey ? { ...values, [kPrimaryKey]: key } : values
}
