// npm run soak [-- --requests 100000]: a bounded load of mixed requests on loopback against npm start's
// server. Checks that every request is answered, no 5xx and no unhandled error appear, and memory stays flat.
// npm run soak -- --minutes 10: sign-ins instead, for that long at the server's capacity (see sessions-soak.ts).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { startServer } from '../bench/processes.js'
import { createFlashbackMock } from '../src/index.js'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' }, minutes: { type: 'string' } } })
if (values.minutes !== undefined) {
  const { sessionsSoak } = await import('./sessions-soak.js')
  process.exit(await sessionsSoak(Number(values.minutes)))
}
const total = Number(values.requests)
// A small heap: growth that is only V8 being lazy gets collected, while a real leak ends in a crash.
const HEAP_LIMIT_MB = 128
const JANE = '660e8400-e29b-41d4-a716-446655440001'
const JOHN = '550e8400-e29b-41d4-a716-446655440000'
// The server is started with the same --token-secret, so this process can make a token it accepts.
const TOKEN_SECRET = 'flashback-soak'
const token = createFlashbackMock({ tokenSecret: TOKEN_SECRET }).tokenFor('770e8400-e29b-41d4-a716-446655440002')
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' })
const server = await startServer(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, 'dist/src/bin.js', '--port', '0', '--quiet', '--token-secret', TOKEN_SECRET], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
const pid = server.pid
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

// Each request its own headers: autocannon writes Content-Length into the object it is given.
const mix = [
  { method: 'GET', path: `/organization/users/${JOHN}`, headers: { ...auth } },
  { method: 'GET', path: '/user/profile', headers: { ...auth } },
  { method: 'GET', path: '/organization/users', headers: { ...auth } },
  { method: 'PUT', path: `/organization/users/${JANE}`, headers: { ...auth }, body: '{"name":"Jane"}' },
  { method: 'DELETE', path: `/organization/users/${JANE}`, headers: { ...auth } },
  { method: 'POST', path: `/organization/users/${JANE}/activate`, headers: { ...auth } },
  { method: 'POST', path: '/organization/users', headers: { ...auth }, body: '{"email":"not-an-email"}' },
  { method: 'POST', path: '/organization/users', headers: { ...auth }, body: '{"email": ' },
  { method: 'GET', path: '/organisation/typo', headers: { ...auth } },
  { method: 'GET', path: '/user/profile' },
] as const

try {
  await autocannon({ url: server.url, connections: 10, amount: 5000, requests: [...mix] })
  const startRss = rssMb()
  const started = Date.now()
  const result = await autocannon({ url: server.url, connections: 10, amount: total, timeout: 10, requests: [...mix] })
  const endRss = rssMb()
  const seconds = (Date.now() - started) / 1000
  const fiveHundreds = result['5xx']
  console.log(`requests: ${result.requests.total} of ${total} in ${seconds.toFixed(1)} s (${Math.round(result.requests.total / seconds)} req/s)`)
  console.log(`answers: 2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${fiveHundreds}; errors ${result.errors}, timeouts ${result.timeouts}`)
  console.log(`RSS: ${startRss.toFixed(1)} MB at start, ${endRss.toFixed(1)} MB at end (old space limited to ${HEAP_LIMIT_MB} MB)`)
  const problems = [
    result.requests.total < total && 'not every request was answered',
    result.errors + result.timeouts > 0 && 'errors or timeouts',
    fiveHundreds > 0 && '5xx answers',
    endRss > startRss + 100 && 'memory grew by more than 100 MB',
    /Unhandled|TypeError|RangeError|\n\s+at /.test(server.output()) && 'the server logged an unhandled error',
  ].filter(Boolean)
  console.log(problems.length ? `soak failed: ${problems.join('; ')}` : 'soak passed')
  process.exitCode = problems.length ? 1 : 0
} finally {
  server.stop()
}
