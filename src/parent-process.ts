// npx, npm exec and npm run start a bin through `sh -c`, and forward SIGTERM and SIGINT to that shell alone
// (decisions/024-stopping-with-npm.md). Debian's dash dies of SIGTERM without passing it on, and holds SIGINT
// back until its command ends: this process never hears either. What it can see is its parent: gone, or woken.
import { readFileSync } from 'node:fs'

/** A shell, by its process name: only a shell that is waiting for this process sleeps until a signal. */
const SHELL = /^(?:sh|dash|bash|ash|ksh|mksh|zsh)$/

/**
 * How often the parent, a shell whose only child is this process, has been woken; undefined when the parent
 * is not such a shell or the system does not say. Such a shell sleeps in `wait` and catches only SIGINT and
 * SIGCHLD, so a wake-up is a signal it holds back or a stop and continue of this process.
 */
function waitingShellWakeUps(parent: number): number | undefined {
  try {
    if (!SHELL.test(readFileSync(`/proc/${parent}/comm`, 'utf8').trim())) return undefined
    if (readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim() !== String(process.pid)) return undefined
    const status = readFileSync(`/proc/${parent}/status`, 'utf8')
    if (!/^Threads:\s+1$/m.test(status)) return undefined
    const switches = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status)?.[1]
    return switches === undefined ? undefined : Number(switches)
  } catch {
    return undefined
  }
}

/**
 * Calls `onStop` once when the process that started this one has stopped on its account: it ended (this
 * process then has a new parent: init or a subreaper), or it is a shell waiting for this process that was
 * woken by a signal it holds back (on Linux, through `/proc`). A wake-up after this process was stopped and
 * continued (Ctrl-Z, `bg`) does not count. Polled on a timer that does not keep the process alive; returns a
 * function that stops watching.
 */
export function whenParentStops(onStop: () => void, everyMs = 200): () => void {
  const parent = process.ppid
  // `/proc` is Linux's; elsewhere (macOS: bash execs the command) only the parent's end is watched.
  const readsProc = process.platform === 'linux'
  let seen = readsProc ? waitingShellWakeUps(parent) : undefined
  // A wake-up counts once a second look still finds it, with no SIGCONT in between: when this process is
  // continued, its timer may fire before the SIGCONT listener runs.
  let woken = false
  let continued = false
  const onContinue = () => (continued = true)
  if (readsProc) process.on('SIGCONT', onContinue)
  const timer = setInterval(() => {
    if (process.ppid !== parent) return stop()
    const wakeUps = readsProc ? waitingShellWakeUps(parent) : undefined
    if (wakeUps === undefined || seen === undefined || continued || wakeUps === seen) {
      seen = wakeUps
      woken = false
      continued = false
      return
    }
    if (woken) return stop()
    woken = true
  }, everyMs)
  timer.unref()
  function unwatch() {
    clearInterval(timer)
    process.off('SIGCONT', onContinue)
  }
  function stop() {
    unwatch()
    onStop()
  }
  return unwatch
}
