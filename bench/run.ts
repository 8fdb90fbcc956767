// npm run bench [-- --quick] [-- --out FILE]: measures the mock's costs and writes a table and JSON.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { createFlashbackMock } from '../src/index.js'
import { browserBundle } from './bundle.js'
import { requestOverhead, resetCost, storeSize } from './in-process.js'
import { BENCH_TOKEN_SECRET, serverThroughput } from './load.js'
import { childJson } from './processes.js'
import { round, summarise, type Summary } from './stats.js'
import { mswMajor } from '../test/support/msw-major.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string', default: 'bench/results.json' } } })
const quick = values.quick
const sizes = quick ? { warmup: 5, samples: 3, batch: 5, rounds: 1 } : { warmup: 300, samples: 30, batch: 50, rounds: 3 }
const log = (text: string) => process.stderr.write(`${text}\n`)

log('building dist/ for the fresh-process figures…')
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' })

log('request overhead…')
const overhead = await requestOverhead(sizes)
log('store size…')
const stores = await storeSize(sizes, 10, quick ? 500 : 10_000)
log('reset…')
const reset = summarise(await resetCost(sizes))
log('cold start in fresh processes…')
const starts = []
for (let i = 0; i < (quick ? 1 : 10); i++) starts.push(await childJson('child-startup.mjs'))
const startup = summarise(starts.map((s) => s.createMs))
const importing = summarise(starts.map((s) => s.importMs))
log('cold start with the large fixture…')
const largeStarts = []
for (let i = 0; i < (quick ? 1 : 5); i++) largeStarts.push(await childJson('child-startup.mjs', ['large']))
const startupLarge = summarise(largeStarts.map((s) => s.createMs))
log('memory with 100,000 users…')
const memory = await childJson('child-memory.mjs', [String(quick ? 1000 : 100_000)], ['--expose-gc'])
log('browser bundle…')
const bundle = await browserBundle()
log('server throughput against Prism and bare node:http…')
const token = createFlashbackMock({ tokenSecret: BENCH_TOKEN_SECRET }).tokenFor('770e8400-e29b-41d4-a716-446655440002')
const rates = await serverThroughput(token, quick ? 1 : 5, quick ? 1 : 4)

const full = summarise(overhead.full)
const bare = summarise(overhead.bare)
const small = summarise(stores.small!)
const large = summarise(stores.large!)
const list = summarise(stores.list!)
const rate = { flashback: summarise(rates.flashback), prism: summarise(rates.prism), bare: summarise(rates.bare) }
// Each round runs the three servers back to back, so a round's ratio is taken in one moment of the machine.
const pairedRatio = (other: number[]) => summarise(rates.flashback.map((value, i) => value / other[i]!))
const versus = { prism: pairedRatio(rates.prism), bare: pairedRatio(rates.bare) }

const results = {
  requestOverheadRatio: round(summarise(overhead.ratios).median, 2),
  mswRequestUs: round(bare.median * 1000, 0),
  getByIdFlatnessRatio: round(large.median / small.median, 2),
  listUsersMs10k: round(list.median, 2),
  startupMs: round(startup.median, 1),
  startupLargeMs: round(startupLarge.median, 1),
  resetMs: round(reset.median, 3),
  serverVsPrismRatio: round(versus.prism.median, 2),
  serverVsBareNodeRatio: round(versus.bare.median, 2),
  browserBundleGzipBytes: bundle.gzipBytes,
  browserOnDemandGzipBytes: bundle.onDemandGzipBytes,
  rssMb100k: round(memory.rssMb, 1),
  heapBytesPerUser: round(memory.heapBytesPerUser, 0),
  plainBytesPerUser: round(memory.plainBytesPerUser, 0),
  firstRequestMs: round(summarise(starts.map((s) => s.firstRequestMs)).median, 2),
  importMs: round(importing.median, 0),
  details: {
    quick,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`,
    requestMs: { fullMock: full, staticHandler: bare, pairedRatios: summarise(overhead.ratios) },
    getByIdMs: { users10: small, [quick ? 'users500' : 'users10000']: large },
    listMs: list,
    resetMs: reset,
    startupMs: { createAndLoad: startup, import: importing, largeFixture: startupLarge },
    memory,
    requestsPerSecond: rate,
    serverPairedRatios: versus,
    bundle,
  },
}

const goals: Record<string, [string, (v: number) => boolean]> = {
  requestOverheadRatio: ['≤ 1.3', (v) => v <= 1.3],
  getByIdFlatnessRatio: ['≤ 1.5', (v) => v <= 1.5],
  startupMs: ['< 50', (v) => v < 50],
  resetMs: ['< 0.5', (v) => v < 0.5],
  serverVsPrismRatio: ['≥ 3', (v) => v >= 3],
  serverVsBareNodeRatio: ['≥ 0.5', (v) => v >= 0.5],
  browserBundleGzipBytes: ['< 61440', (v) => v < 61_440],
  heapBytesPerUser: ['≤ 1000', (v) => v <= 1000],
}
const spread = (s: Summary, digits = 3) => `${round(s.p25, digits)}–${round(s.p75, digits)}`
const spreads: Record<string, string> = {
  requestOverheadRatio: `mock ${spread(full)} ms, static ${spread(bare)} ms`,
  mswRequestUs: `${spread({ ...bare, p25: bare.p25 * 1000, p75: bare.p75 * 1000 }, 0)}; msw ${mswMajor}: one static http.get handler answering fetch under setupServer`,
  getByIdFlatnessRatio: `10 users ${spread(small)} ms, large ${spread(large)} ms`,
  listUsersMs10k: spread(list, 2),
  startupMs: spread(startup, 1),
  startupLargeMs: `${spread(startupLarge, 1)}; the large fixture: faker loaded, 3,500 users made`,
  resetMs: spread(reset),
  serverVsPrismRatio: `${spread(versus.prism, 2)}; ${round(rate.flashback.median, 0)} vs ${round(rate.prism.median, 0)} req/s`,
  serverVsBareNodeRatio: `${spread(versus.bare, 2)}; ${round(rate.flashback.median, 0)} vs ${round(rate.bare.median, 0)} req/s`,
  browserBundleGzipBytes: `${bundle.minifiedBytes} bytes minified, loaded with the entry`,
  browserOnDemandGzipBytes: 'faker with English data, fetched only to make up users or names',
  rssMb100k: `${memory.users} users, loaded in ${round(memory.loadMs, 0)} ms`,
  heapBytesPerUser: `heap of the whole mock (fixture data, collections, indexes) per user, ${memory.users} users`,
  plainBytesPerUser: 'the floor: the same users as plain objects in a Map',
  firstRequestMs: 'first answer after the fixture is loaded',
  importMs: `${spread(importing, 0)}; importing the built package (msw, @msw/data), cold`,
}
const rows = Object.entries(results)
  .filter(([, v]) => typeof v === 'number')
  .map(([key, value]) => {
    const goal = goals[key]
    const verdict = goal ? (goal[1](value as number) ? 'met' : 'not met') : 'context'
    return `| ${key} | ${value} | ${spreads[key] ?? ''} | ${goal?.[0] ?? ''} | ${verdict} |`
  })
const table = ['| figure | median | spread (p25–p75) | goal | |', '|---|---|---|---|---|', ...rows].join('\n')

console.log(table)
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`)
if (!quick) {
  const path = new URL('../BENCHMARKS.md', import.meta.url)
  const text = readFileSync(path, 'utf8')
  const start = text.indexOf('<!-- results:start -->')
  const end = text.indexOf('<!-- results:end -->')
  const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${results.details.machine}.`
  writeFileSync(path, `${text.slice(0, start)}<!-- results:start -->\n${stamp}\n\n${table}\n${text.slice(end)}`)
}
