// The floor: a bare node:http server answering, for each path, the bytes the mock answers there (a JSON
// file of { path: body } given as the first argument), so both servers put the same bytes on the wire.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
const bodies = new Map(Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8'))))
const server = createServer((request, response) => {
  const body = bodies.get(request.url)
  if (body === undefined) return response.writeHead(404).end()
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body)
})
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`))
