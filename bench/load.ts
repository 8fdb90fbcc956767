import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { cpuMs, freePort, startServer, type RunningServer } from './processes.js'

const JOHN = '550e8400-e29b-41d4-a716-446655440000'
const ACME = '123e4567-e89b-12d3-a456-426614174000'
/** The server signs tokens with this secret, so a mock in the bench's own process makes tokens it accepts. */
export const BENCH_TOKEN_SECRET = 'flashback-bench'

/** The request kinds: one user by id, the organization's list, and the mix Prism is compared on. */
const PATHS = {
  read: [`/organization/users/${JOHN}`],
  list: ['/organization/users'],
  mix: [`/organization/users/${JOHN}`, '/user/profile', `/organization/${ACME}`],
}
type Kind = keyof typeof PATHS
type Name = 'flashback' | 'prism' | 'bare'

/** Who is compared on which request kind: the mock with Prism on the mix, with the floor on a read and a list. */
const PAIRS: ReadonlyArray<[Kind, Name, Name]> = [
  ['mix', 'flashback', 'prism'],
  ['read', 'flashback', 'bare'],
  ['list', 'flashback', 'bare'],
]

interface Run {
  requestsPerSecond: number
  /** The server process's CPU time per answered request, in µs (null without `/proc`). */
  cpuUsPerRequest: number | null
}

/** Requests per second of one server for one request kind, with the same load generator for every server. */
async function measure(server: RunningServer, token: string, kind: Kind, seconds: number): Promise<Run> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' }
  const before = cpuMs(server.pid)
  const result = await autocannon({
    url: server.url,
    connections: 10,
    duration: seconds,
    requests: PATHS[kind].map((path) => ({ method: 'GET', path, headers })),
  })
  const after = cpuMs(server.pid)
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${server.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  const cpuUsPerRequest = before === null || after === null ? null : ((after - before) * 1000) / result.requests.total
  return { requestsPerSecond: result.requests.average, cpuUsPerRequest }
}

/** What the mock answers at each path, for the floor to answer byte for byte. */
async function answersOf(url: string, token: string): Promise<Record<string, string>> {
  const paths = [...new Set(Object.values(PATHS).flat())]
  const bodies = await Promise.all(paths.map(async (path) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text()))
  return Object.fromEntries(paths.map((path, i) => [path, bodies[i]!]))
}

export type Rates = Record<Kind, Partial<Record<Name, Run[]>>>

/**
 * The mock's server (`dist`'s command, default engine), Prism on the same document (its logging off) and a
 * bare node:http floor. Each round measures each pair back to back, the pair's order alternating from one
 * round to the next, so a slow moment of the machine hits both sides of a pair and neither always goes first.
 */
export async function serverThroughput(token: string, rounds: number, seconds: number, warmupSeconds: number): Promise<Rates> {
  const prismPort = await freePort()
  const started: RunningServer[] = []
  const bodiesFile = join(tmpdir(), `flashback-bench-bodies-${process.pid}.json`)
  try {
    const flashback = await startServer(process.execPath, ['dist/src/bin.js', '--port', '0', '--quiet', '--token-secret', BENCH_TOKEN_SECRET], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
    started.push(flashback)
    writeFileSync(bodiesFile, JSON.stringify(await answersOf(flashback.url, token)))
    const bare = await startServer(process.execPath, ['bench/child-bare-server.mjs', bodiesFile], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
    started.push(bare)
    const prismArgs = ['mock', '-h', '127.0.0.1', '-p', String(prismPort), '-v', 'silent', 'openapi/flashback.openapi.json']
    const prism = await startServer('node_modules/.bin/prism', prismArgs, { port: prismPort })
    started.push(prism)
    const servers: Record<Name, RunningServer> = { flashback, prism, bare }

    // Each server answers each kind for a while first, so no round measures the code before it is compiled.
    if (warmupSeconds > 0) for (const [kind, a, b] of PAIRS) for (const name of [a, b]) await measure(servers[name], token, kind, warmupSeconds)
    const rates: Rates = { mix: {}, read: {}, list: {} }
    for (let r = 0; r < rounds; r++) {
      for (const [kind, a, b] of PAIRS) {
        for (const name of r % 2 === 0 ? [a, b] : [b, a]) {
          ;(rates[kind][name] ??= []).push(await measure(servers[name], token, kind, seconds))
        }
      }
    }
    return rates
  } finally {
    for (const server of started) server.stop()
    rmSync(bodiesFile, { force: true })
  }
}
