// npm run soak -- --minutes 10: logins, refreshes, reads and settings writes for that long, at the capacity of
// npm start's server (10 connections, each as fast as it is answered), on a data set that stays the same size:
// six fixture users signing in again and again, each writing the same few settings. Passes when memory at the
// end is within 1.5x of memory after the first minute, no answer took over a second, and nothing failed.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { startServer } from '../bench/processes.js'

const HEAP_LIMIT_MB = 128
const PASSWORD = 'Password123!'
const USERS = ['jane.smith@acme.com', 'john.doe@acme.com', 'olivia.bennett@acme.com', 'marcus.reed@acme.com', 'priya.patel@acme.com', 'hannah.schmidt@globex.io']
const CONNECTIONS = 10
const GROWTH_LIMIT = 1.5
const STALL_LIMIT_MS = 1000

interface Context {
  signIns?: number
  accessToken?: string
  refreshToken?: string
}

type Sent = Record<string, unknown>
interface Request {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  setupRequest: (request: Sent, context: Context) => Sent
  onResponse?: (status: number, body: string, context: Context) => void
}

// New objects each time: autocannon writes Content-Length into the headers it is given.
const json = () => ({ 'content-type': 'application/json' })
const bearer = (context: Context) => ({ ...json(), authorization: `Bearer ${context.accessToken}` })
const keep = (status: number, body: string, context: Context) => {
  if (status !== 200) return
  const tokens = JSON.parse(body) as Context
  context.accessToken = tokens.accessToken
  context.refreshToken = tokens.refreshToken
}

/** One round of a connection: sign in, refresh twice, read, write settings, read them. */
const round: Request[] = [
  {
    method: 'POST',
    path: '/user/login',
    setupRequest: (request, context) => {
      const n = (context.signIns = (context.signIns ?? 0) + 1)
      return { ...request, headers: json(), body: JSON.stringify({ email: USERS[n % USERS.length], password: PASSWORD }) }
    },
    onResponse: keep,
  },
  { method: 'POST', path: '/user/refresh', setupRequest: (request, context) => ({ ...request, headers: json(), body: JSON.stringify({ refreshToken: context.refreshToken }) }), onResponse: keep },
  { method: 'GET', path: '/user/profile', setupRequest: (request, context) => ({ ...request, headers: bearer(context) }) },
  { method: 'POST', path: '/user/refresh', setupRequest: (request, context) => ({ ...request, headers: json(), body: JSON.stringify({ refreshToken: context.refreshToken }) }), onResponse: keep },
  {
    method: 'PUT',
    path: '/settings/user',
    setupRequest: (request, context) => ({ ...request, headers: bearer(context), body: JSON.stringify({ theme: context.signIns! % 2 ? 'dark' : 'light', soak: { round: context.signIns! % 10 } }) }),
  },
  { method: 'GET', path: '/settings/user', setupRequest: (request, context) => ({ ...request, headers: bearer(context) }) },
  { method: 'GET', path: '/token', setupRequest: (request, context) => ({ ...request, headers: bearer(context) }) },
]

// Answers other than 2xx, by request and status, with the first body of each: what a failed soak shows.
const refused = new Map<string, { count: number; body: string }>()
for (const request of round) {
  const own = request.onResponse
  request.onResponse = (status, body, context) => {
    if (status >= 300) {
      const key = `${request.method} ${request.path} ${status}`
      const seen = refused.get(key) ?? { count: 0, body: body.slice(0, 160) }
      seen.count++
      refused.set(key, seen)
    }
    own?.(status, body, context)
  }
}

/** Runs the soak and answers the exit code: 0 when it passed. */
export async function sessionsSoak(minutes: number): Promise<number> {
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' })
  const server = await startServer(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, 'dist/src/bin.js', '--port', '0', '--quiet'], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024
  const samples: { second: number; rssMb: number }[] = []
  const started = Date.now()
  const sampler = setInterval(() => samples.push({ second: (Date.now() - started) / 1000, rssMb: rssMb() }), 5000)
  try {
    const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: minutes * 60, timeout: 10, requests: round as unknown as autocannon.Request[], initialContext: {} })
    clearInterval(sampler)
    const endRss = rssMb()
    const firstMinute = samples.find((s) => s.second >= Math.min(60, (minutes * 60) / 2)) ?? samples[0]!
    const growth = endRss / firstMinute.rssMb
    const peak = Math.max(...samples.map((s) => s.rssMb), endRss)
    const seconds = (Date.now() - started) / 1000
    console.log(`soak: ${minutes} min, ${CONNECTIONS} connections, ${USERS.length} users signing in again and again`)
    console.log(`requests: ${result.requests.total} in ${seconds.toFixed(0)} s (${Math.round(result.requests.total / seconds)} req/s), ${Math.round(result.requests.total / round.length)} sign-ins`)
    console.log(`answers: 2xx ${result['2xx']}, non-2xx ${result.non2xx}, 5xx ${result['5xx']}; errors ${result.errors}, timeouts ${result.timeouts}`)
    console.log(`latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`)
    console.log(`RSS: ${firstMinute.rssMb.toFixed(1)} MB after ${firstMinute.second.toFixed(0)} s, ${endRss.toFixed(1)} MB at the end (${growth.toFixed(2)}x), peak ${peak.toFixed(1)} MB; old space limited to ${HEAP_LIMIT_MB} MB`)
    for (const [key, { count, body }] of refused) console.log(`  ${count} × ${key}: ${body}`)
    const problems = [
      result.non2xx > 0 && 'answers other than 2xx',
      result.errors + result.timeouts > 0 && 'errors or timeouts',
      growth > GROWTH_LIMIT && `memory grew ${growth.toFixed(2)}x after the first minute`,
      result.latency.max > STALL_LIMIT_MS && `an answer took ${result.latency.max} ms`,
      /Unhandled|TypeError|RangeError|\n\s+at /.test(server.output()) && 'the server logged an unhandled error',
    ].filter(Boolean)
    console.log(problems.length ? `soak failed: ${problems.join('; ')}` : 'soak passed')
    return problems.length ? 1 : 0
  } finally {
    clearInterval(sampler)
    server.stop()
  }
}
