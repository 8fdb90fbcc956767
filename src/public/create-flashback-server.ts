import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allowedHosts } from '../adapters/allowed-hosts.js'
import { assertUsableControlToken } from '../adapters/control-token.js'
import { answerThroughMsw } from '../adapters/msw-engine.js'
import { createNodeListener, type ServerEngine } from '../adapters/node-server.js'
import { lowPriorityKeyGenerator } from '../adapters/rsa-key-worker.js'
import { useKeyGenerator } from '../data/rsa-keys.js'
import { createPipeline } from '../mock/pipeline.js'
import { createFlashbackMock, worldOf, type FlashbackMock, type FlashbackMockOptions } from './create-flashback-mock.js'

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
}

export interface FlashbackServer {
  readonly server: Server
  readonly mock: FlashbackMock
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:4010`. */
  listen(port?: number, host?: string): Promise<string>
  close(): Promise<void>
}

/**
 * A standalone HTTP server for local development: the mock on `node:http`, with CORS for browser
 * apps on other localhost ports, a Host check, a 1 MB body limit and the `/__mock/` control endpoints.
 * @example
 * const { listen } = createFlashbackServer({ seed: 7 })
 * const url = await listen(4010) // http://127.0.0.1:4010
 */
// One low-priority worker for every server of the process, started at the first key.
const serverKeys = lowPriorityKeyGenerator()

export function createFlashbackServer(options: FlashbackServerOptions = {}): FlashbackServer {
  assertUsableControlToken(options.controlToken)
  useKeyGenerator(serverKeys)
  // The msw engine sends each request to this base URL, so the handlers match whatever port is bound.
  const mock = createFlashbackMock({ ...options, baseUrl: 'http://127.0.0.1', onUnhandledRequest: 'warn' })
  const world = worldOf(mock)
  const pipeline = createPipeline(world, 'warn')
  const engine: ServerEngine =
    options.engine === 'msw' ? { kind: 'msw', answer: (request) => answerThroughMsw(mock.handlers, request), pipeline } : { kind: 'core', pipeline }
  let hosts = allowedHosts('127.0.0.1', options.allowHosts)
  const server = createServer(
    { requestTimeout: options.requestTimeoutMs ?? 15_000, headersTimeout: Math.min(options.requestTimeoutMs ?? 15_000, 10_000) },
    createNodeListener({ engine, world, hosts: () => hosts, ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }) }),
  )

  return {
    server,
    mock,
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
    close() {
      return new Promise((resolve, reject) => {
        server.closeAllConnections?.()
        server.close((error) => (error ? reject(error) : resolve()))
      })
    },
  }
}
