import autocannon from 'autocannon'
import { freePort, startServer, type RunningServer } from './processes.js'

const JOHN = '550e8400-e29b-41d4-a716-446655440000'
const ACME = '123e4567-e89b-12d3-a456-426614174000'
/** The server signs tokens with this secret, so a mock in the bench's own process makes tokens it accepts. */
export const BENCH_TOKEN_SECRET = 'flashback-bench'

/** Requests per second for the same request mix, with the same load generator. */
async function requestsPerSecond(url: string, token: string, seconds: number): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' }
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      { method: 'GET', path: `/organization/users/${JOHN}`, headers },
      { method: 'GET', path: '/user/profile', headers },
      { method: 'GET', path: `/organization/${ACME}`, headers },
    ],
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return result.requests.average
}

/** Our server, Prism on the same document, and a bare node:http floor, measured in alternating rounds. */
export async function serverThroughput(token: string, rounds: number, seconds: number) {
  const prismPort = await freePort()
  const servers: Record<'flashback' | 'prism' | 'bare', RunningServer> = {
    flashback: await startServer(process.execPath, ['dist/src/cli.js', '--port', '0', '--token-secret', BENCH_TOKEN_SECRET], /listening on (http:\/\/127\.0\.0\.1:\d+)/),
    prism: await startServer('node_modules/.bin/prism', ['mock', '-h', '127.0.0.1', '-p', String(prismPort), 'openapi/flashback.openapi.json'], { port: prismPort }),
    bare: await startServer(process.execPath, ['bench/child-bare-server.mjs'], /listening on (http:\/\/127\.0\.0\.1:\d+)/),
  }
  const rates = { flashback: [] as number[], prism: [] as number[], bare: [] as number[] }
  try {
    for (let r = 0; r < rounds; r++) {
      for (const name of ['flashback', 'prism', 'bare'] as const) {
        rates[name].push(await requestsPerSecond(servers[name].url, token, seconds))
      }
    }
  } finally {
    for (const server of Object.values(servers)) server.stop()
  }
  return rates
}
