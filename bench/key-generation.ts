import autocannon from 'autocannon'
import { startServer } from './processes.js'

const ORGANIZATIONS = 8
const READS_PER_SECOND = 200

export interface KeyGenerationLoad {
  /** Each round's p99 with nothing else happening, and while keys are generated. */
  idleP99Ms: number[]
  loadedP99Ms: number[]
  /** The median of the rounds' loaded-over-idle ratios: the goal is at most 2. */
  ratio: number
  keysGenerated: number
}

async function readsP99(url: string, token: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url,
    connections: 4,
    overallRate: READS_PER_SECOND,
    duration: seconds,
    requests: [{ method: 'GET', path: '/user/profile', headers: { authorization: `Bearer ${token}` } }],
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`reads: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return result.latency.p99
}

/**
 * p99 of one user's reads on the server (a steady 200 a second) while nothing else happens, and while eight
 * organizations generate RSA keys in a loop (deleting them at the fifth), in paired rounds. An idle p99 under
 * autocannon's 1 ms resolution counts as 1 ms.
 */
export async function keyGenerationLoad(token: string, tokenSecret: string, rounds: number, seconds: number): Promise<KeyGenerationLoad> {
  const server = await startServer(process.execPath, ['dist/src/bin.js', '--port', '0', '--quiet', '--token-secret', tokenSecret], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  try {
    const post = (path: string, body: unknown, auth?: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) })
    const owners = await Promise.all(Array.from({ length: ORGANIZATIONS }, async (_, i) => {
      const response = await post('/user/register', { email: `keys${i}@bench${i}.dev`, password: 'Password123!', firstName: 'Key', lastName: `Owner${i}`, companyName: `Keys ${i}`, isBusiness: true })
      const body = (await response.json()) as { accessToken: string; user: { orgId: string } }
      return { token: body.accessToken, orgId: body.user.orgId }
    }))
    let generating = false
    let keysGenerated = 0
    const generate = (owner: { token: string; orgId: string }) => async () => {
      while (generating) {
        const made = await post(`/organization/${owner.orgId}/key`, {}, owner.token)
        await made.text()
        if (made.status === 200) keysGenerated++
        else await fetch(`${server.url}/organization/${owner.orgId}/key`, { method: 'DELETE', headers: { authorization: `Bearer ${owner.token}` } }).then((r) => r.text())
      }
    }
    const loaded = async () => {
      generating = true
      const loops = owners.map((owner) => generate(owner)())
      const p99 = await readsP99(server.url, token, seconds)
      generating = false
      await Promise.all(loops)
      return p99
    }
    await readsP99(server.url, token, seconds / 5)
    // Paired rounds, the order alternating, so a busy moment of a shared machine hits both sides.
    const idleP99Ms: number[] = []
    const loadedP99Ms: number[] = []
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) idleP99Ms.push(await readsP99(server.url, token, seconds))
      loadedP99Ms.push(await loaded())
      if (r % 2 === 1) idleP99Ms.push(await readsP99(server.url, token, seconds))
    }
    const ratios = loadedP99Ms.map((p99, i) => p99 / Math.max(idleP99Ms[i]!, 1)).sort((a, b) => a - b)
    return { idleP99Ms, loadedP99Ms, ratio: ratios[Math.floor(ratios.length / 2)]!, keysGenerated }
  } finally {
    server.stop()
  }
}
