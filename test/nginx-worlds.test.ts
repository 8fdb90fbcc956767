// Two servers behind nginx, which hashes the world header (or cookie): a world's requests always land on one
// server, and each server holds only its own worlds. Needs Debian's nginx (.ci/run installs it).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFlashbackServer, type FlashbackServer } from '../src/server.js'

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const present = existsSync(NGINX)
if (!present && process.env.CI) throw new Error(`No nginx at ${NGINX}: apt-get install nginx (or set NGINX_PATH)`)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

function nginxConfig(prefix: string, port: number, upstreams: string[]): string {
  return `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  # The header first, then the cookie a browser got from /__mock/worlds/NAME/enter.
  map $http_x_mock_world $mock_world {
    ""      $cookie_flashback_mock_world;
    default $http_x_mock_world;
  }
  upstream mocks {
    hash $mock_world consistent;
${upstreams.map((u) => `    server ${u};`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://mocks;
      proxy_set_header Host $http_host;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`
}

describe.skipIf(!present)('two servers behind nginx hashing the world', () => {
  const servers: FlashbackServer[] = [createFlashbackServer({ strict: true }), createFlashbackServer({ strict: true })]
  const upstreams: string[] = []
  let nginx: ChildProcess
  let prefix = ''
  let url = ''

  beforeAll(async () => {
    for (const server of servers) upstreams.push((await server.listen(0)).replace('http://', ''))
    prefix = mkdtempSync(join(tmpdir(), 'flashback-mock-nginx-'))
    const port = await freePort()
    writeFileSync(join(prefix, 'nginx.conf'), nginxConfig(prefix, port, upstreams))
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' })
    url = `http://127.0.0.1:${port}`
    for (let tries = 0; ; tries++) {
      try {
        await fetch(`${url}/__mock/worlds`)
        break
      } catch (error) {
        if (tries > 100) throw new Error(`nginx did not start: ${readFileSync(join(prefix, 'error.log'), 'utf8')}`, { cause: error })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  })

  afterAll(async () => {
    nginx?.kill('SIGTERM')
    await Promise.all(servers.map((s) => s.close()))
    if (prefix) rmSync(prefix, { recursive: true, force: true })
  })

  const worlds = Array.from({ length: 16 }, (_, i) => `lb-world-${i}`)

  async function through(world: string, method: string, path: string, { json, token, cookie }: { json?: unknown; token?: string; cookie?: boolean } = {}) {
    const headers: Record<string, string> = cookie ? { cookie: `flashback_mock_world=${world}` } : { 'x-mock-world': world }
    if (token) headers.authorization = `Bearer ${token}`
    if (json !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
    return { status: response.status, upstream: response.headers.get('x-upstream'), body: await response.json() }
  }

  it("sends every request of a world to one server, which alone holds the world's state", async () => {
    const landed = new Map<string, Set<string>>()
    await Promise.all(
      worlds.map(async (world, i) => {
        const seen = new Set<string>()
        const { body: users, upstream } = await through(world, 'GET', '/__mock/users')
        seen.add(upstream!)
        const owner = users.users.find((u: { email: string }) => u.email === 'olivia.bennett@acme.com')
        const created = await through(world, 'POST', '/organization/users', {
          token: owner.token,
          json: { email: `lb.${i}@acme.com`, password: 'SecurePassword123!', firstName: 'Load', lastName: `Balanced${i}` },
        })
        expect(created.status).toBe(201)
        seen.add(created.upstream!)
        for (const cookie of [false, true]) {
          const list = await through(world, 'GET', '/organization/users', { token: owner.token, cookie })
          expect(list.body.data.filter((u: { email: string }) => u.email.startsWith('lb.')).map((u: { email: string }) => u.email)).toEqual([`lb.${i}@acme.com`])
          seen.add(list.upstream!)
        }
        landed.set(world, seen)
      }),
    )
    for (const [world, seen] of landed) expect(seen.size, world).toBe(1)
    // Both servers got worlds, and each holds exactly the worlds nginx sent it.
    const byUpstream = new Map<string, string[]>()
    for (const [world, seen] of landed) byUpstream.set([...seen][0]!, [...(byUpstream.get([...seen][0]!) ?? []), world])
    expect(byUpstream.size).toBe(2)
    for (const [i, server] of servers.entries()) {
      const held = (await (await fetch(`http://${upstreams[i]}/__mock/worlds`)).json()).worlds.map((w: { name: string }) => w.name).filter((n: string) => n !== 'default')
      expect(held.sort()).toEqual((byUpstream.get(upstreams[i]!) ?? []).sort())
      expect(server.mock.users().some((u) => u.email.startsWith('lb.'))).toBe(false)
    }
  })
})
