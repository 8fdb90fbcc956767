import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin, startCli, type Finished } from './support/cli-process.js'

const OWNER = 'olivia.bennett@acme.com'
const PASSWORD = 'Password123!'

const freshDirectory = () => mkdtempSync(join(tmpdir(), 'flashback-mock-state-'))

interface MockUserRow {
  id: string
  email: string
  token: string
}

async function usersOf(url: string, world?: string): Promise<MockUserRow[]> {
  const response = await fetch(`${url}/__mock/users`, { headers: world ? { 'x-mock-world': world } : {} })
  return ((await response.json()) as { users: MockUserRow[] }).users
}

async function tokenOf(url: string, email: string, world?: string): Promise<string> {
  return (await usersOf(url, world)).find((u) => u.email === email)!.token
}

function createUser(url: string, token: string, email: string, world?: string): Promise<Response> {
  return fetch(`${url}/organization/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(world ? { 'x-mock-world': world } : {}) },
    body: JSON.stringify({ email, firstName: 'Burst', lastName: 'Writer', password: PASSWORD, orgRole: 0 }),
  })
}

describe('--state FILE', () => {
  it.each(['core', 'msw'])('answers a write it cannot save with a 500 that says so, through the %s engine', { timeout: 30_000 }, async (engine) => {
    const directory = freshDirectory()
    const server = await startCli(['--state', join(directory, 'state.json'), '--engine', engine])
    try {
      const token = await tokenOf(server.url, OWNER)
      // The sign-in's own save may be writing in the directory meanwhile: removing it is tried again then.
      rmSync(directory, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
      const response = await createUser(server.url, token, 'unsaved@acme.com')
      expect(response.status).toBe(500)
      expect(((await response.json()) as { message: string }).message).toMatch(/^The change was made but not saved, so it may not survive a restart: /)
      // A read waits for no save: it answers as usual.
      expect((await fetch(`${server.url}/user/profile`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })

  it('keeps every write answered 2xx, in every world, when the process is killed with SIGKILL in the middle of a burst', { timeout: 60_000 }, async () => {
    const file = join(freshDirectory(), 'state.json')
    const first = await startCli(['--state', file])
    const tokens = { default: await tokenOf(first.url, OWNER), burst: await tokenOf(first.url, OWNER, 'burst') }
    // A sign-in session and a moved clock, made before the burst, must come back too.
    const login = (await (await fetch(`${first.url}/user/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OWNER, password: PASSWORD }) })).json()) as { accessToken: string }
    await fetch(`${first.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '10m' }) })

    const answered: { email: string; world: 'default' | 'burst' }[] = []
    let killed = false
    // Eight clients writing one user after another into two worlds, until the process is gone.
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const world = writer % 2 === 0 ? 'default' : 'burst'
      for (let i = 0; !killed; i++) {
        const email = `burst-${writer}-${i}@acme.com`
        try {
          const response = await createUser(first.url, tokens[world], email, world === 'default' ? undefined : world)
          if (response.status === 201) answered.push({ email, world })
          else if (!killed) throw new Error(`${email}: ${response.status} ${await response.text()}`)
        } catch (error) {
          if (!killed) throw error
        }
      }
    })
    while (answered.length < 120) await new Promise((resolve) => setTimeout(resolve, 5))
    killed = true
    first.child.kill('SIGKILL')
    await Promise.all(writers)
    await first.exited

    const second = await startCli(['--state', file], /State: .*\n/)
    try {
      expect(second.output()).toMatch(/State: loaded 2 worlds from .*state\.json/)
      const kept = { default: new Set((await usersOf(second.url)).map((u) => u.email)), burst: new Set((await usersOf(second.url, 'burst')).map((u) => u.email)) }
      expect(answered.filter(({ email, world }) => !kept[world].has(email))).toEqual([])
      // The session's token works after the restart (the secret is kept in the file), and the clock is still 10 minutes ahead.
      expect((await fetch(`${second.url}/user/profile`, { headers: { authorization: `Bearer ${login.accessToken}` } })).status).toBe(200)
      const clock = (await (await fetch(`${second.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { now: string }
      expect(Date.parse(clock.now) - Date.now()).toBeGreaterThan(9 * 60_000)
      // New users made after the restart get new ids: the seeded sequence went on from where it was.
      const idsBefore = new Set((await usersOf(second.url)).map((u) => u.id))
      const response = await createUser(second.url, tokens.default, 'after-restart@acme.com')
      expect(response.status).toBe(201)
      const created = (await response.json()) as { data: { id: string } }
      expect(idsBefore.has(created.data.id)).toBe(false)
      const ids = (await usersOf(second.url)).map((u) => u.id)
      expect(ids).toContain(created.data.id)
      expect(new Set(ids).size).toBe(ids.length)
    } finally {
      second.child.kill('SIGTERM')
      await second.exited
    }
  })

  it('keeps a session made with --token-secret across a clean stop and a restart, without writing the secret to the file', { timeout: 60_000 }, async () => {
    const file = join(freshDirectory(), 'state.json')
    const first = await startCli(['--state', file, '--token-secret', 'team secret'])
    const login = (await (await fetch(`${first.url}/user/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OWNER, password: PASSWORD }) })).json()) as { accessToken: string }
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(readFileSync(file, 'utf8')).not.toContain('tokenSecret')
    const second = await startCli(['--state', file, '--token-secret', 'team secret'])
    try {
      expect((await fetch(`${second.url}/user/profile`, { headers: { authorization: `Bearer ${login.accessToken}` } })).status).toBe(200)
    } finally {
      second.child.kill('SIGTERM')
      await second.exited
    }
  })

  it('keeps the outbox and its tokens: a sign-up verifies with its e-mail after a SIGKILL, and a cleared outbox stays clear', { timeout: 60_000 }, async () => {
    const file = join(freshDirectory(), 'state.json')
    const json = { 'content-type': 'application/json' }
    const post = (url: string, path: string, body?: unknown) => fetch(`${url}${path}`, { method: body === undefined ? 'DELETE' : 'POST', headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    const outbox = async (url: string) => ((await (await fetch(`${url}/__mock/outbox`)).json()) as { messages: { to: string; kind: string; token: string }[] }).messages
    const first = await startCli(['--state', file])
    const registered = await post(first.url, '/user/register', { email: 'ada@newco.example', password: 'SecurePass123', firstName: 'Ada', lastName: 'L', companyName: 'NewCo', isBusiness: true })
    expect(registered.status).toBe(201)
    await post(first.url, '/user/request-reset-password', { email: OWNER })
    const sent = await outbox(first.url)
    expect(sent.map((m) => m.kind)).toEqual(['verification', 'password-reset'])
    first.child.kill('SIGKILL')
    await first.exited

    const second = await startCli(['--state', file])
    try {
      expect(await outbox(second.url)).toEqual(sent)
      expect((await post(second.url, '/user/verify-email', { token: sent[0]!.token })).status).toBe(200)
      expect((await post(second.url, '/__mock/outbox')).status).toBe(200)
      second.child.kill('SIGKILL')
      await second.exited
    } catch (error) {
      second.child.kill('SIGKILL')
      throw error
    }
    const third = await startCli(['--state', file])
    try {
      expect(await outbox(third.url)).toEqual([])
      // The reset e-mail is forgotten, its token is not; the verification token was used before the restart.
      expect((await post(third.url, '/user/reset-password', { token: sent[1]!.token, newPassword: 'NewSecurePass456' })).status).toBe(200)
      expect((await post(third.url, '/user/verify-email', { token: sent[0]!.token })).status).toBe(400)
    } finally {
      third.child.kill('SIGTERM')
      await third.exited
    }
  })
})


function run(args: string[]): Promise<Finished> {
  return runBin(['--port', '0', ...args])
}

const savedUser = { id: 'u1', email: 'a@acme.com', name: 'A', lastName: 'B', orgId: null, orgRole: null, validated: true, deletedAt: null, password: null, authMethod: 'LOCAL', createdAt: '2024-01-01T00:00:00.000Z' }
const sections = (users: unknown[]) => ({
  store: { organizations: [], users, subscriptions: [], settings: { users: {}, organizations: {} }, mfa: {}, keys: [] },
  sessions: [],
  clock: { offsetMs: 0 },
  random: { state: [1, 2, 3, 4] },
})
const stateFile = (worlds: object, version = 1) => JSON.stringify({ format: 'flashback-mock/state', version, savedAt: '2026-01-01T00:00:00.000Z', worlds })

describe.concurrent('a --state file that is not one to load', () => {
  it.for<[string, string, string]>([
    ['bad JSON', '{"format": "flashback-mock/state", "version": 1, "worlds": {', 'it is not JSON'],
    ['an empty file', '', 'it is empty'],
    ['another program\'s JSON', JSON.stringify({ name: 'my-app', version: '1.0.0' }), 'it is not a flashback-mock state file (it has no "format": "flashback-mock/state")'],
    ['another version', stateFile({ default: { origin: { fixture: 'default', seed: 1 }, sections: sections([]) } }, 2), 'it is a state file of version 2, and this flashback-mock reads version 1'],
    ['a user that breaks the schema', stateFile({ default: { origin: { fixture: 'default', seed: 1 }, sections: sections([{ ...savedUser, email: 'not an e-mail' }]) } }), 'worlds["default"].sections.store.users[0] ("not an e-mail"): email must be a valid email'],
    ['an unknown section', stateFile({ default: { origin: { fixture: 'default', seed: 1 }, sections: { ...sections([savedUser]), outbox: [] } } }), 'worlds["default"].sections.outbox is a section this version does not know'],
  ])('is refused at start given %s, with a line naming the file and the problem, exit code 2, and left byte for byte as it was', { timeout: 30_000 }, async ([, content, problem], { expect }) => {
    const directory = freshDirectory()
    const file = join(directory, 'state.json')
    writeFileSync(file, content)
    const { code, stdout, stderr } = await run(['--state', file])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const [first] = stderr.split('\n')
    expect(first).toContain(`--state ${file}: `)
    expect(first).toContain(problem)
    expect(first).toContain('it is left as it is')
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(readFileSync(file, 'utf8')).toBe(content)
    expect(readdirSync(directory)).toEqual(['state.json'])
  })
})
