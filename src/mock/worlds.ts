import type { Fixture } from '../data/fixture.js'
import type { FixtureName } from '../data/fixtures.js'
import { FlashbackError } from '../operations/errors.js'
import { MockWorld } from './world.js'
import { DEFAULT_WORLD } from './world-name.js'

/** What a world is made from: the server's fixture and seed unless `POST /__mock/worlds` gives its own. */
export interface WorldRecipe {
  fixture?: FixtureName | Fixture
  seed?: number
}

export interface WorldRegistryOptions {
  /** The server's own world, answered when a request names none; never dropped. */
  defaultWorld: MockWorld
  /** Makes a named world; `recipe` is what `POST /__mock/worlds` gave, empty on first use. */
  create(name: string, recipe: WorldRecipe): MockWorld
  /** A world unused this long is dropped. Default 30 minutes. */
  ttlMs?: number
  /** At most this many named worlds besides the default; the least recently used is dropped first. Default 1,000. */
  maxWorlds?: number
  /** Real time (the worlds' own clocks are theirs to move): tests give another. */
  now?: () => number
  /** Told when a world is made, replaced or dropped (a server with `--state` saves then). */
  onChange?: () => void
}

/** One world as `GET /__mock/worlds` lists it. */
export interface WorldSummary {
  name: string
  createdAt: string
  lastUsedAt: string
  users: number
  requests: number
}

interface Entry {
  world: MockWorld
  createdAt: number
  lastUsedAt: number
  requests: number
}

// Names of dropped worlds are kept (bounded) only to say so in the journal when one comes back.
const REMEMBERED_DROPS = 10_000

const DEFAULT_WORLD_TTL_MS = 30 * 60_000
const DEFAULT_MAX_WORLDS = 1000

/**
 * The worlds of one server, by name. A world is made on first use (or by `POST /__mock/worlds`),
 * is touched by every request that names it, and is dropped once idle past the TTL or when more than
 * `maxWorlds` exist (least recently used first). A Map keeps its entries in insertion order and every use
 * moves a world to the end, so the idle and surplus worlds are always at the front. A request costs the
 * same with one world or thousands: it looks up its own world only, and the others are swept when a world is
 * made, when they are listed, and on the server's sweep.
 */
export class WorldRegistry {
  readonly #named = new Map<string, Entry>()
  readonly #default: Entry
  readonly #dropped = new Map<string, string>()
  readonly #options: WorldRegistryOptions
  readonly #now: () => number
  readonly ttlMs: number
  readonly maxWorlds: number

  constructor(options: WorldRegistryOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.ttlMs = options.ttlMs ?? DEFAULT_WORLD_TTL_MS
    this.maxWorlds = options.maxWorlds ?? DEFAULT_MAX_WORLDS
    if (!(this.ttlMs > 0)) throw new RangeError(`The world TTL must be above 0 ms, not ${this.ttlMs}`)
    if (!Number.isInteger(this.maxWorlds) || this.maxWorlds < 1) throw new RangeError(`maxWorlds must be a positive integer, not ${this.maxWorlds}`)
    const now = this.#now()
    this.#default = { world: options.defaultWorld, createdAt: now, lastUsedAt: now, requests: 0 }
  }

  /** The world of a request, made now if it does not exist; counts the request. */
  forRequest(name: string): MockWorld {
    const entry = this.#use(name)
    entry.requests++
    return entry.world
  }

  /** The world of that name for a control call or a helper, made now if it does not exist. */
  get(name: string): MockWorld {
    return this.#use(name).world
  }

  /** Whether a world of that name exists now (the default always does): one idle past the TTL does not. */
  exists(name: string): boolean {
    if (name === DEFAULT_WORLD) return true
    const entry = this.#named.get(name)
    return entry !== undefined && this.#now() - entry.lastUsedAt <= this.ttlMs
  }

  /** A world made from a recipe but not yet the one of its name: `adopt` makes it so, once it has loaded. */
  make(name: string, recipe: WorldRecipe): MockWorld {
    if (name === DEFAULT_WORLD) throw new FlashbackError('INVALID_REQUEST', `The "${DEFAULT_WORLD}" world is the server's own: POST /__mock/fixture or /__mock/reset changes it`)
    return this.#options.create(name, recipe)
  }

  /** Makes a world from `make` the one of its name, replacing the world there was. Answers whether it was new. */
  adopt(name: string, world: MockWorld): { world: MockWorld; created: boolean } {
    const existed = this.#named.delete(name)
    this.#dropped.delete(name)
    const now = this.#now()
    this.#named.set(name, { world, createdAt: now, lastUsedAt: now, requests: 0 })
    this.#sweep(now)
    this.#options.onChange?.()
    return { world, created: !existed }
  }

  /** Drops a world; its next use makes it afresh. False when there was none. */
  delete(name: string): boolean {
    if (name === DEFAULT_WORLD) throw new FlashbackError('INVALID_REQUEST', `The "${DEFAULT_WORLD}" world cannot be deleted: POST /__mock/reset resets it`)
    const deleted = this.#named.delete(name)
    if (deleted) this.#options.onChange?.()
    return deleted
  }

  /** Every world by name, the default first, without using any: what a saved state holds. */
  all(): Array<[name: string, world: MockWorld]> {
    return [[DEFAULT_WORLD, this.#default.world], ...[...this.#named].map(([name, entry]) => [name, entry.world] as [string, MockWorld])]
  }

  /** Every world, the default first, then from the least to the most recently used. */
  list(): WorldSummary[] {
    this.#sweep(this.#now())
    return [[DEFAULT_WORLD, this.#default] as const, ...this.#named].map(([name, entry]) => summaryOf(name, entry))
  }

  /** One world's summary, if it exists. */
  summary(name: string): WorldSummary | undefined {
    const entry = name === DEFAULT_WORLD ? this.#default : this.#named.get(name)
    return entry && summaryOf(name, entry)
  }

  /** How many named worlds exist, the default aside. */
  get size(): number {
    return this.#named.size
  }

  /** Drops worlds idle past the TTL; the server calls it now and then, so an idle server frees them too. */
  sweep(): void {
    this.#sweep(this.#now())
  }

  #use(name: string): Entry {
    const now = this.#now()
    if (name === DEFAULT_WORLD) {
      this.#default.lastUsedAt = now
      return this.#default
    }
    let entry = this.#named.get(name)
    if (entry && now - entry.lastUsedAt > this.ttlMs) {
      this.#drop(name, `it was idle for more than ${formatMs(this.ttlMs)} (--world-ttl)`)
      entry = undefined
    }
    if (entry) {
      // Moved to the end: the Map's order is the order of last use.
      this.#named.delete(name)
      this.#named.set(name, entry)
      entry.lastUsedAt = now
    } else {
      const world = this.#options.create(name, {})
      const why = this.#dropped.get(name)
      if (why !== undefined) {
        this.#dropped.delete(name)
        world.log.noteNext(`World "${name}" was dropped because ${why}, and was made afresh from the fixture`)
      }
      entry = { world, createdAt: now, lastUsedAt: now, requests: 0 }
      this.#named.set(name, entry)
      this.#options.onChange?.()
      // Only when a world is made: finding the front of a Map whose entries keep moving to its end skips the
      // places they left, up to one per world. Idle worlds are otherwise dropped on the server's sweep, or on use.
      this.#sweep(now)
    }
    return entry
  }

  #sweep(now: number): void {
    for (const [name, entry] of this.#named) {
      if (now - entry.lastUsedAt <= this.ttlMs) break
      this.#drop(name, `it was idle for more than ${formatMs(this.ttlMs)} (--world-ttl)`)
    }
    while (this.#named.size > this.maxWorlds) {
      const [oldest] = this.#named.keys()
      this.#drop(oldest!, `more than ${this.maxWorlds} worlds were in use (--max-worlds) and it was the least recently used`)
    }
  }

  #drop(name: string, why: string): void {
    this.#named.delete(name)
    this.#options.onChange?.()
    this.#dropped.set(name, why)
    if (this.#dropped.size > REMEMBERED_DROPS) this.#dropped.delete(this.#dropped.keys().next().value!)
  }
}

function summaryOf(name: string, entry: Entry): WorldSummary {
  return {
    name,
    createdAt: new Date(entry.createdAt).toISOString(),
    lastUsedAt: new Date(entry.lastUsedAt).toISOString(),
    users: entry.world.userCount(),
    requests: entry.requests,
  }
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
