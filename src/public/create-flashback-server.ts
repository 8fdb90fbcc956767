import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allowedHosts } from '../adapters/allowed-hosts.js'
import { BaseUrls } from '../adapters/base-url.js'
import { assertUsableControlToken } from '../adapters/control-token.js'
import { answerThroughMsw } from '../adapters/msw-engine.js'
import { createMswHandlers } from '../adapters/msw-handlers.js'
import { createNodeListener, type AnsweredRequest, type ServerEngine } from '../adapters/node-server.js'
import { lowPriorityKeyGenerator } from '../adapters/rsa-key-worker.js'
import { readStateFile, StateSaver } from '../adapters/state-file.js'
import { savedWorldText, stateDocumentText, type SavedState } from '../mock/saved-state.js'
import { useKeyGenerator } from '../data/rsa-keys.js'
import { randomTokenSecret, worldTokenSecret } from '../data/tokens.js'
import { createPipeline, type IncomingCall } from '../mock/pipeline.js'
import { MockWorld } from '../mock/world.js'
import { DEFAULT_WORLD, WORLD_HEADER, checkWorldName, worldNameOf } from '../mock/world-name.js'
import { WorldRegistry, type WorldRecipe } from '../mock/worlds.js'
import { isFlashbackError } from '../operations/errors.js'
import { checkedFixture } from '../data/fixture-check.js'
import type { Fixture } from '../data/fixture.js'
import { mockOver, type FlashbackMock, type FlashbackMockOptions } from './create-flashback-mock.js'

export interface FlashbackServerOptions extends Omit<FlashbackMockOptions, 'baseUrl' | 'fetchOtherHosts'> {
  /**
   * `core` (default) answers through the mock's pipeline directly; `msw` answers through msw's
   * `getResponse` and the same handlers tests use. Both give the same answers; `core` is faster.
   */
  engine?: 'core' | 'msw'
  /** When set, `/__mock/` answers only requests with this `X-Control-Token` header; an unusable one (empty, padded) throws a `ControlTokenError`. */
  controlToken?: string
  /** Host names besides loopback and the bound host that requests may name in `Host` (e.g. a LAN name). */
  allowHosts?: readonly string[]
  /** How long a client may take to send a whole request, body included, in ms. Default 15,000. */
  requestTimeoutMs?: number
  /** A named world unused this long (ms) is dropped, and made afresh on its next use. Default 30 minutes. */
  worldTtlMs?: number
  /** At most this many named worlds besides `default`; past it the least recently used is dropped. Default 1,000. */
  maxWorlds?: number
  /**
   * Called once each API request is answered (not the `/__mock/` control API's): method, path, status, ms, the
   * caller's e-mail and the world. The command line prints a line for each unless `--quiet`.
   * @example
   * createFlashbackServer({ onAnswered: (r) => console.log(`${r.method} ${r.path} ${r.status} ${r.caller ?? '-'}`) })
   */
  onAnswered?: (request: AnsweredRequest) => void
  /**
   * A file every world is saved to after each change and loaded from at start (`--state`, decisions/030). An
   * answer to a write is sent once the change is in the file. A file that is not a flashback-mock state file
   * of this version throws a `StateFileError` naming the problem, and is left as it is.
   */
  stateFile?: string
}

/**
 * What a server with `stateFile` loaded at start.
 * @example
 * const server = createFlashbackServer({ stateFile: '.flashback-mock.json' })
 * await server.state?.restored
 * console.log(server.state?.worlds) // ['default', 'alice']
 */
export interface LoadedState {
  file: string
  /** When the file was saved, or null when there was no file yet. */
  savedAt: string | null
  /** The worlds loaded from it, `default` first. */
  worlds: string[]
  /** Resolves once every saved world is in place. */
  restored: Promise<void>
}

export interface FlashbackServer {
  readonly server: Server
  /** The `default` world: what requests that name no world see. */
  readonly mock: FlashbackMock
  /**
   * A named world (made now if it does not exist), as a mock of its own: its `fetch` and `request()` send
   * `x-mock-world` through the server's pipeline; `users()`, `fail()`, `clock` act on that world alone.
   * @example
   * const alice = server.world('alice')
   * alice.fail('listOrganizationUsers', { status: 503 }, { times: 1 })
   */
  world(name: string): FlashbackMock
  /** With `stateFile`: what was loaded from it. */
  readonly state: LoadedState | undefined
  /**
   * Replaces the server's fixture (`--watch` calls it when the fixture file changes): every world made from the
   * fixture it had is reset to the new one (its changes, faults and journal go), and worlds made from now on use
   * it. A fixture with problems throws a `FixtureError` naming each, and every world keeps what it has.
   * Resolves with the names of the worlds reset, once they are.
   * @example
   * await server.reloadFixture(JSON.parse(readFileSync('./team.json', 'utf8'))) // ['default', 'alice']
   */
  reloadFixture(fixture: Fixture): Promise<string[]>
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:4010`. */
  listen(port?: number, host?: string): Promise<string>
  /** Stops listening, and with `stateFile` saves what is not saved yet. */
  close(): Promise<void>
}

// Often enough that an idle server frees idle worlds; unref'd, so it never keeps a process alive.
const SWEEP_EVERY_MS = 30_000

/**
 * A standalone HTTP server for local development: the mock on `node:http`, with CORS for browser
 * apps on other localhost ports, a Host check, a 1 MB body limit and the `/__mock/` control endpoints.
 * Each request answers from the world it names (`x-mock-world` header or `flashback_mock_world` cookie),
 * so parallel test workers share one server and nothing else.
 * @example
 * const { listen } = createFlashbackServer({ seed: 7 })
 * const url = await listen(4010) // http://127.0.0.1:4010
 */
// One low-priority worker for every server of the process, started at the first key.
const serverKeys = lowPriorityKeyGenerator()

export function createFlashbackServer(options: FlashbackServerOptions = {}): FlashbackServer {
  assertUsableControlToken(options.controlToken)
  useKeyGenerator(serverKeys)
  // Read before anything starts: a file it refuses stops the server here, untouched.
  const saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile)
  // A secret the server chose is kept in the state file, so its tokens work after a restart as --token-secret's do.
  const secret = options.tokenSecret ?? saved?.tokenSecret ?? randomTokenSecret()
  const keptSecret = options.tokenSecret === undefined ? secret : undefined
  const onUnhandledRequest = options.onUnhandledRequest ?? 'warn'
  let saver: StateSaver | undefined
  const changed = () => saver?.changed()
  const defaultWorld = new MockWorld({ ...options, tokenSecret: secret })
  defaultWorld.onChange = changed
  // Replaced by `reloadFixture`: what worlds made on first use start from.
  let serverFixture = options.fixture
  const makeWorld = (name: string, recipe: WorldRecipe) => {
    const world = new MockWorld({ ...options, fixture: recipe.fixture ?? serverFixture, seed: recipe.seed ?? options.seed, tokenSecret: worldTokenSecret(secret, name) }, name)
    world.onChange = changed
    return world
  }
  const worlds = new WorldRegistry({
    defaultWorld,
    create: makeWorld,
    onChange: changed,
    ...(options.worldTtlMs === undefined ? {} : { ttlMs: options.worldTtlMs }),
    ...(options.maxWorlds === undefined ? {} : { maxWorlds: options.maxWorlds }),
  })
  const state = options.stateFile === undefined ? undefined : loadState(options.stateFile, saved, worlds)
  if (options.stateFile !== undefined) {
    // Each world's text, kept while the world does not change: a save turns only the changed worlds into JSON.
    const worldTexts = new WeakMap<MockWorld, { changes: number; text: string }>()
    const textOf = (world: MockWorld) =>
      world.snapshot((snapshot) => {
        const kept = worldTexts.get(world)
        if (kept?.changes === world.changeCount) return kept.text
        const text = savedWorldText(world.origin, snapshot)
        worldTexts.set(world, { changes: world.changeCount, text })
        return text
      })
    saver = new StateSaver({
      file: options.stateFile,
      async render() {
        const texts = await Promise.all(worlds.all().map(async ([name, world]) => [name, await textOf(world)] as const))
        return stateDocumentText(new Date(), keptSecret, texts)
      },
      onError: (error) => console.error(`[flashback-mock] ${error.message}`),
    })
  }
  const chooseWorld = (call: IncomingCall) => {
    try {
      return worlds.forRequest(worldNameOf(call))
    } catch (error) {
      if (isFlashbackError(error)) return { refused: error.message }
      throw error
    }
  }
  // The one pipeline of the server: every engine, every world and every `FlashbackMock` below answer through it.
  const pipeline = createPipeline(chooseWorld, onUnhandledRequest)
  // The msw engine sends each request to this base URL, so the handlers match whatever port is bound.
  const baseUrls = new BaseUrls('http://127.0.0.1')
  const faceOf = (name: string) =>
    mockOver({
      world: () => worlds.get(name),
      pipeline,
      baseUrls,
      onUnhandledRequest,
      fetchOtherHosts: 'error',
      ...(name === DEFAULT_WORLD ? {} : { headers: { [WORLD_HEADER]: name } }),
    })
  const mock = faceOf(DEFAULT_WORLD)
  let handlers: ReturnType<typeof createMswHandlers> | undefined
  const engine: ServerEngine =
    options.engine === 'msw'
      ? { kind: 'msw', answer: (request) => answerThroughMsw((handlers ??= createMswHandlers(pipeline, baseUrls, onUnhandledRequest)), request), pipeline }
      : { kind: 'core', pipeline }
  let hosts = allowedHosts('127.0.0.1', options.allowHosts)
  const server = createServer(
    { requestTimeout: options.requestTimeoutMs ?? 15_000, headersTimeout: Math.min(options.requestTimeoutMs ?? 15_000, 10_000) },
    createNodeListener({
      engine,
      worlds,
      strict: defaultWorld.strict,
      hosts: () => hosts,
      ...(saver === undefined ? {} : { durable: () => saver.durable() }),
      ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
      ...(options.onAnswered === undefined ? {} : { onAnswered: options.onAnswered }),
    }),
  )
  const sweeper = setInterval(() => worlds.sweep(), SWEEP_EVERY_MS)
  sweeper.unref?.()
  server.once('close', () => clearInterval(sweeper))

  return {
    server,
    mock,
    state,
    world: (name) => faceOf(checkWorldName(name)),
    async reloadFixture(fixture) {
      const checked = checkedFixture(fixture)
      const before = JSON.stringify(serverFixture ?? 'default')
      serverFixture = checked
      const reset = worlds.all().filter(([, world]) => JSON.stringify(world.origin.fixture) === before)
      await Promise.all(reset.map(([, world]) => world.useFixture(checked, world.seed)))
      return reset.map(([name]) => name)
    },
    listen(port = 4010, host = '127.0.0.1') {
      hosts = allowedHosts(host, options.allowHosts)
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve(`http://${shownHost}:${address.port}`)
        })
      })
    },
    async close() {
      clearInterval(sweeper)
      // A server that never listened (one used in process, through `world().fetch`) has nothing to close.
      if (server.listening) {
        await new Promise<void>((resolve, reject) => {
          server.closeAllConnections?.()
          server.close((error) => (error ? reject(error) : resolve()))
        })
      }
      await saver?.flush()
    },
  }
}

/** Puts the saved worlds in place: each keeps the fixture it came from for `reset()`, and its saved state. */
function loadState(file: string, saved: SavedState | undefined, worlds: WorldRegistry): LoadedState {
  if (!saved) return { file, savedAt: null, worlds: [], restored: Promise.resolve() }
  const restoring = saved.worlds.map(({ name, origin, snapshot }) => {
    if (name === DEFAULT_WORLD) return worlds.get(DEFAULT_WORLD).restore(snapshot)
    const world = worlds.make(name, origin)
    worlds.adopt(name, world)
    return world.restore(snapshot)
  })
  const names = saved.worlds.map((w) => w.name)
  return { file, savedAt: saved.savedAt, worlds: [DEFAULT_WORLD, ...names.filter((name) => name !== DEFAULT_WORLD)], restored: Promise.all(restoring).then(() => undefined) }
}
