// Run in its own process with --expose-gc: a server, then connections that declare a 1 MB body and
// send most of it slowly before closing. Prints the heap and buffer memory before, during and after.
import { connect, type Socket } from 'node:net'
import { createFlashbackServer } from '../../src/server.js'

const gc = (globalThis as { gc?: () => void }).gc!
const measure = () => {
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

const server = createFlashbackServer({ strict: false })
const url = new URL(await server.listen(0))
const token = server.mock.tokenFor('olivia.bennett@acme.com')
await fetch(`${url.origin}/user/profile`, { headers: { Authorization: `Bearer ${token}` } })
const baseline = measure()

const CONNECTIONS = Number(process.argv[2] ?? 60)
const SENT = 983_040
const answers: (() => boolean)[] = []
const sockets: Socket[] = await Promise.all(
  Array.from({ length: CONNECTIONS }, (_, i) => new Promise<Socket>((resolve) => {
    const authorized = i % 2 === 0
    const socket = connect(Number(url.port), url.hostname, () => {
      const auth = authorized ? `Authorization: Bearer ${token}\r\n` : ''
      socket.write(`POST /organization/users HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n`)
      socket.write(`{"email":"${'a'.repeat(SENT - 10)}`, () => resolve(socket))
    })
    let answered = ''
    socket.on('data', (chunk) => (answered += chunk))
    socket.on('error', () => {})
    // Answered before the body was complete: the server never waited to read it.
    if (!authorized) answers.push(() => answered.startsWith('HTTP/1.1 401'))
  })),
)
// Every unauthorized caller is answered while its body is still unsent (bounded wait on a busy machine).
for (let waited = 0; waited < 20_000 && !answers.every((answered) => answered()); waited += 100) {
  await new Promise((resolve) => setTimeout(resolve, 100))
}
const during = measure()
const refusedEarly = answers.filter((answeredWith401) => answeredWith401()).length
for (const socket of sockets) socket.destroy()
await new Promise((resolve) => setTimeout(resolve, 500))
const after = measure()
await server.close()
console.log(JSON.stringify({ baseline, during, after, refusedEarly, unauthorized: CONNECTIONS / 2 }))
