#!/usr/bin/env node
// npx flashback-mock contract --base-url URL [--token-for-role ROLE=TOKEN ...] [--tokens-from-mock] [--allow-writes]
// (in this repository: npm run contract -- ...)
import { parseArgs } from 'node:util'
import { roleByName, type OrgRoleName } from '../access/roles.js'
import { commandLineProblem, commandName } from '../command-line.js'

const ROLES = ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATORS', 'OWNER'] as const
const command = commandName('contract')
const usage = [
  `Usage: ${command} --base-url URL [--token-for-role ROLE=TOKEN]... [--tokens-from-mock] [--allow-writes]`,
  'Runs the contract suite against the server at URL and prints a row per check (skipped without a token for its',
  'role); exit code 1 if a check fails.',
  `  --token-for-role ROLE=TOKEN  calls as ROLE (${ROLES.join(', ')}) with TOKEN`,
  '  --tokens-from-mock           takes a token per role from a flashback-mock server\'s GET /__mock/users',
  '  --allow-writes               runs the checks that create, change and delete records too',
].join('\n')

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
  process.exit(2)
}

const options = {
  'base-url': { type: 'string' },
  'token-for-role': { type: 'string', multiple: true },
  'tokens-from-mock': { type: 'boolean', default: false },
  'allow-writes': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

// Parsed leniently and checked here, so every mistake gets a sentence instead of Node's parser error.
const { values, tokens: parsed } = parseArgs({ args: process.argv.slice(2), options, strict: false, allowPositionals: true, tokens: true })
const problem = commandLineProblem(parsed, options)
if (problem) fail(problem)
if (values.help) {
  console.log(usage)
  process.exit(0)
}

const baseUrl = values['base-url'] as string | undefined
if (baseUrl === undefined) fail('--base-url is required: the address of the server to check')
if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) fail(`--base-url must be an http or https URL such as http://127.0.0.1:4010, not "${baseUrl}"`)

const tokens: Partial<Record<OrgRoleName, string>> = {}
for (const pair of (values['token-for-role'] as string[] | undefined) ?? []) {
  const [role, token] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]
  if (roleByName(role) === undefined || !token) fail(`--token-for-role takes ROLE=TOKEN with ROLE one of ${ROLES.join(', ')}; got "${pair}"`)
  tokens[role as OrgRoleName] = token
}

/** The users a flashback-mock server lists, or a one-line reason why the server at `baseUrl` did not list them. */
async function mockUsers(): Promise<{ orgId: string | null; orgRole: number | null; deletedAt: string | null; token: string }[]> {
  const url = `${baseUrl!.replace(/\/+$/, '')}/__mock/users`
  try {
    const response = await fetch(url)
    if (!response.ok) fail(`--tokens-from-mock: GET ${url} answered ${response.status}; is it a flashback-mock server?`)
    const { users } = (await response.json()) as { users?: Awaited<ReturnType<typeof mockUsers>> }
    if (!Array.isArray(users)) fail(`--tokens-from-mock: GET ${url} lists no users; is it a flashback-mock server?`)
    return users
  } catch (error) {
    // fetch names the network failure in its cause ("connect ECONNREFUSED ..."), not in its message.
    const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message
    fail(`--tokens-from-mock: cannot read the users at ${url}: ${reason}`)
  }
}

if (values['tokens-from-mock']) {
  // A flashback-mock server lists its users: take one active user per role from the first OWNER's organization.
  const users = await mockUsers()
  const orgId = users.find((u) => u.orgRole === 255 && !u.deletedAt)?.orgId
  for (const name of ROLES) {
    const user = users.find((u) => u.orgId === orgId && u.orgRole === roleByName(name) && !u.deletedAt)
    if (user && !tokens[name]) tokens[name] = user.token
  }
}

// Loaded once the command line is known good: a mistake is answered at once, not after loading the suite.
const { formatContractTable, runContractSuite } = await import('./run-suite.js')

const rows = await runContractSuite({ baseUrl, tokens, allowWrites: values['allow-writes'] as boolean })
console.log(formatContractTable(rows))
process.exit(rows.some((r) => r.outcome === 'fail') ? 1 : 0)
