import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBin, startCli, type Finished, type CliProcess } from './support/cli-process.js'


/** `flashback-mock VERB ...` from the source, as the installed bin runs it. */
function verb(args: string[]): Promise<Finished> {
  return runBin(args)
}

const CONTROL_TOKEN = 'verbs-control-token'
const OWNER = 'olivia.bennett@acme.com'
let server: CliProcess
let port: string
const against = (args: string[]) => verb([...args, '--port', port, '--control-token', CONTROL_TOKEN])
const control = { 'x-control-token': CONTROL_TOKEN }

async function tokenOf(email: string, world?: string): Promise<string> {
  const response = await fetch(`${server.url}/__mock/users`, { headers: { ...control, ...(world ? { 'x-mock-world': world } : {}) } })
  return ((await response.json()) as { users: { email: string; token: string }[] }).users.find((u) => u.email === email)!.token
}

const listUsers = async (world?: string) =>
  (await fetch(`${server.url}/organization/users`, { headers: { authorization: `Bearer ${await tokenOf(OWNER, world)}`, ...(world ? { 'x-mock-world': world } : {}) } })).status

beforeAll(async () => {
  server = await startCli(['--control-token', CONTROL_TOKEN])
  port = new URL(server.url).port
}, 30_000)

afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exited
})

describe('the verbs against a running server', () => {
  it('fail OPERATION --status 503 --times 1 makes the next call of that operation answer 503, and only the next', { timeout: 30_000 }, async () => {
    const { code, stdout } = await against(['fail', 'listOrganizationUsers', '--status', '503', '--times', '1'])
    expect(code).toBe(0)
    expect(stdout).toBe('World "default": the next call of listOrganizationUsers will answer 503 (flashback-mock reset clears it)\n')
    expect(await listUsers()).toBe(503)
    expect(await listUsers()).toBe(200)
  })

  it('clock --advance 61m moves the clock past a signed-in session\'s access token, and says where the clock is', { timeout: 30_000 }, async () => {
    const login = await fetch(`${server.url}/user/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OWNER, password: 'Password123!' }) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const profile = () => fetch(`${server.url}/user/profile`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.status)
    expect(await profile()).toBe(200)
    const { code, stdout } = await against(['clock', '--advance', '61m'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^World "default": the mock's time is \d{4}-\d\d-\d\dT[\d:.]+Z \(61 min ahead of real time\)\n$/)
    expect(await profile()).toBe(401)
  })

  it('users lists every user with role and a working token, and --json gives what GET /__mock/users gives', { timeout: 30_000 }, async () => {
    const [table, json] = await Promise.all([against(['users']), against(['users', '--json'])])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^Olivia Bennett +olivia\.bennett@acme\.com +OWNER\n {2}Authorization: Bearer \S+$/m)
    const token = /olivia\.bennett@acme\.com.*\n {2}Authorization: Bearer (\S+)/.exec(table.stdout)![1]
    expect((await fetch(`${server.url}/organization/users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    const listed = JSON.parse(json.stdout) as { email: string }[]
    expect(listed.map((u) => u.email)).toContain('john.doe@acme.com')
  })

  it('reset --world NAME resets that world only: a user created there is gone, and a fault set in the default world stays', { timeout: 30_000 }, async () => {
    const created = await fetch(`${server.url}/organization/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(OWNER, 'verbs')}`, 'x-mock-world': 'verbs', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'made.here@acme.com', firstName: 'Made', lastName: 'Here', password: 'Password123!', orgRole: 0 }),
    })
    expect(created.status).toBe(201)
    await fetch(`${server.url}/__mock/faults`, { method: 'POST', headers: { ...control, 'content-type': 'application/json' }, body: JSON.stringify({ operationId: 'getUserQuota', status: 500 }) })
    const { code, stdout } = await against(['reset', '--world', 'verbs'])
    expect(code).toBe(0)
    expect(stdout).toBe('World "verbs" reset to its fixture\n')
    const users = JSON.parse((await against(['users', '--json', '--world', 'verbs'])).stdout) as { email: string }[]
    expect(users.map((u) => u.email)).not.toContain('made.here@acme.com')
    const quota = await fetch(`${server.url}/user/quota`, { headers: { authorization: `Bearer ${await tokenOf(OWNER)}` } })
    expect(quota.status).toBe(500)
    await fetch(`${server.url}/__mock/faults`, { method: 'DELETE', headers: control })
  })
})

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const free = createServer()
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve))
  const { port: number } = free.address() as AddressInfo
  await new Promise((resolve) => free.close(resolve))
  return String(number)
}

describe.concurrent('a verb given bad input', () => {
  it.for<[string, () => string[], string]>([
    ['fail without an operation', () => ['fail', '--status', '500'], 'flashback-mock fail needs an OPERATION'],
    ['fail without --status', () => ['fail', 'listOrganizationUsers'], 'flashback-mock fail needs --status, e.g. --status 500'],
    ['an option of another verb', () => ['clock', '--status', '500'], 'Unknown option --status: it is an option of flashback-mock fail'],
    ['a port that is not one', () => ['users', '--port', 'http'], '--port must be a port number from 1 to 65535, not "http"'],
    ['a bad world name', () => ['reset', '--world', 'a b'], '--world "a b" is not a valid world name'],
    ['a second word', () => ['reset', 'now'], 'Unexpected argument "now"'],
  ])('refuses %s with one line and the usage, exit code 2, without calling the server', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    const { code, stdout, stderr } = await verb(args())
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const [first, second] = stderr.split('\n')
    expect(first).toContain(reason)
    expect(second).toMatch(/^Usage: flashback-mock reset\|users\|clock\|fail /)
  })

  it.for<[string, () => string[], string]>([
    ['an operation the document does not have', () => ['fail', 'listEverything', '--status', '500', '--port', port, '--control-token', CONTROL_TOKEN], 'flashback-mock fail: Invalid request body: operationId "listEverything" is not one of *, listOrganizationUsers'],
    ['a duration without a unit', () => ['clock', '--advance', '61', '--port', port, '--control-token', CONTROL_TOKEN], 'flashback-mock clock: Invalid request body: advance must match pattern'],
    ['no control token', () => ['users', '--port', port], 'flashback-mock users: The control API needs the X-Control-Token header given by --control-token (give it with --control-token)'],
  ])('says in one line why the server refused %s, exit code 2', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    const { code, stdout, stderr } = await verb(args())
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).toContain(reason)
  })

  it('says that no server answers, exit code 1, when nothing listens on the port', { timeout: 30_000 }, async ({ expect }) => {
    const closed = await closedPort()
    const { code, stdout, stderr } = await verb(['reset', '--port', closed])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(`No flashback-mock server answers at http://127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed}): start one with npx flashback-mock, or give its --port and --host\n`)
  })

  it('runs through npm start in this repository, and names itself npm start -- there', { timeout: 30_000 }, async ({ expect }) => {
    const child = spawn('npm', ['start', '--silent', '--', 'reset', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: npm start -- reset\|users\|clock\|fail \[--port 4010\]/)
  })

  it('prints its usage for reset --help, exit code 0', { timeout: 30_000 }, async ({ expect }) => {
    const { code, stdout } = await verb(['reset', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: flashback-mock reset\|users\|clock\|fail \[--port 4010\]/)
    expect(stdout).toMatch(/^ {2}flashback-mock fail OPERATION --status 500/m)
  })
})
