import { execFile, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
  pid: number
  /** Everything the process has printed so far. */
  output(): string
  stop(): void
}

/** CPU time (user and system) a process has used so far, in ms; null where `/proc` is not there to ask. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks of 10 ms (USER_HZ)
  } catch {
    return null
  }
}

let started = 0

/**
 * Starts a server process and waits until `ready` matches its output (or, for Prism, its port answers).
 * Its output goes to a file, not a pipe: the load generator's process never spends time reading it.
 */
export async function startServer(command: string, args: string[], ready: RegExp | { port: number }): Promise<RunningServer> {
  const logFile = join(tmpdir(), `flashback-bench-${process.pid}-${++started}.log`)
  const fd = openSync(logFile, 'w')
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: true })
  closeSync(fd)
  const output = () => readFileSync(logFile, 'utf8')
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
    rmSync(logFile, { force: true })
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (ready instanceof RegExp) {
      const match = ready.exec(output())
      if (match) return { url: match[1]!, pid: child.pid!, output, stop }
    } else if (await fetch(`http://127.0.0.1:${ready.port}/user/profile`).then(() => true, () => false)) {
      return { url: `http://127.0.0.1:${ready.port}`, pid: child.pid!, output, stop }
    }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const printed = output()
  stop()
  throw new Error(`${command} did not start:\n${printed.slice(-2000)}`)
}
