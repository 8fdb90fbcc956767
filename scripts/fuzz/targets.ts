import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createFlashbackServer } from '../../src/server.js'
import { freePort } from '../../bench/processes.js'

const root = new URL('../../', import.meta.url).pathname

/** The server under test, wherever it runs. */
export interface FuzzServer {
  readonly url: string
  /** Why the server cannot answer (it exited, or an error escaped its request handler), or null. */
  trouble(): string | null
  /** Waits up to `ms` for a server that stopped answering to exit; true when it has. */
  exited(ms: number): Promise<boolean>
  /** Starts it again after a crash, on the same port (Prism forwards there). */
  restart(): Promise<void>
  stop(): Promise<void>
}

export interface ServerChoice {
  engine: 'core' | 'msw'
  seed: number
}

/**
 * The server in this process, as `createFlashbackServer` makes it. An error that escapes its request
 * handler would end `npm start`'s process; here it is caught, counted as a crash, and the socket dropped.
 */
export async function inProcessServer(choice: ServerChoice): Promise<FuzzServer> {
  const escaped: unknown[] = []
  const start = async () => {
    const server = createFlashbackServer({ engine: choice.engine, seed: choice.seed, strict: false })
    const [handler] = server.server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => unknown)[]
    server.server.removeAllListeners('request')
    server.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      Promise.resolve(handler!.call(server.server, request, response)).catch((error: unknown) => {
        escaped.push(error)
        response.destroy()
      })
    })
    const url = await server.listen(0, '127.0.0.1')
    await server.mock.ready()
    return { server, url }
  }
  const current = await start()
  return {
    url: current.url,
    trouble: () => (escaped.length > 0 ? `an error escaped the request handler (it would end npm start): ${String(escaped.at(-1))}` : null),
    exited: async () => false,
    // The in-process server never exits: starting again only forgets the escaped errors.
    async restart() {
      escaped.length = 0
    },
    stop: () => current.server.close(),
  }
}

/** `npm start`'s program (`tsx src/cli.ts`) in a child process, so a crash ends it as it would for a user. */
export async function childProcessServer(choice: ServerChoice): Promise<FuzzServer> {
  const port = await freePort()
  let child: ChildProcess
  let output = ''
  const start = () =>
    new Promise<void>((resolve, reject) => {
      output = ''
      child = spawn(`${root}node_modules/.bin/tsx`, ['src/cli.ts', '--port', String(port), '--quiet', '--seed', String(choice.seed), '--engine', choice.engine], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      // Only the end of the output is kept: it holds the reason for a crash.
      const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000))
      child.stdout!.on('data', keep)
      child.stderr!.on('data', keep)
      const timer = setTimeout(() => reject(new Error(`npm start did not start:\n${output}`)), 30_000)
      const ready = () => {
        if (!/Authorization: Bearer/.test(output)) return
        clearTimeout(timer)
        child.stdout!.off('data', ready)
        resolve()
      }
      child.stdout!.on('data', ready)
      child.once('exit', () => clearTimeout(timer))
    })
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  await start()
  return {
    url: `http://127.0.0.1:${port}`,
    trouble: () => (child.exitCode !== null || child.signalCode !== null ? `the server process exited (${child.exitCode ?? child.signalCode}); its last output:\n${output}` : null),
    exited: (ms) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), ms)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve(true)
            })
          }),
    async restart() {
      kill()
      await start()
    },
    async stop() {
      kill()
    },
  }
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

export interface RunningPrism {
  url: string
  stop(): void
}

/**
 * Prism's validating proxy in front of `upstream`. Without `--errors`, so requests that break the
 * document still reach the server; violations come back in the `sl-violations` header. Its log is
 * silenced and not read.
 */
export async function startPrism(upstream: string): Promise<RunningPrism> {
  const port = await freePort()
  const child = spawn(
    `${root}node_modules/.bin/prism`,
    ['proxy', 'openapi/flashback.openapi.json', upstream, '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'silent'],
    { cwd: root, stdio: 'ignore', detached: true },
  )
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    if (await acceptsConnections(port)) return { url: `http://127.0.0.1:${port}`, stop }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  stop()
  throw new Error(`Prism did not start on port ${port}`)
}
