import { spawn, type ChildProcess } from 'node:child_process'

export interface StartedServer {
  url: string
  /** The `npm` process itself (its own process group, so `stop` ends npm and everything it started). */
  npm: ChildProcess
  output: string
  stop(): void
}

/**
 * Runs `npm start -- --port 0 ...` and resolves once it has printed its URL and `until` (by default
 * the token of the default fixture's last user).
 */
export async function npmStart(args: string[] = [], until = /Nora Lindqvist.*\n\s+Authorization: Bearer \S+\n/): Promise<StartedServer> {
  const child: ChildProcess = spawn('npm', ['start', '--', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
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
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL:\n${output}`)), 15_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match && until.test(output)) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
    })
    return { url, output, stop, npm: child }
  } catch (error) {
    stop()
    throw error
  }
}
