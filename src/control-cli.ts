#!/usr/bin/env node
// flashback-mock reset | users | clock | fail OPERATION: steers a running server through its control API
// (openapi/control.openapi.json), so a terminal does what curl or a test would.
import { parseArgs } from 'node:util'
import { commandLineProblem, commandName } from './command-line.js'
import { checkWorldName } from './mock/world-name.js'
import { userListing } from './user-listing.js'

/** The verbs, each one call of the control API. */
const CONTROL_VERBS = ['reset', 'users', 'clock', 'fail'] as const
type Verb = (typeof CONTROL_VERBS)[number]

const command = commandName('control')
const usage = [
  `Usage: ${command} reset|users|clock|fail [--port 4010] [--host 127.0.0.1] [--control-token SECRET] [--world NAME]`,
  'Steers a running flashback-mock server through its control API; --world acts on a named world (default: "default").',
  `  ${command} reset                                   the world back to its fixture (POST /__mock/reset)`,
  `  ${command} users [--json]                          its users, roles and tokens (GET /__mock/users)`,
  `  ${command} clock [--advance 61m] [--set DATE]      moves the mock's clock, or shows it (POST /__mock/clock)`,
  `  ${command} fail OPERATION --status 500 [--times N] the next calls of OPERATION (an operationId, or "*") fail (POST /__mock/faults)`,
  'Exit code 2 for a bad command line or a call the server refuses, 1 when no server answers.',
].join('\n')

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
  process.exit(2)
}

const common = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  'control-token': { type: 'string' },
  world: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const
const ownOptions = {
  reset: {},
  users: { json: { type: 'boolean', default: false } },
  clock: { advance: { type: 'string' }, set: { type: 'string' } },
  fail: { status: { type: 'string' }, times: { type: 'string' } },
} as const satisfies Record<Verb, object>

const [verb, ...args] = process.argv.slice(2) as [Verb, ...string[]]
const options = { ...common, ...ownOptions[verb] }
const { values, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true })
// `fail` takes its operation as a word; every other word is a mistake.
const operationToken = verb === 'fail' ? tokens.find((token) => token.kind === 'positional') : undefined
const problem = commandLineProblem(
  tokens.filter((token) => token !== operationToken),
  options,
)
if (problem) {
  const otherVerb = problem.startsWith('Unknown option') ? CONTROL_VERBS.find((other) => Object.hasOwn(ownOptions[other], problem.slice('Unknown option --'.length))) : undefined
  fail(otherVerb ? `${problem}: it is an option of ${command} ${otherVerb}` : problem)
}
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const text = (name: string) => values[name as keyof typeof values] as string | undefined
const port = text('port')!
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) fail(`--port must be a port number from 1 to 65535, not "${port}"`)
const world = text('world')
if (world !== undefined) {
  try {
    checkWorldName(world, '--world')
  } catch (error) {
    fail((error as Error).message)
  }
}
const host = text('host')!
const base = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`

/** One control call; a refusal or no server ends the command with its one line. */
async function call(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {}
  if (body) headers['content-type'] = 'application/json'
  if (text('control-token') !== undefined) headers['x-control-token'] = text('control-token')!
  if (world !== undefined) headers['x-mock-world'] = world
  let response: Response
  try {
    response = await fetch(`${base}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(10_000) })
  } catch (error) {
    // fetch names the network failure in its cause ("connect ECONNREFUSED ..."), not in its message.
    const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message
    console.error(`No flashback-mock server answers at ${base} (${reason}): start one with npx flashback-mock, or give its --port and --host`)
    process.exit(1)
  }
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null
  // Every control answer is a JSON object, and every refusal says why in `message`.
  if (answer === null || typeof answer !== 'object' || (!response.ok && typeof answer.message !== 'string')) {
    console.error(`${base} answered ${method} ${path} with ${response.status} and no control answer: is it a flashback-mock server?`)
    process.exit(1)
  }
  if (!response.ok) {
    const hint = response.status === 401 ? ' (give it with --control-token)' : ''
    console.error(`${command} ${verb}: ${String(answer.message)}${hint}`)
    process.exit(response.status >= 500 ? 1 : 2)
  }
  return answer
}

const worldName = world ?? 'default'
switch (verb) {
  case 'reset': {
    await call('POST', '/__mock/reset')
    console.log(`World "${worldName}" reset to its fixture`)
    break
  }
  case 'users': {
    const { users } = (await call('GET', '/__mock/users')) as { users: Parameters<typeof userListing>[0][] }
    if (values.json) console.log(JSON.stringify(users, null, 2))
    else for (const user of users) for (const line of userListing(user)) console.log(line)
    break
  }
  case 'clock': {
    const move = { ...(text('set') === undefined ? {} : { set: text('set') }), ...(text('advance') === undefined ? {} : { advance: text('advance') }) }
    const { now } = (await call('POST', '/__mock/clock', move)) as { now: string }
    const aheadMs = Date.parse(now) - Date.now()
    const minutes = Math.round(Math.abs(aheadMs) / 60_000)
    const distance = minutes === 0 ? 'real time' : `${minutes} min ${aheadMs > 0 ? 'ahead of' : 'behind'} real time`
    console.log(`World "${worldName}": the mock's time is ${now} (${distance})`)
    break
  }
  case 'fail': {
    const operation = operationToken?.kind === 'positional' ? operationToken.value : undefined
    if (operation === undefined) fail(`${command} fail needs an OPERATION: an operationId such as listOrganizationUsers, or "*" for every operation`)
    const status = text('status')
    if (status === undefined) fail(`${command} fail needs --status, e.g. --status 500`)
    if (!/^\d+$/.test(status)) fail(`--status must be a status code from 400 to 599, not "${status}"`)
    const times = text('times')
    if (times !== undefined && !/^\d+$/.test(times)) fail(`--times must be a whole number of calls, not "${times}"`)
    await call('POST', '/__mock/faults', { operationId: operation, status: Number(status), ...(times === undefined ? {} : { times: Number(times) }) })
    const calls = times === undefined ? 'every call' : `the next ${times === '1' ? 'call' : `${times} calls`}`
    console.log(`World "${worldName}": ${calls} of ${operation} will answer ${status} (${command} reset clears it)`)
    break
  }
}
