// npm run bench [-- --quick] [-- --out FILE]: measures the mock's costs and writes a table and JSON.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { createFlashbackMock } from '../src/index.js'
import { browserBundle } from './bundle.js'
import { requestOverhead, resetCost, storeSize } from './in-process.js'
import { BENCH_TOKEN_SECRET, serverThroughput } from './load.js'
import { keyGenerationLoad } from './key-generation.js'
import { stateFileCost } from './state-file.js'
import { childJson } from './processes.js'
import { pairedRatios, round, summarise, type Summary } from './stats.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string', default: 'bench/results.json' } } })
const quick = values.quick
const loadAtStart = os.loadavg()[0]!
const sizes = quick ? { warmup: 5, samples: 3, batch: 5, rounds: 1 } : { warmup: 300, samples: 30, batch: 50, rounds: 3 }
const log = (text: string) => process.stderr.write(`[${(performance.now() / 1000).toFixed(1)} s] ${text}\n`)

log('building dist/ for the fresh-process figures…')
execFileSync('npm', ['run', '-s', 'build', '--', '--no-declarations'], { stdio: 'inherit' })

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
log('import of the package against msw alone, in alternating fresh processes…')
const imports = { package: [] as number[], msw: [] as number[] }
for (let i = 0; i < (quick ? 1 : 10); i++) {
  for (const what of i % 2 === 0 ? (['package', 'msw'] as const) : (['msw', 'package'] as const)) {
    imports[what].push((await childJson('child-import.mjs', [what])).importMs)
  }
}
log('first request through msw, in fresh processes…')
const firstThroughMsw = []
for (let i = 0; i < (quick ? 1 : 5); i++) firstThroughMsw.push((await childJson('child-first-request.mjs')).firstRequestThroughMswMs)
log('cold start with the large fixture…')
const largeStarts = []
for (let i = 0; i < (quick ? 1 : 5); i++) largeStarts.push(await childJson('child-startup.mjs', ['large']))
const startupLarge = summarise(largeStarts.map((s) => s.createMs))
const worldSize = quick ? { users: 1000, small: 50, perRound: 5, rounds: 2, seconds: 0.5 } : { users: 100_000, small: 1000, perRound: 300, rounds: 6, seconds: 3 }
log(`memory, load and creates with ${worldSize.users} users…`)
const memory = await childJson('child-memory.mjs', [worldSize.users, worldSize.small, worldSize.perRound, worldSize.rounds, worldSize.seconds].map(String), ['--expose-gc'])
log('worlds: a read among 1,000 worlds, making a world, the heap of each…')
const worldRuns = await childJson('child-worlds.mjs', (quick ? [200, 3, 20, 3] : [10_000, 15, 300, 61]).map(String), ['--expose-gc'])
log('browser bundle…')
const bundle = await browserBundle()
log('server throughput against Prism and bare node:http…')
const token = createFlashbackMock({ tokenSecret: BENCH_TOKEN_SECRET }).tokenFor('770e8400-e29b-41d4-a716-446655440002')
// Short paired measurements, many of them: a slow moment of the shared machine then falls on both sides of a pair
// more often, and the median of the pairs' ratios moves less from run to run.
const rates = await serverThroughput(token, quick ? 1 : 12, quick ? 1 : 2, quick ? 0 : 1)
log('server reads while eight organizations generate keys, and memory per session…')
const keys = await keyGenerationLoad(token, BENCH_TOKEN_SECRET, quick ? 1 : 6, quick ? 0.5 : 10)
const sessionMemory = await childJson('child-sessions.ts', quick ? ['500', '50'] : ['20000', '2000'], ['--expose-gc', '--import', 'tsx'])
log('writes with and without --state…')
const stateCost = await stateFileCost(quick ? 1 : 5, quick ? 5 : 200, quick ? 2 : 50)

const full = summarise(overhead.full)
const bare = summarise(overhead.bare)
const fetchAdapter = summarise(overhead.fetchAdapter)
const small = summarise(stores.small!)
const large = summarise(stores.large!)
const list = summarise(stores.list!)
const rps = (runs: { requestsPerSecond: number }[] | undefined) => (runs ?? []).map((run) => run.requestsPerSecond)
const cpu = (runs: { cpuUsPerRequest: number | null }[] | undefined) => (runs ?? []).map((run) => run.cpuUsPerRequest ?? Number.NaN)
const server = {
  prism: pairedRatios(rps(rates.mix.flashback), rps(rates.mix.prism)),
  read: pairedRatios(rps(rates.read.flashback), rps(rates.read.bare)),
  list: pairedRatios(rps(rates.list.flashback), rps(rates.list.bare)),
  // CPU per request of the floor over the mock's: the same direction as the throughput ratio, free of the load generator.
  readCpu: pairedRatios(cpu(rates.read.bare), cpu(rates.read.flashback)),
  listCpu: pairedRatios(cpu(rates.list.bare), cpu(rates.list.flashback)),
}
const creates = { small: summarise(memory.creates.small), large: summarise(memory.creates.large), ratio: pairedRatios(memory.creates.large, memory.creates.small) }
const updates = { small: summarise(memory.updates.small), large: summarise(memory.updates.large), ratio: pairedRatios(memory.updates.large, memory.updates.small) }
const reset100k = summarise(memory.resetMs)
const worldsRead = { one: summarise(worldRuns.readOneWorldUs), many: summarise(worldRuns.readThousandWorldsUs), ratio: pairedRatios(worldRuns.readThousandWorldsUs, worldRuns.readOneWorldUs) }
const worldMaking = { create: summarise(worldRuns.createWorldMs), reset: summarise(worldRuns.resetMs), ratio: pairedRatios(worldRuns.createWorldMs, worldRuns.resetMs) }
const importRatio = pairedRatios(imports.package, imports.msw)
const firstRequest = summarise(firstThroughMsw)
const mswPerRequest = summarise(overhead.bare.map((ms) => ms * 1000))
const fetchPerRequest = summarise(overhead.fetchAdapter.map((ms) => ms * 1000))
const mswVersion = JSON.parse(readFileSync('node_modules/msw/package.json', 'utf8')).version as string
const sizeName = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n))

const results = {
  requestOverheadRatio: round(pairedRatios(overhead.full, overhead.bare).median, 2),
  getByIdFlatnessRatio: round(large.median / small.median, 2),
  listUsersMs10k: round(list.median, 2),
  startupMs: round(startup.median, 1),
  startupLargeMs: round(startupLarge.median, 1),
  resetMs: round(reset.median, 3),
  importRatio: round(importRatio.median, 2),
  serverVsPrismRatio: round(server.prism.median, 2),
  serverReadVsBareNodeRatio: round(server.read.median, 2),
  serverListVsBareNodeRatio: round(server.list.median, 2),
  serverReadCpuVsBareNodeRatio: round(server.readCpu.median, 2),
  serverListCpuVsBareNodeRatio: round(server.listCpu.median, 2),
  createsPerSecond1k: round(creates.small.median, 0),
  createsPerSecond100k: round(creates.large.median, 1),
  createsRatio: round(creates.ratio.median, 3),
  updatesPerSecond1k: round(updates.small.median, 0),
  updatesPerSecond100k: round(updates.large.median, 1),
  updatesRatio: round(updates.ratio.median, 3),
  mswRequestUs: round(mswPerRequest.median, 0),
  fetchAdapterUs: round(fetchPerRequest.median, 0),
  fetchAdapterToMswRatio: round(pairedRatios(overhead.fetchAdapter, overhead.bare).median, 2),
  firstRequestThroughMswMs: round(firstRequest.median, 1),
  browserBundleGzipBytes: bundle.gzipBytes,
  browserOnDemandGzipBytes: bundle.onDemandGzipBytes,
  heapBytesPerUser: round(memory.heapBytesPerUser, 0),
  plainBytesPerUser: round(memory.plainBytesPerUser, 0),
  load100kMs: round(memory.loadMs, 0),
  loadRecords100kMs: round(memory.loadRecordsMs, 0),
  reset100kMs: round(reset100k.median, 0),
  rssMb100k: round(memory.rssMb, 1),
  firstRequestMs: round(summarise(starts.map((s) => s.firstRequestMs)).median, 2),
  thousandWorldsReadRatio: round(worldsRead.ratio.median, 2),
  createWorldVsResetRatio: round(worldMaking.ratio.median, 2),
  heapBytesPerWorld: round(worldRuns.heapBytesPerWorld, 0),
  heapMbFor10kWorlds: round((worldRuns.heapBytesPerWorld * 10_000) / 2 ** 20, 0),
  keyGenerationReadP99Ratio: round(keys.ratio, 2),
  bytesPerSession: round(sessionMemory.bytesPerSession, 0),
  bytesPerRefresh: round(sessionMemory.bytesPerRefresh, 0),
  importMs: round(importing.median, 0),
  stateSequentialWriteRatio: round(stateCost.sequentialMs.ratio.median, 2),
  stateConcurrentWritesRatio: round(stateCost.concurrentPerSecond.ratio.median, 2),
  details: {
    quick,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, msw ${mswVersion}`,
    loadAverage: os.loadavg().map((v) => round(v, 1)),
    requestMs: { fullMock: full, staticHandler: bare, fetchAdapter, pairedRatios: pairedRatios(overhead.full, overhead.bare) },
    getByIdMs: { users10: small, [quick ? 'users500' : 'users10000']: large },
    listMs: list,
    resetMs: reset,
    startupMs: { createAndLoad: startup, import: importing, largeFixture: startupLarge },
    importMs: { package: summarise(imports.package), msw: summarise(imports.msw), pairedRatios: importRatio },
    firstRequestThroughMswMs: firstRequest,
    memory: { ...memory, creates: undefined, updates: undefined },
    createsPerSecond: { [`users${worldSize.small}`]: creates.small, [`users${worldSize.users}`]: creates.large, pairedRatios: creates.ratio },
    updatesPerSecond: { [`users${worldSize.small}`]: updates.small, [`users${worldSize.users}`]: updates.large, pairedRatios: updates.ratio },
    reset100kMs: reset100k,
    worlds: { read: worldsRead, making: worldMaking, heapBytesPerWorld: worldRuns.heapBytesPerWorld, measuredWith: worldRuns.worlds },
    server: { rates, pairedRatios: server },
    keyGeneration: keys,
    sessionMemory,
    stateFile: stateCost,
    bundle,
  },
}

const goals: Record<string, [string, (v: number) => boolean]> = {
  requestOverheadRatio: ['≤ 1.3', (v) => v <= 1.3],
  getByIdFlatnessRatio: ['≤ 1.5', (v) => v <= 1.5],
  startupMs: ['< 50', (v) => v < 50],
  resetMs: ['< 0.5', (v) => v < 0.5],
  importRatio: ['≤ 1.5', (v) => v <= 1.5],
  serverVsPrismRatio: ['≥ 3', (v) => v >= 3],
  serverReadVsBareNodeRatio: ['≥ 0.8', (v) => v >= 0.8],
  serverListVsBareNodeRatio: ['≥ 0.7', (v) => v >= 0.7],
  createsRatio: ['≥ 0.8', (v) => v >= 0.8],
  updatesRatio: ['≥ 0.8', (v) => v >= 0.8],
  browserBundleGzipBytes: ['< 61440', (v) => v < 61_440],
  heapBytesPerUser: ['≤ 1000', (v) => v <= 1000],
  load100kMs: ['< 1500', (v) => v < 1500],
  reset100kMs: ['< 1000', (v) => v < 1000],
  thousandWorldsReadRatio: ['≤ 1.2', (v) => v <= 1.2],
  createWorldVsResetRatio: ['≤ 3', (v) => v <= 3],
  heapMbFor10kWorlds: ['< 1024', (v) => v < 1024],
  keyGenerationReadP99Ratio: ['≤ 2', (v) => v <= 2],
  bytesPerSession: ['≤ 1024', (v) => v <= 1024],
  stateConcurrentWritesRatio: ['≥ 0.5', (v) => v >= 0.5],
}
const spread = (s: Summary, digits = 3) => `${round(s.p25, digits)}–${round(s.p75, digits)}`
const range = (s: Summary, digits = 2) => `${round(s.min, digits)}–${round(s.max, digits)} over ${s.samples}`
const medianOf = (values: number[], digits = 0) => round(summarise(values).median, digits)
const spreads: Record<string, string> = {
  requestOverheadRatio: `${range(pairedRatios(overhead.full, overhead.bare))} paired batches; mock ${spread(full)} ms, static ${spread(bare)} ms`,
  getByIdFlatnessRatio: `10 users ${spread(small)} ms, large ${spread(large)} ms`,
  listUsersMs10k: spread(list, 2),
  startupMs: spread(startup, 1),
  startupLargeMs: `${spread(startupLarge, 1)}; the large fixture: faker loaded, 3,500 users made`,
  resetMs: spread(reset),
  importRatio: `${range(importRatio)} paired fresh processes; package ${medianOf(imports.package)} ms, msw alone ${medianOf(imports.msw)} ms`,
  serverVsPrismRatio: `${range(server.prism)} rounds; ${medianOf(rps(rates.mix.flashback))} vs ${medianOf(rps(rates.mix.prism))} req/s (mix of three reads)`,
  serverReadVsBareNodeRatio: `${range(server.read)} rounds; ${medianOf(rps(rates.read.flashback))} vs ${medianOf(rps(rates.read.bare))} req/s`,
  serverListVsBareNodeRatio: `${range(server.list)} rounds; ${medianOf(rps(rates.list.flashback))} vs ${medianOf(rps(rates.list.bare))} req/s`,
  serverReadCpuVsBareNodeRatio: `${range(server.readCpu)} rounds; ${medianOf(cpu(rates.read.flashback))} vs ${medianOf(cpu(rates.read.bare))} µs CPU per request`,
  serverListCpuVsBareNodeRatio: `${range(server.listCpu)} rounds; ${medianOf(cpu(rates.list.flashback))} vs ${medianOf(cpu(rates.list.bare))} µs CPU per request`,
  createsPerSecond1k: `${spread(creates.small, 0)}; POST /organization/users through mock.request(), ${worldSize.small} users and growing`,
  createsPerSecond100k: `${spread(creates.large, 1)}; the same with ${worldSize.users} users`,
  createsRatio: `${range(creates.ratio, 3)} rounds; ${sizeName(worldSize.users)} users over ${sizeName(worldSize.small)}`,
  updatesPerSecond1k: `${spread(updates.small, 0)}; PUT /organization/users/{userId} on the last user, through mock.request(), ${worldSize.small} users`,
  updatesPerSecond100k: `${spread(updates.large, 1)}; the same with ${worldSize.users} users`,
  updatesRatio: `${range(updates.ratio, 3)} rounds; ${sizeName(worldSize.users)} users over ${sizeName(worldSize.small)}`,
  mswRequestUs: `${spread(mswPerRequest, 0)}; a static msw ${mswVersion} handler answering fetch under setupServer`,
  fetchAdapterUs: `${spread(fetchPerRequest, 0)}; the same read through mock.fetch, strict`,
  fetchAdapterToMswRatio: `${range(pairedRatios(overhead.fetchAdapter, overhead.bare))} paired batches`,
  firstRequestThroughMswMs: `${spread(firstRequest, 1)}; fresh process, setupServer + fetch, fixture loaded by it`,
  browserBundleGzipBytes: `${bundle.minifiedBytes} bytes minified, loaded with the entry`,
  browserOnDemandGzipBytes: 'faker with English data, fetched only to make up users or names, and the response validators, fetched after the first answer to check answers beside them',
  heapBytesPerUser: `${memory.users} users, heap after GC, faker's data excluded`,
  plainBytesPerUser: 'the same user records cloned into one plain Map (the floor)',
  load100kMs: `${memory.users} users made up by faker and loaded`,
  loadRecords100kMs: 'the same users given as records (as a fixture file gives them): the load without faker',
  reset100kMs: `${spread(reset100k, 0)}; reset() of the world given as records`,
  rssMb100k: `${memory.users} users`,
  firstRequestMs: 'first answer after the fixture is loaded, through mock.request',
  importMs: `${spread(importing, 0)}; importing the built package (msw included), cold`,
  thousandWorldsReadRatio: `${range(worldsRead.ratio)} paired batches; GET /organization/users/{userId} through server.world(name).fetch, 1,000 worlds taking turns ${spread(worldsRead.many, 1)} µs against one world ${spread(worldsRead.one, 1)} µs`,
  createWorldVsResetRatio: `${range(worldMaking.ratio)} paired batches; a new world from the default fixture ${spread(worldMaking.create)} ms against reset() ${spread(worldMaking.reset)} ms`,
  heapBytesPerWorld: `${worldRuns.worlds} default-fixture worlds alive in one server, heap after GC`,
  heapMbFor10kWorlds: 'heapBytesPerWorld × 10,000',
  keyGenerationReadP99Ratio: `median of ${keys.idleP99Ms.length} paired rounds: server p99 of one user's reads (200/s) while 8 organizations each ask for an RSA key every 200 ms (${keys.loadedP99Ms.join(', ')} ms) over idle (${keys.idleP99Ms.join(', ')} ms); ${keys.keysGenerated} keys made (${round(keys.keysGenerated / keys.loadedSeconds, 1)}/s); autocannon's own p99 ${keys.autocannonLoadedP99Ms.join(', ')} over ${keys.autocannonIdleP99Ms.join(', ')} ms`,
  bytesPerSession: `${sessionMemory.sessions} sessions in the session store, heap after GC, the tokens (the clients') excluded`,
  stateSequentialWriteRatio: `${range(stateCost.sequentialMs.ratio)} paired rounds; one write after another, ${round(stateCost.sequentialMs.state.median, 2)} ms with --state against ${round(stateCost.sequentialMs.plain.median, 2)} ms without (each answered once saved)`,
  stateConcurrentWritesRatio: `${range(stateCost.concurrentPerSecond.ratio)} paired rounds; 16 clients writing, ${round(stateCost.concurrentPerSecond.state.median, 0)} writes/s with --state against ${round(stateCost.concurrentPerSecond.plain.median, 0)} without`,
  bytesPerRefresh: `heap each refresh adds to a session in use (rotation stores nothing); ${round(sessionMemory.bytesPerSessionOnceRefreshed, 0)} bytes per session once refreshed`,
}
const rows = Object.entries(results)
  .filter(([, v]) => typeof v === 'number')
  .map(([key, value]) => {
    const goal = goals[key]
    const verdict = goal ? (goal[1](value as number) ? 'met' : 'not met') : 'context'
    return `| ${key} | ${value} | ${spreads[key] ?? ''} | ${goal?.[0] ?? ''} | ${verdict} |`
  })
const table = ['| figure | median | spread: min–max of ratios, else p25–p75 | goal | |', '|---|---|---|---|---|', ...rows].join('\n')

console.log(table)
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`)
if (!quick) {
  const path = new URL('../BENCHMARKS.md', import.meta.url)
  const text = readFileSync(path, 'utf8')
  const start = text.indexOf('<!-- results:start -->')
  const end = text.indexOf('<!-- results:end -->')
  // The load average says how busy the machine was: figures from a shared machine are ratios first.
  const busy = `load average ${round(loadAtStart, 1)} at the start and ${round(os.loadavg()[0]!, 1)} at the end, on ${os.cpus().length} cores`
  const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${results.details.machine}; ${busy}.`
  writeFileSync(path, `${text.slice(0, start)}<!-- results:start -->\n${stamp}\n\n${table}\n${text.slice(end)}`)
}
