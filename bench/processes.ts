import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { promisify } from 'node:util'

const run = promisify(execFile)
const here = (file: string) => new URL(file, import.meta.url).pathname

/** Runs a child script in a fresh Node process and parses the JSON line it prints. */
export async function childJson(script: string, args: string[] = [], nodeFlags: string[] = []): Promise<any> {
  const { stdout } = await run(process.execPath, [...nodeFlags, here(script), ...args], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface RunningServer {
  url: string
  /** Everything the process has printed so far. */
  output(): string
  stop(): void
}

/** Starts a server process and waits until `ready` matches its output (or, for Prism, its port answers). */
export async function startServer(command: string, args: string[], ready: RegExp | { port: number }): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (ready instanceof RegExp) {
      const match = ready.exec(output)
      if (match) return { url: match[1]!, output: () => output, stop }
    } else if (await fetch(`http://127.0.0.1:${ready.port}/user/profile`).then(() => true, () => false)) {
      return { url: `http://127.0.0.1:${ready.port}`, output: () => output, stop }
    }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  stop()
  throw new Error(`${command} did not start:\n${output.slice(-2000)}`)
}
