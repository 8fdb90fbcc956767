import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { npmStart } from './support/npm-start.js'

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
const cli = (args: string[], env: Record<string, string> = {}) => run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], env)

/** The CLI's own lines: npm adds warnings of its own about options it took for itself. */
const ownLines = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('npm '))

// Spawned at once: each run mostly waits for Node to start.
describe.concurrent('a bad command line', () => {
  it.for<[string, string[], string]>([
    ['an unknown option', ['--', '--bogus'], 'Unknown option --bogus'],
    ['an option with no value', ['--', '--port'], '--port needs a value'],
    ['a port npm took for itself', ['--port', '5000'], 'Unexpected argument "5000" (npm keeps the options given before -- for itself); to choose the port, run npm start -- --port 5000'],
    ['an empty control token', ['--', '--control-token', ''], '--control-token: The control token is empty'],
    ['a blank control token', ['--', '--control-token', ' '], '--control-token: The control token starts or ends with white space'],
  ])('answers npm start given %s with one line of reason and the usage, exit code 2, no stack', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    const { code, stdout, stderr } = await npmStartWith(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const lines = ownLines(stderr)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain(reason)
    expect(lines[1]).toMatch(/^Usage: npm start -- \[--port 4010\]/)
    expect(stderr).not.toMatch(/^\s+at /m)
  })

  it.for<[string, string[], string]>([
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
  ])('answers the installed command given %s with one line of reason and the usage, exit code 2, no stack', { timeout: 30_000 }, async ([, args, reason], { expect }) => {
    const { code, stdout, stderr } = await cli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(reason), expect.stringMatching(/^Usage: flashback-mock \[--port 4010\]/)])
  })
})

describe.concurrent('--help', () => {
  it('names npm start -- when started through npm start', async ({ expect }) => {
    const { code, stdout } = await npmStartWith(['--', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: npm start -- \[--port 4010\]/)
  }, 30_000)

  it('names npx flashback-mock when started through npx', async ({ expect }) => {
    expect((await cli(['--help'], { npm_lifecycle_event: 'npx' })).stdout).toMatch(/^Usage: npx flashback-mock \[--port 4010\]/)
  }, 30_000)

  it('names flashback-mock when started as the installed command', async ({ expect }) => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: flashback-mock \[--port 4010\]/)
  }, 30_000)

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
