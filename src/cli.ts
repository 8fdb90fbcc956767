#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { createFlashbackServer } from './adapters/node-server.js'
import { roleName } from './access/roles.js'
import type { OrgRole } from './access/roles.js'
import { readFileSync } from 'node:fs'
import type { Fixture } from './data/fixture.js'
import { builtInFixtures, type FixtureName } from './data/fixtures.js'

const usage = `Usage: npm start -- [--port 4010] [--host 127.0.0.1] [--fixture default|empty|large|FILE.json] [--seed 1] [--engine core|msw] [--control-token SECRET] [--token-secret SECRET]`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    fixture: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'core' },
    'control-token': { type: 'string' },
    'token-secret': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
  process.exit(2)
}

if (values.help) {
  console.log(usage)
  process.exit(0)
}
const port = Number(values.port)
const seed = Number(values.seed)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${values.port}"`)
if (!Number.isInteger(seed)) fail(`--seed must be an integer, not "${values.seed}"`)
// A built-in fixture by name, or a team's own fixture file.
let fixture: FixtureName | Fixture
if (values.fixture in builtInFixtures) fixture = values.fixture as FixtureName
else if (values.fixture.endsWith('.json')) {
  try {
    fixture = JSON.parse(readFileSync(values.fixture, 'utf8')) as Fixture
  } catch (error) {
    fail(`--fixture ${values.fixture}: ${(error as Error).message}`)
  }
} else fail(`--fixture must be one of ${Object.keys(builtInFixtures).join(', ')}, or a .json fixture file`)
if (values.engine !== 'core' && values.engine !== 'msw') fail(`--engine must be core or msw`)
// Without a secret, tokens are signed with a random one: they work until the process ends.
if (values['token-secret'] !== undefined && !values['token-secret'].trim()) fail('--token-secret must not be empty')

const isLoopback = /^(127(\.\d{1,3}){3}|localhost|::1)$/.test(values.host)
const mockServer = createFlashbackServer({
  fixture,
  seed,
  engine: values.engine,
  strict: false,
  ...(values['token-secret'] ? { tokenSecret: values['token-secret'] } : {}),
  ...(values['control-token'] ? { controlToken: values['control-token'] } : {}),
})
const url = await mockServer.listen(port, values.host).catch((error: NodeJS.ErrnoException) =>
  fail(error.code === 'EADDRINUSE' ? `Port ${port} is already in use: try --port ${port + 1}` : error.message),
)
await mockServer.mock.ready()

console.log(`Flashback Organization API mock listening on ${url}`)
if (!isLoopback) {
  const control = values['control-token'] ? 'its control API needs the control token' : 'so can its control API: consider --control-token'
  console.warn(`Warning: bound to ${values.host}: other machines can reach the mock, and ${control}.`)
}
console.log(`Fixture "${values.fixture}", seed ${seed}. Control: GET ${url}/__mock/users, POST ${url}/__mock/reset`)
console.log(values['token-secret'] ? 'Tokens are signed with --token-secret: they work after a restart with the same secret.\n' : 'Tokens are signed with a random secret: they stop working when the mock restarts (keep them with --token-secret).\n')
const users = mockServer.mock.users()
const SHOWN = 25
for (const user of users.slice(0, SHOWN)) {
  const role = user.orgRole === null ? 'no organization' : roleName(user.orgRole as OrgRole)
  const deleted = user.deletedAt ? ' (deleted)' : ''
  console.log(`${`${user.name} ${user.lastName}`.padEnd(22)} ${user.email.padEnd(36)} ${role}${deleted}`)
  console.log(`  Authorization: Bearer ${user.token}`)
}

if (users.length > SHOWN) console.log(`… and ${users.length - SHOWN} more users, with tokens, at GET ${url}/__mock/users`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void mockServer.close().then(() => process.exit(0)))
}
