import type { Collection } from '@msw/data'

/** How an index keys its records: one unique primary key, and named group keys many records may share. */
export interface IndexKeys<R> {
  primary: (record: R) => string
  groups?: Record<string, (record: R) => unknown>
}

const NONE: readonly never[] = Object.freeze([])

/**
 * An index over a collection, kept current through the collection's hooks, so look-ups by id,
 * e-mail or organization do not scan the records (@msw/data queries do). Every create, update and
 * delete touches only the record it is about.
 * Records change identity on update, so the index maps keys to primary keys, and `byKey` to records.
 */
export class RecordIndex<R extends Record<string, any>> {
  readonly #byPrimary = new Map<string, R>()
  // A group value held by one record maps to its key; a Set only where records share the value (an organization).
  readonly #groups = new Map<string, Map<unknown, string | Set<string>>>()
  readonly #groupNames: string[]
  #followingCreates = false
  // The members of a value many records share, as `where` last gave them, until a record is added, changed or
  // removed: a list request asks for the same organization's members again and again.
  readonly #found = new Map<string, Map<unknown, readonly R[]>>()

  // The key functions are read from `keys` on every use (not copied), so a test can count their calls.
  constructor(
    private readonly collection: Collection<any>,
    private readonly keys: IndexKeys<R>,
  ) {
    this.#groupNames = Object.keys(keys.groups ?? {})
    for (const name of this.#groupNames) this.#groups.set(name, new Map())
    collection.hooks.on('update', ({ data }) => this.#replace(data.prevRecord as R, data.nextRecord as R))
    collection.hooks.on('delete', ({ data }) => this.#remove(data.deletedRecord as R))
  }

  /**
   * Indexes what the collection holds and from then on every record it creates; later calls do
   * nothing. Until this is called, creating costs nothing extra: @msw/data awaits its create
   * listeners, a few µs a record, which a bulk load can do without.
   */
  followCreates(): void {
    if (this.#followingCreates) return
    this.#followingCreates = true
    for (const record of this.collection.all()) this.#add(record as R)
    this.collection.hooks.on('create', ({ data }) => this.#add(data.record as R))
  }

  /** The record with this primary key. */
  get(key: string): R | undefined {
    return this.#byPrimary.get(key)
  }

  /** The records whose group key `group` equals `value`, in creation order; the same array until one of the records changes. */
  where(group: string, value: unknown): readonly R[] {
    const members = this.#groups.get(group)?.get(value)
    if (members === undefined) return NONE
    if (typeof members === 'string') {
      const record = this.#byPrimary.get(members)
      return record ? [record] : NONE
    }
    let found = this.#found.get(group)
    if (found === undefined) this.#found.set(group, (found = new Map()))
    const known = found.get(value)
    if (known !== undefined) return known
    const records: R[] = []
    for (const key of members) {
      const record = this.#byPrimary.get(key)
      if (record) records.push(record)
    }
    found.set(value, Object.freeze(records))
    return records
  }

  #groupKey(name: string, record: R): unknown {
    return this.keys.groups![name]!(record)
  }

  #add(record: R): void {
    this.#found.clear()
    const key = this.keys.primary(record)
    this.#byPrimary.set(key, record)
    for (const name of this.#groupNames) this.#join(name, this.#groupKey(name, record), key)
  }

  #join(group: string, value: unknown, key: string): void {
    const groups = this.#groups.get(group)!
    const members = groups.get(value)
    if (members === undefined) groups.set(value, key)
    else if (typeof members !== 'string') members.add(key)
    else if (members !== key) groups.set(value, new Set([members, key]))
  }

  #leave(group: string, value: unknown, key: string): void {
    const groups = this.#groups.get(group)!
    const members = groups.get(value)
    if (members === key) groups.delete(value)
    else if (typeof members !== 'string' && members?.delete(key) && members.size === 0) groups.delete(value)
  }

  /** Keeps a record's place in its groups unless the group key itself changed. */
  #replace(previous: R, next: R): void {
    this.#found.clear()
    const key = this.keys.primary(next)
    this.#byPrimary.set(key, next)
    for (const name of this.#groupNames) {
      const before = this.#groupKey(name, previous)
      const after = this.#groupKey(name, next)
      if (before === after) continue
      this.#leave(name, before, key)
      this.#join(name, after, key)
    }
  }

  #remove(record: R): void {
    const key = this.keys.primary(record)
    if (this.#byPrimary.get(key) === undefined) return
    this.#found.clear()
    this.#byPrimary.delete(key)
    for (const name of this.#groupNames) this.#leave(name, this.#groupKey(name, record), key)
  }
}
