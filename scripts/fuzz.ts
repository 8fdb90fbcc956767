// npm run fuzz [-- --requests 20000 --seed 42 --engine core|msw --in-process --no-malformed-targets --no-dot-segments --no-forged-tokens --path P]:
// drives `npm start`'s program in a child process (so a crash is seen as one) with requests generated from
// openapi/flashback.openapi.json plus mutations, through Prism's validating proxy. Exits 1 on the first
// failing step, after printing the seed and the shrunk request.
import { parseArgs } from 'node:util'
import { formatReport, runFuzz } from './fuzz/fuzzer.js'
import { childProcessServer, inProcessServer, startPrism } from './fuzz/targets.js'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    engine: { type: 'string', default: 'core' },
    'steps-per-run': { type: 'string', default: '20' },
    'in-process': { type: 'boolean', default: false },
    // Each kind of mutation found a bug once (issue 10); all are in the mix now, and can be left out by name.
    'no-malformed-targets': { type: 'boolean', default: false },
    'no-dot-segments': { type: 'boolean', default: false },
    'no-forged-tokens': { type: 'boolean', default: false },
    path: { type: 'string' },
  },
})
const requests = Number(values.requests)
const seed = Number(values.seed)
const stepsPerRun = Number(values['steps-per-run'])
if (!Number.isInteger(requests) || requests < 1) throw new Error(`--requests must be a positive integer, not "${values.requests}"`)
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`)
if (!Number.isInteger(stepsPerRun) || stepsPerRun < 1) throw new Error(`--steps-per-run must be a positive integer`)
if (values.engine !== 'core' && values.engine !== 'msw') throw new Error('--engine must be core or msw')

const choice = { engine: values.engine, seed: 1 } as const
const server = values['in-process'] ? await inProcessServer(choice) : await childProcessServer(choice)
const prism = await startPrism(server.url)
console.log(`fuzzing ${server.url} (${values['in-process'] ? 'in process' : 'npm start in a child process'}, ${values.engine} engine) through Prism at ${prism.url}, seed ${seed}`)
try {
  const report = await runFuzz(server, prism.url, {
    seed,
    requests,
    stepsPerRun,
    malformedTargets: !values['no-malformed-targets'],
    dotSegments: !values['no-dot-segments'],
    forgedTokens: !values['no-forged-tokens'],
    ...(values.path ? { path: values.path } : {}),
    progress: (sent) => console.log(`  ${sent} requests`),
  })
  console.log(formatReport(report))
  process.exitCode = report.failure ? 1 : 0
} finally {
  prism.stop()
  await server.stop()
}
