/** Free-form JSON settings, as the settings calls store them. */
export type Settings = Record<string, unknown>

/** How much one user's or one organization's settings may hold (not documented; see the document's `limits`). */
export const SETTINGS_LIMITS = {
  /** Characters of the settings as JSON text, `{}` included. */
  characters: 64 * 1024,
  /** Keys at every level together: `{ "a": { "b": 1 } }` holds two. */
  keys: 1000,
} as const

function isObject(value: unknown): value is Settings {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

// Own properties only, set with defineProperty: a "__proto__" key from JSON stays a plain key and
// never reaches a prototype.
function put(target: Settings, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

// Stored values are frozen, so a write shares every part it does not change and a read hands out the stored
// objects themselves: nothing is copied whole per call.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

function keyCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  let count = 0
  if (Array.isArray(value)) for (const item of value) count += keyCount(item)
  else for (const inner of Object.values(value)) count += 1 + keyCount(inner)
  return count
}

/** One top-level entry: its value and what it adds to the whole (`"key":value`, and its key count). */
interface Entry {
  value: unknown
  characters: number
  keys: number
}

function entryOf(key: string, value: unknown): Entry {
  return { value, characters: JSON.stringify(key).length + 1 + JSON.stringify(value).length, keys: 1 + keyCount(value) }
}

/** A copy of `value` along a dot path with the last segment removed, sharing everything else; the same value when the path names nothing. */
function withoutPath(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path
  if (!isObject(value) || head === undefined || !Object.hasOwn(value, head)) return value
  const inner = rest.length ? withoutPath(value[head], rest) : undefined
  if (rest.length && inner === value[head]) return value
  const copy: Settings = {}
  for (const [key, existing] of Object.entries(value)) {
    if (key !== head) put(copy, key, existing)
    else if (rest.length) put(copy, key, inner)
  }
  return Object.freeze(copy)
}

/** `patch` merged into `current`: objects key by key, anything else replaces; unchanged parts are shared. */
function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isObject(current) || !isObject(patch)) return deepFreeze(patch)
  const merged: Settings = {}
  for (const [key, value] of Object.entries(current)) put(merged, key, value)
  for (const [key, value] of Object.entries(patch)) put(merged, key, mergeValue(Object.hasOwn(current, key) ? current[key] : undefined, value))
  return Object.freeze(merged)
}

/**
 * One user's or organization's settings: immutable, with their size as JSON and their key count kept per
 * top-level key, so a write measures only the entries it changes and a read copies nothing.
 */
export class StoredSettings {
  static readonly empty = new StoredSettings(new Map())

  readonly #entries: ReadonlyMap<string, Entry>
  #view: Settings | undefined
  /** The settings as JSON text would be, in characters. */
  readonly characters: number
  /** Keys at every level. */
  readonly keys: number

  private constructor(entries: ReadonlyMap<string, Entry>) {
    this.#entries = entries
    let characters = 2 + Math.max(0, entries.size - 1)
    let keys = 0
    for (const entry of entries.values()) {
      characters += entry.characters
      keys += entry.keys
    }
    this.characters = characters
    this.keys = keys
  }

  /** Settings from a request body, which nothing else holds: frozen where they are. */
  static adopt(settings: Settings): StoredSettings {
    const entries = new Map<string, Entry>()
    for (const [key, value] of Object.entries(settings)) entries.set(key, entryOf(key, deepFreeze(value)))
    return new StoredSettings(entries)
  }

  /** Settings a caller keeps (a fixture's): copied first. */
  static copyOf(settings: Settings): StoredSettings {
    return StoredSettings.adopt(JSON.parse(JSON.stringify(settings)) as Settings)
  }

  /**
   * The settings as one frozen object, made once per stored version.
   * @example
   * StoredSettings.copyOf({ theme: 'dark' }).view() // { theme: 'dark' }
   */
  view(): Settings {
    if (this.#view === undefined) {
      const view: Settings = {}
      for (const [key, entry] of this.#entries) put(view, key, entry.value)
      this.#view = Object.freeze(view)
    }
    return this.#view
  }

  /**
   * A partial update: objects are merged key by key, anything else replaces what was there.
   * @example
   * StoredSettings.copyOf({ security: { requireMFA: true, sessionTimeout: 3600 } }).merge({ security: { requireMFA: false } }).view()
   * // { security: { requireMFA: false, sessionTimeout: 3600 } }
   */
  merge(patch: Settings): StoredSettings {
    const entries = new Map(this.#entries)
    for (const [key, value] of Object.entries(patch)) entries.set(key, entryOf(key, mergeValue(this.#entries.get(key)?.value, value)))
    return new StoredSettings(entries)
  }

  /**
   * Removes keys; a dot path (`notifications.push`) reaches into objects. A key that names nothing is ignored.
   * @example
   * StoredSettings.copyOf({ theme: 'dark', notifications: { email: true, push: false } }).without(['notifications.push']).view()
   * // { theme: 'dark', notifications: { email: true } }
   */
  without(keys: readonly string[]): StoredSettings {
    const entries = new Map(this.#entries)
    for (const key of keys) {
      const [head, ...rest] = key.split('.') as [string, ...string[]]
      const entry = entries.get(head)
      if (!entry) continue
      if (!rest.length) entries.delete(head)
      else {
        const value = withoutPath(entry.value, rest)
        if (value !== entry.value) entries.set(head, entryOf(head, value))
      }
    }
    return new StoredSettings(entries)
  }

  /** What is over `SETTINGS_LIMITS`, as a client is told it; undefined within them. */
  overLimit(): string | undefined {
    if (this.characters > SETTINGS_LIMITS.characters) {
      return `Settings too large: ${this.characters} characters of JSON, the limit is ${SETTINGS_LIMITS.characters}`
    }
    if (this.keys > SETTINGS_LIMITS.keys) return `Too many settings keys: ${this.keys}, the limit is ${SETTINGS_LIMITS.keys} at every level together`
    return undefined
  }

  toJSON(): Settings {
    return this.view()
  }
}
