import { fork, type ChildProcess } from 'node:child_process'
import autocannon from 'autocannon'
import { startServer } from './processes.js'

const ORGANIZATIONS = 8
/**
 * Each organization asks for a key every 200 ms at most: 40 keys a second together, seven times the 5.4 a second
 * of the report that found keys stalling everyone (decisions/037). Unpaced, keys that take half a millisecond make
 * the loops a flood of requests of any kind, which is a different measurement.
 */
const KEY_INTERVAL_MS = 200
const READS_PER_SECOND = 200

export interface KeyGenerationLoad {
  /** Each round's p99 with nothing else happening, and while keys are generated, in ms (µs resolution). */
  idleP99Ms: number[]
  loadedP99Ms: number[]
  /** The median of the rounds' loaded-over-idle ratios: the goal is at most 2. */
  ratio: number
  keysGenerated: number
  /** How long the loaded rounds ran altogether, in s. */
  loadedSeconds: number
  /** Context: the same rounds' p99 as autocannon reports it (1 ms steps, a stall counted once per missing ms). */
  autocannonIdleP99Ms: number[]
  autocannonLoadedP99Ms: number[]
}

// Each connection sends a read every CONNECTIONS / READS_PER_SECOND s.
const CONNECTIONS = 4
const SEND_INTERVAL_MS = (1000 * CONNECTIONS) / READS_PER_SECOND

/**
 * The 99th percentile of response times, counting the reads a slow answer kept its connection from sending
 * (one every `SEND_INTERVAL_MS`, as HdrHistogram's `recordValueWithExpectedInterval` counts them). autocannon
 * does this with an interval of `ceil(1 / rate)` = 1 ms, where a connection sends every 20 ms: one stall of
 * 20 ms became twenty samples of 1 to 20 ms, a p99 on its own out of 1,000 reads; and it keeps whole ms.
 */
function p99WithMissedSends(times: readonly number[]): number {
  const all: number[] = []
  for (const time of times) {
    all.push(time)
    for (let missed = time - SEND_INTERVAL_MS; missed >= SEND_INTERVAL_MS; missed -= SEND_INTERVAL_MS) all.push(missed)
  }
  all.sort((a, b) => a - b)
  return all[Math.ceil(0.99 * all.length) - 1] ?? 0
}

interface Reads {
  p99Ms: number
  autocannonP99Ms: number
}

async function readsP99(url: string, token: string, seconds: number): Promise<Reads> {
  const times: number[] = []
  const run = autocannon({
    url,
    connections: CONNECTIONS,
    overallRate: READS_PER_SECOND,
    duration: seconds,
    requests: [{ method: 'GET', path: '/user/profile', headers: { authorization: `Bearer ${token}` } }],
  }) as unknown as NodeJS.EventEmitter & PromiseLike<autocannon.Result>
  // Each answer's time in ms, from process.hrtime: (client, status, bytes, ms).
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void times.push(ms))
  const result = await run
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`reads: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { p99Ms: p99WithMissedSends(times), autocannonP99Ms: result.latency.p99 }
}

/**
 * p99 of one user's reads on the server (a steady 200 a second) while nothing else happens, and while eight
 * organizations each ask for an RSA key every KEY_INTERVAL_MS (deleting them at the fifth), in paired rounds. An idle p99
 * under 1 ms counts as 1 ms.
 */
export async function keyGenerationLoad(token: string, tokenSecret: string, rounds: number, seconds: number): Promise<KeyGenerationLoad> {
  const server = await startServer(process.execPath, ['dist/src/bin.js', '--port', '0', '--quiet', '--token-secret', tokenSecret], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  let owners: ChildProcess | undefined
  try {
    owners = fork(new URL('child-key-owners.mjs', import.meta.url).pathname, [server.url, String(ORGANIZATIONS), String(KEY_INTERVAL_MS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const child = owners
    const next = () => new Promise<unknown>((resolve, reject) => {
      const ended = (code: number | null) => reject(new Error(`the key owners' process ended (${code})`))
      child.once('exit', ended)
      child.once('message', (message) => {
        child.off('exit', ended)
        resolve(message)
      })
    })
    await next()
    let keysGenerated = 0
    const loaded = async () => {
      child.send('start')
      const p99 = await readsP99(server.url, token, seconds)
      child.send('stop')
      keysGenerated += ((await next()) as { made: number }).made
      return p99
    }
    await readsP99(server.url, token, seconds / 5)
    // Paired rounds, the order alternating, so a busy moment of a shared machine hits both sides.
    const idle: Reads[] = []
    const busy: Reads[] = []
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) idle.push(await readsP99(server.url, token, seconds))
      busy.push(await loaded())
      if (r % 2 === 1) idle.push(await readsP99(server.url, token, seconds))
    }
    const round2 = (ms: number) => Math.round(ms * 100) / 100
    const idleP99Ms = idle.map((reads) => round2(reads.p99Ms))
    const loadedP99Ms = busy.map((reads) => round2(reads.p99Ms))
    const ratios = loadedP99Ms.map((p99, i) => p99 / Math.max(idleP99Ms[i]!, 1)).sort((a, b) => a - b)
    return {
      idleP99Ms,
      loadedP99Ms,
      ratio: ratios[Math.floor(ratios.length / 2)]!,
      keysGenerated,
      loadedSeconds: rounds * seconds,
      autocannonIdleP99Ms: idle.map((reads) => reads.autocannonP99Ms),
      autocannonLoadedP99Ms: busy.map((reads) => reads.autocannonP99Ms),
    }
  } finally {
    owners?.kill()
    server.stop()
  }
}
