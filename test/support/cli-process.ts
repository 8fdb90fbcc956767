import { spawn, type ChildProcess } from 'node:child_process'

/** The command line run as the installed bin runs it, one Node process with no npm around it (so a signal reaches it alone). */
export interface CliProcess {
  url: string
  child: ChildProcess
  /** Everything printed on stdout and stderr so far. */
  output(): string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
}

/** The environment of a shell outside any npm script, so the command names itself as the installed bin. */
export function shellEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))
}

/**
 * Starts `flashback-mock --port 0 ...args` from the source and resolves once it has printed its URL (it is
 * printed once the worlds are loaded) and `until`.
 */
export async function startCli(args: string[], until: RegExp = /listening on/): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', '--port', '0', ...args], { env: shellEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`flashback-mock printed no URL:\n${output}`)), 20_000)
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match && until.test(output)) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`flashback-mock ended (${code}) before it was ready:\n${output}`))))
  })
  return { url, child, output: () => output, exited }
}

/** How a process run to its end finished: its exit code and everything it printed. */
export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `src/bin.ts` (as the installed bin does) to its end, killed after 20 s, with npm's variables left out. */
export function runBin(args: string[]): Promise<Finished> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], { env: shellEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))))
}
