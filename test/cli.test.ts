import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, type ExpectStatic } from 'vitest'
import { npmExec, npmStart } from './support/npm-start.js'

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end (killed after 20 s), with the environment of a shell that is not inside an npm script. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))
  const child = spawn(command, args, { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))))
}

const notJson = join(tmpdir(), `flashback-mock-not-json-${process.pid}.json`)
writeFileSync(notJson, '[1')

const npmStartWith = (args: string[]) => run('npm', ['start', '--silent', ...args])
const npmContract = (args: string[]) => run('npm', ['run', '--silent', 'contract', '--', ...args])
/** The installed bin, `flashback-mock [contract] ...`, from its source. */
const installed = (args: string[], env: Record<string, string> = {}) => run(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], env)

/** The CLI's own lines: npm adds warnings of its own about options it took for itself. */
const ownLines = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('npm '))

/** `--help` run once per way of starting the command, shared by the tests of `--help` and those that compare with its usage. */
function helpOf(start: () => Promise<Finished>): () => Promise<Finished> {
  let asked: Promise<Finished> | undefined
  return () => (asked ??= start())
}
const help = {
  npmStart: helpOf(() => npmStartWith(['--', '--help'])),
  installed: helpOf(() => installed(['--help'])),
  npmContract: helpOf(() => npmContract(['--help'])),
  installedContract: helpOf(() => installed(['contract', '--help'])),
}

/** Exit code 2, nothing on stdout, and on stderr the reason in one line, then the usage `--help` prints: no stack. */
function expectRefused(expect: ExpectStatic, { code, stdout, stderr }: Finished, reason: string, usage: string) {
  expect(code).toBe(2)
  expect(stdout).toBe('')
  const [first, ...rest] = ownLines(stderr)
  expect(first).toContain(reason)
  expect(rest).toEqual(ownLines(usage))
  expect(stderr).not.toMatch(/^\s+at /m)
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

// Spawned at once: each run mostly waits for Node to start.
describe.concurrent('a bad command line', () => {
  it.for<[string, string[], string]>([
    ['an unknown option', ['--', '--bogus'], 'Unknown option --bogus'],
    ['an option with no value', ['--', '--port'], '--port needs a value'],
    ['a port npm took for itself', ['--port', '5000'], 'Unexpected argument "5000" (npm keeps the options given before -- for itself); to choose the port, run npm start -- --port 5000'],
    ['an empty control token', ['--', '--control-token', ''], '--control-token: The control token is empty'],
    ['a blank control token', ['--', '--control-token', ' '], '--control-token: The control token starts or ends with white space'],
  ])('answers npm start given %s with one line of reason and the usage, exit code 2, no stack', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    expectRefused(expect, await npmStartWith(args), reason, (await help.npmStart()).stdout)
  })

  it.for<[string, string[], string]>([
    ['an unknown option', ['--bogus'], 'Unknown option --bogus'],
    ['an option whose value is the next option', ['--port', '--host', '127.0.0.1'], '--port needs a value'],
    ['a port it took as an argument', ['5000'], 'Unexpected argument "5000"; to choose the port, run flashback-mock --port 5000'],
    ['a stray argument', ['serve'], 'Unexpected argument "serve"'],
    ['a short option', ['-p', '4010'], 'Unknown option -p'],
    ['a port that is not a number', ['--port', 'http'], '--port must be a port number from 0 to 65535, not "http"'],
    ['an empty port', ['--port='], '--port must be a port number from 0 to 65535, not ""'],
    ['a value for a flag', ['--help=yes'], '--help takes no value'],
    ['an inherited name as fixture', ['--fixture', 'toString'], '--fixture must be one of default, empty, large, or a .json fixture file, not "toString"'],
    ['a control token ending in a space', ['--control-token', 's3cret '], '--control-token: The control token starts or ends with white space'],
    ['a fixture file that is not JSON', ['--fixture', notJson], `--fixture ${notJson}: Expected ','`],
    ['a world TTL without a unit', ['--world-ttl', 'soon'], '--world-ttl: Invalid duration "soon"'],
    ['a world TTL of zero', ['--world-ttl', '0m'], '--world-ttl must be above 0, e.g. 30m'],
    ['no room for worlds', ['--max-worlds', '0'], '--max-worlds must be a positive integer, not "0"'],
    ['a URL as passkey rpId', ['--passkey-rp-id', 'https://localhost'], '--passkey-rp-id must be a host name such as localhost, not "https://localhost"'],
  ])('answers the installed command given %s with one line of reason and the usage, exit code 2, no stack', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    expectRefused(expect, await installed(args), reason, (await help.installed()).stdout)
  })
})

describe.concurrent('a bad contract command line', () => {
  it.for<[string, string[], string]>([
    ['an unknown option', ['--bogus'], 'Unknown option --bogus'],
    ['a base URL option without its value', ['--base-url'], '--base-url needs a value'],
    ['no base URL', ['--allow-writes'], '--base-url is required'],
    ['a base URL without a scheme', ['--base-url', 'localhost:4010'], '--base-url must be an http or https URL such as http://127.0.0.1:4010, not "localhost:4010"'],
    ['a role it does not know', ['--base-url', 'http://127.0.0.1:4010', '--token-for-role', 'ADMIN=x'], '--token-for-role takes ROLE=TOKEN with ROLE one of USER, BILLING, WORKSPACES, ADMINISTRATORS, OWNER; got "ADMIN=x"'],
  ])('answers flashback-mock contract given %s with one line of reason and the usage, exit code 2, no stack', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    expectRefused(expect, await installed(['contract', ...args]), reason, (await help.installedContract()).stdout)
  })

  it('answers --tokens-from-mock against a port nothing listens on with the reason, not a stack', { timeout: 30_000 }, async ({ expect }) => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const result = await installed(['contract', '--base-url', url, '--tokens-from-mock'])
    expectRefused(expect, result, `--tokens-from-mock: cannot read the users at ${url}/__mock/users: connect ECONNREFUSED`, (await help.installedContract()).stdout)
  })

  it('answers npm run contract given an unknown option with its usage under that name', { timeout: 30_000 }, async ({ expect }) => {
    const usage = (await help.npmContract()).stdout
    expect(usage).toMatch(/^Usage: npm run contract -- --base-url URL/)
    expectRefused(expect, await npmContract(['--bogus']), 'Unknown option --bogus', usage)
  })
})

describe.concurrent('--help', () => {
  it('names npm start -- when started through npm start, and npm run contract -- for the contract suite', async ({ expect }) => {
    const { code, stdout, stderr } = await help.npmStart()
    expect(code).toBe(0)
    expect(ownLines(stderr)).toEqual([])
    expect(stdout).toMatch(/^Usage: npm start -- \[--port 4010\]/)
    expect(stdout).toMatch(/^ +npm run contract -- .*runs the contract suite against a server \(its options: npm run contract -- --help\)$/m)
  }, 30_000)

  it('names npx flashback-mock when started through npx, for both commands', async ({ expect }) => {
    const { stdout } = await installed(['--help'], { npm_lifecycle_event: 'npx' })
    expect(stdout).toMatch(/^Usage: npx flashback-mock \[--port 4010\]/)
    expect(stdout).toMatch(/^ +npx flashback-mock contract .*\(its options: npx flashback-mock contract --help\)$/m)
    expect((await installed(['contract', '--help'], { npm_lifecycle_event: 'npx' })).stdout).toMatch(/^Usage: npx flashback-mock contract --base-url URL/)
  }, 30_000)

  it('prints the usage of the installed command, listing the contract command and how to get its help, exit code 0', async ({ expect }) => {
    const { code, stdout, stderr } = await help.installed()
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^Usage: flashback-mock \[--port 4010\]/)
    expect(stdout).toMatch(/^ +flashback-mock contract .*runs the contract suite against a server \(its options: flashback-mock contract --help\)$/m)
  }, 30_000)

  it('prints the contract command\'s usage for flashback-mock contract --help, exit code 0', async ({ expect }) => {
    const { code, stdout, stderr } = await help.installedContract()
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^Usage: flashback-mock contract --base-url URL \[--token-for-role ROLE=TOKEN\]\.\.\. \[--tokens-from-mock\] \[--allow-writes\]\n/)
    for (const option of ['--token-for-role', '--tokens-from-mock', '--allow-writes']) expect(stdout).toMatch(new RegExp(`^ +${option} +\\S`, 'm'))
  }, 30_000)

  it.for<[string, string[], () => Promise<Finished>]>([
    ['flashback-mock', [], help.installed],
    ['flashback-mock contract', ['contract'], help.installedContract],
  ])('takes -h for --help in %s', { timeout: 30_000 }, async ([, args, longHelp], { expect }) => {
    const { code, stdout } = await installed([...args, '-h'])
    expect(code).toBe(0)
    expect(stdout).toBe((await longHelp()).stdout)
  })
})

/** Whether something accepts connections on a port of 127.0.0.1. */
function accepts(url: string): Promise<boolean> {
  const { port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Whether any process of a process group is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm start stopped by a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('closes the port and ends every process when npm gets %s', async (signal) => {
    const started = await npmStart()
    const npm = started.npm
    try {
      expect(await accepts(started.url)).toBe(true)
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
      npm.kill(signal)
      expect(await exited).toBe(0)
      // npm waits for its script, so the server is gone once npm is; allow a moment for the group to be reaped.
      for (let i = 0; i < 20 && groupAlive(npm.pid!); i++) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(groupAlive(npm.pid!)).toBe(false)
      expect(await accepts(started.url)).toBe(false)
    } finally {
      started.stop()
    }
  }, 30_000)
})

// Concurrent: each test mostly waits for npm exec to start.
describe.concurrent('npx / npm exec stopped by a signal', () => {
  it.for(['SIGTERM', 'SIGINT'] as const)('keeps serving through Ctrl-Z and fg, and frees the port within seconds once npm, not the server, gets %s', { timeout: 30_000 }, async (signal, { expect }) => {
    const started = await npmExec()
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    try {
      // What Ctrl-Z and fg do to every process of the command; the server must not take it for a signal to npm.
      process.kill(-started.npm.pid!, 'SIGSTOP')
      await pause(300)
      process.kill(-started.npm.pid!, 'SIGCONT')
      await pause(1_500)
      expect(await accepts(started.url)).toBe(true)
      const exited = new Promise((resolve) => started.npm.once('exit', resolve))
      started.npm.kill(signal)
      // npm hands the signal to its shell, which passes on neither: the server sees its parent end or wake.
      for (let i = 0; i < 30 && (await accepts(started.url)); i++) await pause(100)
      expect(await accepts(started.url)).toBe(false)
      await exited
    } finally {
      started.stop()
    }
  })
})
