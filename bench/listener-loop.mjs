// The standalone server's listener called in a loop with a stand-in request and response: the cost of its own work
// on a request (Host check, path, pipeline, answer), without Node's HTTP. Not part of `npm run bench`; for profiling:
//   npm run build && N=2000000 node --cpu-prof bench/listener-loop.mjs [../dist] [path]
const dist = process.argv[2] ?? '../dist'
const { createFlashbackServer } = await import(`${dist}/src/server.js`)
const { createFlashbackMock } = await import(`${dist}/src/index.js`)
const token = createFlashbackMock({ tokenSecret: 'flashback-bench' }).tokenFor('770e8400-e29b-41d4-a716-446655440002')
const server = createFlashbackServer({ strict: false, tokenSecret: 'flashback-bench' })
await server.mock.ready?.()
const listener = server.server.listeners('request')[0]
const path = process.argv[3] ?? '/organization/users/550e8400-e29b-41d4-a716-446655440000'
const headers = { host: '127.0.0.1:4010', authorization: `Bearer ${token}`, accept: 'application/json', connection: 'keep-alive' }
let bytes = 0, status = 0
const request = { method: 'GET', url: path, headers, complete: true, socket: { destroyed: false }, once() {}, on() {} }
const response = { writeHead(s) { status = s; return this }, end(text) { bytes += text.length }, setHeader() {}, once() {}, on() {}, headersSent: false }
const N = Number(process.env.N ?? 200000)
for (let i = 0; i < 20000; i++) listener(request, response)
const t0 = process.hrtime.bigint()
for (let i = 0; i < N; i++) listener(request, response)
const ns = Number(process.hrtime.bigint() - t0) / N
console.log(path, status, (ns / 1000).toFixed(3), 'µs per request')
await server.close()
