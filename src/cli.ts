#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { assertUsableControlToken, ControlTokenError } from './adapters/control-token.js'
import { commandLineProblem, commandName } from './command-line.js'
import { whenParentStops } from './parent-process.js'
import type { Fixture } from './data/fixture.js'
import { fixtureNames, isFixtureName, type FixtureName } from './data/fixtures.js'
import { fixtureProblems } from './data/fixture-check.js'
import { durationMs } from './mock/clock.js'
import { isRpId } from './data/passkeys.js'
import type { AnsweredRequest } from './adapters/node-server.js'

const command = commandName('start')
const contract = commandName('contract')
const control = commandName('control')
// The mock's options, then the one other command, so `--help` shows everything the package's bin does.
const usage = [
  `Usage: ${command} [--port 4010] [--host 127.0.0.1] [--fixture ${fixtureNames.join('|')}|FILE.json] [--seed 1] [--engine core|msw] [--control-token SECRET] [--allow-host NAME]... [--token-secret SECRET] [--world-ttl 30m] [--max-worlds 1000] [--app-url https://app.flashback.tech] [--passkey-rp-id NAME] [--quiet] [--state FILE] [--watch]`,
  `       ${contract} --base-url URL ...   runs the contract suite against a server (its options: ${contract} --help)`,
  `       ${control} reset|users|clock|fail ...   steers a running server (their options: ${control} reset --help)`,
].join('\n')

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
  process.exit(2)
}

const options = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  fixture: { type: 'string', default: 'default' },
  seed: { type: 'string', default: '1' },
  engine: { type: 'string', default: 'core' },
  'control-token': { type: 'string' },
  'token-secret': { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'world-ttl': { type: 'string', default: '30m' },
  'max-worlds': { type: 'string', default: '1000' },
  'app-url': { type: 'string' },
  'passkey-rp-id': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  state: { type: 'string' },
  watch: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/**
 * The options, or a one-line reason and the usage (exit code 2). Parsed leniently and checked here,
 * so every mistake gets a sentence that says what to type instead of Node's parser error.
 */
function readOptions(args: string[]) {
  const { values, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true })
  const problem = commandLineProblem(tokens, options, (argument) => {
    // `npm start --port 5000` (no `--`): npm takes `--port` for itself and passes only `5000` on.
    const npm = command === 'npm start --' ? ' (npm keeps the options given before -- for itself)' : ''
    const hint = /^\d+$/.test(argument) ? `${npm}; to choose the port, run ${command} --port ${argument}` : ''
    return `Unexpected argument "${argument}"${hint}`
  })
  if (problem) fail(problem)
  return values as { [K in keyof typeof options]: (typeof options)[K]['type'] extends 'boolean' ? boolean : K extends 'control-token' | 'token-secret' | 'app-url' | 'passkey-rp-id' | 'state' ? string | undefined : K extends 'allow-host' ? string[] | undefined : string }
}

const values = readOptions(process.argv.slice(2))
if (values.help) {
  console.log(usage)
  process.exit(0)
}
if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) fail(`--port must be a port number from 0 to 65535, not "${values.port}"`)
const appUrl = values['app-url']
if (appUrl !== undefined && !(/^https?:\/\/[^/\s]+/i.test(appUrl) && URL.canParse(appUrl))) fail(`--app-url must be an http or https URL, not "${appUrl}"`)
const rpId = values['passkey-rp-id']
if (rpId !== undefined && !isRpId(rpId)) fail(`--passkey-rp-id must be a host name such as localhost, not "${rpId}"`)
if (!/^-?\d+$/.test(values.seed) || !Number.isSafeInteger(Number(values.seed))) fail(`--seed must be an integer, not "${values.seed}"`)
const port = Number(values.port)
const seed = Number(values.seed)
// A built-in fixture by name, or a team's own fixture file.
let fixture: FixtureName | Fixture
if (isFixtureName(values.fixture)) fixture = values.fixture
else if (values.fixture.endsWith('.json')) {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(values.fixture, 'utf8'))
  } catch (error) {
    fail(`--fixture ${values.fixture}: ${(error as Error).message}`)
  }
  // Every problem at once, as --watch reports them on a reload.
  const problems = fixtureProblems(value)
  if (problems.length) fail(`--fixture ${values.fixture}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}`)
  fixture = value as Fixture
} else fail(`--fixture must be one of ${fixtureNames.join(', ')}, or a .json fixture file, not "${values.fixture}"`)
if (values.watch && typeof fixture !== 'object') fail(`--watch reloads a fixture file: give one with --fixture FILE.json, not the built-in "${values.fixture}"`)
if (values.engine !== 'core' && values.engine !== 'msw') fail(`--engine must be core or msw, not "${values.engine}"`)
const controlToken = values['control-token']
try {
  assertUsableControlToken(controlToken)
} catch (error) {
  if (!(error instanceof ControlTokenError)) throw error
  fail(`--control-token: ${error.message}`)
}
// Worlds named by x-mock-world: how long an idle one is kept, and how many at most.
let worldTtlMs: number
try {
  worldTtlMs = durationMs(values['world-ttl'])
} catch (error) {
  fail(`--world-ttl: ${(error as Error).message}`)
}
if (worldTtlMs <= 0) fail('--world-ttl must be above 0, e.g. 30m')
if (!/^\d+$/.test(values['max-worlds']) || Number(values['max-worlds']) < 1) fail(`--max-worlds must be a positive integer, not "${values['max-worlds']}"`)
const maxWorlds = Number(values['max-worlds'])
// Without a secret, tokens are signed with a random one: they work until the process ends.
if (values['token-secret'] !== undefined && !values['token-secret'].trim()) fail('--token-secret must not be empty')
const stateFile = values.state
if (stateFile !== undefined && !stateFile.trim()) fail('--state needs a file name, e.g. --state .flashback-mock.json')

/** `GET /organization/users 200 4ms jane.smith@acme.com world=default`: what one answered request printed. */
function requestLine({ method, path, status, ms, caller, world }: AnsweredRequest): string {
  return `${method} ${path} ${status ?? 'closed'} ${Math.round(ms)}ms ${caller ?? '-'} world=${world}`
}

// Loaded once the command line is known good: a mistake is answered at once, not after loading the whole mock.
const { createFlashbackServer } = await import('./public/create-flashback-server.js')
const { userListing } = await import('./user-listing.js')
const { FIXTURE_PASSWORD } = await import('./data/fixture.js')
const { StateFileError } = await import('./adapters/state-file.js')
const isLoopback = /^(127(\.\d{1,3}){3}|localhost|::1)$/.test(values.host)
let mockServer: ReturnType<typeof createFlashbackServer>
try {
  mockServer = createFlashbackServer({
    fixture,
    seed,
    engine: values.engine,
    strict: false,
    allowHosts: values['allow-host'] ?? [],
    worldTtlMs,
    maxWorlds,
    ...(values['token-secret'] ? { tokenSecret: values['token-secret'] } : {}),
    ...(values['app-url'] !== undefined ? { appUrl: values['app-url'] } : {}),
    ...(rpId !== undefined ? { passkeyRpId: rpId } : {}),
    ...(controlToken !== undefined ? { controlToken } : {}),
    ...(stateFile !== undefined ? { stateFile } : {}),
    // One line per API request, for a day of local development; --quiet for scripts and benchmarks.
    ...(values.quiet ? {} : { onAnswered: (answered: AnsweredRequest) => console.log(requestLine(answered)) }),
  })
} catch (error) {
  // A state file that is not one to load, or a fixture file the mock cannot load: the reason in one line, no stack.
  if (error instanceof StateFileError) fail(`--state ${error.message}`)
  fail(`--fixture ${values.fixture}: ${(error as Error).message}`)
}

// Nothing a client sends should get this far; if something does, say so and keep serving.
process.on('uncaughtException', (error) => console.error(`[flashback-mock] unexpected error, still serving: ${error.stack ?? error}`))
process.on('unhandledRejection', (reason) => console.error(`[flashback-mock] unexpected rejection, still serving: ${String((reason as Error)?.stack ?? reason)}`))

// Registered before listening, so a signal during start-up stops the server too.
let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  void mockServer.close().finally(() => process.exit(0))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop)
// Under npm (npx, npm exec, npm run), a signal sent to npm reaches only the shell npm runs the bin in.
if (process.env.npm_lifecycle_event !== undefined) whenParentStops(stop)

const url = await mockServer.listen(port, values.host).catch((error: NodeJS.ErrnoException) =>
  fail(error.code === 'EADDRINUSE' ? `Port ${port} is already in use: try --port ${port + 1}` : `Cannot listen on ${values.host}:${port}: ${error.message}`),
)
try {
  await mockServer.state?.restored
} catch (error) {
  console.error(`--state ${stateFile}: a saved world cannot be loaded: ${(error as Error).message}; it is left as it is`)
  mockServer.server.close()
  process.exit(2)
}
try {
  await mockServer.mock.ready()
} catch (error) {
  console.error(`--fixture ${values.fixture}: ${(error as Error).message}`)
  await mockServer.close()
  process.exit(2)
}

console.log(`Flashback Organization API mock listening on ${url}`)
if (!isLoopback) {
  const control = controlToken !== undefined ? 'its control API needs the control token' : 'so can its control API: consider --control-token'
  console.warn(`Warning: bound to ${values.host}: other machines can reach the mock, and ${control}.`)
}
console.log(`Console: ${url}/__mock/ (the world, sign-in as any user, the journal live, faults, the clock)`)
console.log(`Fixture "${values.fixture}", seed ${seed}. Control: GET ${url}/__mock/users, POST ${url}/__mock/reset, POST ${url}/__mock/clock`)
console.log(`Worlds: a request with the header x-mock-world: NAME (or a browser after ${url}/__mock/worlds/NAME/enter) has a world of its own; GET ${url}/__mock/worlds lists them.`)
if (isFixtureName(values.fixture)) console.log(`Sign in: POST ${url}/user/login with a user's e-mail and the password ${FIXTURE_PASSWORD}, or use a token below.`)
const state = mockServer.state
if (state) {
  const loaded = state.savedAt === null ? `${state.file} is new` : `loaded ${state.worlds.length === 1 ? 'the default world' : `${state.worlds.length} worlds`} from ${state.file} (saved ${state.savedAt})`
  console.log(`State: ${loaded}; every change is saved to it, and a write is answered once it is saved.`)
}
if (values['token-secret']) console.log('Tokens are signed with --token-secret: they work after a restart with the same secret.\n')
else if (state) console.log(`Tokens are signed with a random secret kept in ${state.file}: they work after a restart with the same --state.\n`)
else console.log('Tokens are signed with a random secret: they stop working when the mock restarts (keep them with --token-secret or --state).\n')
const users = mockServer.mock.users()
const SHOWN = 25
for (const user of users.slice(0, SHOWN)) for (const line of userListing(user)) console.log(line)

if (users.length > SHOWN) console.log(`… and ${users.length - SHOWN} more users, with tokens, at GET ${url}/__mock/users`)
if (!values.quiet) console.log(`\nEach API request is printed below as METHOD PATH STATUS TIME CALLER world=NAME (--quiet stops it).`)

if (values.watch && typeof fixture === 'object') {
  const { watchFixtureFile } = await import('./fixture-watch.js')
  watchFixtureFile({ file: values.fixture, loaded: fixture, reload: (next) => mockServer.reloadFixture(next), log: (line) => console.log(line) })
  console.log(`\nWatching ${values.fixture}: saving it resets the worlds made from it to the new fixture.`)
}
