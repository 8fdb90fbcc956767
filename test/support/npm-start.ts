import { spawn, type ChildProcess } from 'node:child_process'

export interface StartedServer {
  url: string
  /** The `npm` process itself (its own process group, so `stop` ends npm and everything it started). */
  npm: ChildProcess
  /** Everything printed so far (it grows as the server prints). */
  readonly output: string
  stop(): void
}

/** The default fixture's last user, with a token: printed once the server is ready. */
const LAST_USER = /Nora Lindqvist.*\n\s+Authorization: Bearer \S+\n/

/**
 * Runs `npm start -- --port 0 ...` and resolves once it has printed its URL and `until` (by default
 * the token of the default fixture's last user).
 */
export function npmStart(args: string[] = [], until = LAST_USER): Promise<StartedServer> {
  return startThroughNpm(['start', '--', '--port', '0', ...args], until)
}

/**
 * Runs the command line through `npm exec`, as `npx flashback-mock` does in a project: npm runs it in a
 * `sh -c` of its own (unlike `npm start`, whose script `exec`s Node). Resolves once the server is ready.
 */
export function npmExec(): Promise<StartedServer> {
  return startThroughNpm(['exec', '--call', 'node --import tsx src/cli.ts --port 0'], LAST_USER)
}

async function startThroughNpm(npmArgs: string[], until: RegExp): Promise<StartedServer> {
  const child: ChildProcess = spawn('npm', npmArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  let output = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm ${npmArgs[0]} printed no URL:\n${output}`)), 15_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match && until.test(output)) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
    })
    return {
      url,
      get output() {
        return output
      },
      stop,
      npm: child,
    }
  } catch (error) {
    stop()
    throw error
  }
}
