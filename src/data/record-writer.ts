import { OperationError, type Collection } from '@msw/data'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { TypedEvent } from 'rettime'
import { learnInternals, liveRecords, recordInternals, withPrimaryKey, type RecordInternals } from './collection-internals.js'

type Fields = Record<string, unknown>

/**
 * Loads and updates a collection's records as @msw/data's `create()` and `update()` do, without what
 * makes them cost in proportion to the collection: `create()` copies each record through a generic
 * sanitizer and awaits it (seconds for 100,000 users), and `update()` finds the record by scanning
 * the collection twice. The writer checks records against the same schema, gives them the same
 * internals, emits the same `update` events (one per changed field, each one a listener may
 * prevent), and finds a record by the position it remembers, checked before use.
 * What it cannot do the same way (a collection with relations or create listeners, internals it
 * does not recognise) goes through `create()` and `update()`: see decisions/018-writes-without-scans.md.
 */
export class RecordWriter<R extends object> {
  readonly #positions = new Map<string, number>()

  constructor(
    private readonly collection: Collection<any>,
    private readonly schema: StandardSchemaV1<R, R>,
    private readonly keyOf: (record: R) => string,
  ) {}

  /** Loads records into the empty collection, in order; a record that breaks the schema loads none of them. */
  async load(records: readonly R[]): Promise<void> {
    const copies = records.map((values) => this.#checked(Object.assign({}, values)))
    const [first, ...others] = copies
    if (!first) return
    // @msw/data creates the first record itself, which shows the internals the others are given.
    learnInternals(await this.collection.create(withPrimaryKey(first, this.keyOf(first))))
    const internals = recordInternals()
    const live = liveRecords<R>(this.collection)
    if (!internals || !live || this.collection.hooks.listenerCount('create') > 0) {
      await Promise.all(others.map((values) => this.collection.create(withPrimaryKey(values, this.keyOf(values)))))
      return
    }
    for (const record of others) live.push(withInternals(record, this.keyOf(record), internals, new Map()))
    // Positions are known now: the first update costs what every other does.
    this.#learnPositions(live, this.#positions.size, internals)
  }

  /** The record with `changes` applied, in place of `current`, as `collection.update()` would. */
  async update(current: R, changes: Partial<R>): Promise<R> {
    const internals = recordInternals()
    const live = liveRecords<R>(this.collection)
    const position = internals && live ? this.#positionOf(live, this.keyOf(current), internals) : undefined
    const previous = position === undefined ? undefined : (live![position] as R & Fields)
    if (previous === undefined || (previous as any)[internals!.relations].size > 0) {
      return (await this.collection.update(current as any, { data: (draft: Fields) => void Object.assign(draft, changes) }))!
    }
    const changed = Object.keys(changes).filter((field) => !Object.is(previous[field], (changes as Fields)[field]))
    // Nothing to change: the record stays as it is, where the index already has it.
    if (changed.length === 0) return previous
    const next = this.#checked(Object.assign({}, previous, changes) as R & Fields)
    withInternals(next, this.keyOf(previous), internals!, (previous as any)[internals!.relations])
    const prevented: string[] = []
    for (const field of changed) {
      const event = new TypedEvent('update', { data: { prevRecord: previous, nextRecord: next, path: [field], prevValue: previous[field], nextValue: next[field] } })
      this.collection.hooks.emit(event as any)
      if (event.defaultPrevented) prevented.push(field)
    }
    for (const field of prevented) (next as Fields)[field] = previous[field]
    live![position!] = next
    return next
  }

  /** The values, if they match the collection's schema. */
  #checked<T extends R>(values: T): T {
    const result = this.schema['~standard'].validate(values)
    if (result instanceof Promise) throw new TypeError('A record schema of the store must validate synchronously')
    if (!result.issues) return values
    const problems = result.issues.map((issue) => issue.message).join('; ')
    throw new OperationError(`Failed to store record "${this.keyOf(values)}": does not match the schema: ${problems}`, 'INVALID_INITIAL_VALUES' as OperationError['code'])
  }

  /**
   * Where the record with this key is in the collection's array: records are appended in creation
   * order, so positions are learned from the end onwards; a delete moves records, which the check
   * of the key at the remembered position notices, and positions are learned again.
   */
  #positionOf(live: R[], key: string, internals: RecordInternals): number | undefined {
    const at = (position: number | undefined) =>
      position !== undefined && (live[position] as any)?.[internals.primaryKey] === key ? position : undefined
    const remembered = at(this.#positions.get(key))
    if (remembered !== undefined) return remembered
    this.#learnPositions(live, this.#positions.size, internals)
    const created = at(this.#positions.get(key))
    if (created !== undefined) return created
    this.#positions.clear()
    this.#learnPositions(live, 0, internals)
    return at(this.#positions.get(key))
  }

  #learnPositions(live: R[], from: number, internals: RecordInternals): void {
    for (let position = from; position < live.length; position++) {
      this.#positions.set((live[position] as any)[internals.primaryKey], position)
    }
  }
}

/** The record with @msw/data's internals, as its `create()` defines them. */
function withInternals<R extends object>(record: R, key: string, internals: RecordInternals, relations: Map<string, unknown>): R {
  // Two defineProperty calls: defineProperties with a fresh descriptor map costs three times as much per record.
  Object.defineProperty(record, internals.primaryKey, { value: key, enumerable: false, configurable: false })
  Object.defineProperty(record, internals.relations, { value: relations, enumerable: false, configurable: false })
  return record
}
