// Starts `npx flashback-mock --port <free port>` in an app that installed the package, waits until it answers,
// sends SIGTERM (then, in a second run, SIGINT) to the npx process only, as `kill` does, and expects the port to
// be free within a few seconds. npm runs the bin in a `sh -c` of its own, so the signal never reaches the server
// directly.   node npx-stops-on-signal.mjs APP_DIR
import { spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'

const app = process.argv[2]
const FREED_WITHIN_MS = 5_000
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Whether the port is free within `ms`, checked every 100 ms. */
async function freedWithin(port, ms) {
  for (const started = Date.now(); Date.now() - started < ms; await pause(100)) if (!(await accepts(port))) return true
  return !(await accepts(port))
}

async function check(signal) {
  const port = await freePort()
  // Its own process group, so that whatever is left can be ended at the end, whatever happened.
  const npx = spawn('npx', ['--no-install', 'flashback-mock', '--port', String(port)], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  npx.stdout.on('data', (chunk) => (output += chunk))
  npx.stderr.on('data', (chunk) => (output += chunk))
  try {
    for (let i = 0; i < 300 && !output.includes('listening on'); i++) await pause(100)
    const status = await fetch(`http://127.0.0.1:${port}/organization/users`).then((r) => r.status, (error) => error.message)
    if (status !== 401) throw new Error(`npx flashback-mock --port ${port} did not answer 401 (${status}):\n${output}`)
    npx.kill(signal)
    if (!(await freedWithin(port, FREED_WITHIN_MS))) throw new Error(`port ${port} still answers ${FREED_WITHIN_MS / 1000} s after ${signal} to npx`)
    console.log(`${signal} to npx (pid ${npx.pid}): port ${port} free`)
  } finally {
    try {
      process.kill(-npx.pid, 'SIGKILL')
    } catch {
      // Every process of the group has ended.
    }
  }
}

let failed = false
for (const signal of ['SIGTERM', 'SIGINT']) {
  try {
    await check(signal)
  } catch (error) {
    failed = true
    console.log(error.message)
  }
}
process.exit(failed ? 1 : 0)
