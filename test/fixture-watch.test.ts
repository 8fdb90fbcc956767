import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin, startCli, type Finished, type CliProcess } from './support/cli-process.js'

interface FixtureUser {
  id: string
  email: string
  orgId: string | null
  [field: string]: unknown
}
interface TeamFixture {
  organizations: { id: string }[]
  users: FixtureUser[]
  [part: string]: unknown
}

const team = (): TeamFixture => JSON.parse(readFileSync('fixtures/default.json', 'utf8')) as TeamFixture

/** Resolves once the process has printed a line matching `pattern`, past what it had printed before. */
async function printed(server: CliProcess, pattern: RegExp, from: number): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const match = pattern.exec(server.output().slice(from))
    if (match) return match[0]
    if (Date.now() > deadline) throw new Error(`No line matching ${pattern} after:\n${server.output().slice(from)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function emailsOf(server: CliProcess, world?: string): Promise<string[]> {
  const response = await fetch(`${server.url}/__mock/users`, { headers: world ? { 'x-mock-world': world } : {} })
  return ((await response.json()) as { users: { email: string }[] }).users.map((u) => u.email)
}

describe('--watch', () => {
  it('resets the worlds made from the fixture file when it is saved, says what changed, and keeps them when the new file has problems, naming each', { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flashback-mock-watch-')), 'team.json')
    const first = team()
    writeFileSync(file, JSON.stringify(first, null, 2))
    const server = await startCli(['--fixture', file, '--watch'], /Watching .*team\.json/)
    try {
      const owner = first.users.find((u) => u.email === 'olivia.bennett@acme.com')!
      const acme = owner.orgId
      // A user made through the API, and a world made on first use: both belong to the fixture the reload replaces.
      const token = ((await (await fetch(`${server.url}/__mock/users`)).json()) as { users: { email: string; token: string }[] }).users.find((u) => u.email === owner.email)!.token
      const created = await fetch(`${server.url}/organization/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'made.today@acme.com', firstName: 'Made', lastName: 'Today', password: 'Password123!', orgRole: 0 }),
      })
      expect(created.status).toBe(201)
      await emailsOf(server, 'alice')

      const removed = first.users.find((u) => u.email === 'jane.smith@acme.com')!
      const added = ['ada@acme.com', 'grace@acme.com'].map((email, i) => ({ ...removed, id: `0000000${i}-0000-4000-8000-000000000000`, email, orgId: acme }))
      const second = { ...first, users: [...first.users.filter((u) => u !== removed), ...added] }
      let mark = server.output().length
      writeFileSync(file, JSON.stringify(second, null, 2))
      expect(await printed(server, /^fixture .*team\.json reloaded: .*$/m, mark)).toBe(`fixture ${file} reloaded: 2 users added, 1 removed (worlds reset: default, alice)`)
      const expected = second.users.map((u) => u.email)
      expect(await emailsOf(server)).toEqual(expected)
      expect(await emailsOf(server, 'alice')).toEqual(expected)

      const broken = { ...second, users: [...second.users, { ...added[0]!, id: 'another', email: 'not an e-mail' }, { ...added[1]!, id: 'orphan', email: 'orphan@acme.com', orgId: 'no-such-org' }] }
      mark = server.output().length
      writeFileSync(file, JSON.stringify(broken, null, 2))
      const refusal = await printed(server, /^fixture .*team\.json not reloaded: 2 problems.*\n {2}- .*\n {2}- .*$/m, mark)
      expect(refusal.split('\n')).toEqual([
        `fixture ${file} not reloaded: 2 problems; the worlds keep the fixture they have`,
        `  - users[${second.users.length}] ("not an e-mail"): email must be a valid email`,
        `  - users[${second.users.length + 1}] ("orphan@acme.com"): orgId names unknown organization "no-such-org"`,
      ])
      expect(await emailsOf(server)).toEqual(expected)

      mark = server.output().length
      writeFileSync(file, '{ "organizations": [')
      expect(await printed(server, /^fixture .* not reloaded: it is not JSON .*$/m, mark)).toMatch(/the worlds keep the fixture they have$/)
      expect(await emailsOf(server)).toEqual(expected)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })
})

function run(args: string[]): Promise<Finished> {
  return runBin(['--port', '0', ...args])
}

describe.concurrent('a fixture file at start', () => {
  it('is refused with every problem named in one line, exit code 2', { timeout: 30_000 }, async ({ expect }) => {
    const file = join(mkdtempSync(join(tmpdir(), 'flashback-mock-watch-')), 'team.json')
    const fixture = team()
    writeFileSync(file, JSON.stringify({ ...fixture, users: [{ ...fixture.users[0]!, email: 'nope' }, ...fixture.users.slice(1)], generatedUsers: [{ orgId: 'ghost', count: 3 }] }))
    const { code, stdout, stderr } = await run(['--fixture', file])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.split('\n')[0]).toBe(`--fixture ${file}: 2 problems: users[0] ("nope"): email must be a valid email; generatedUsers[0]: names unknown organization "ghost"`)
  })

  it('is what --watch needs: a built-in fixture is refused with the reason, exit code 2', { timeout: 30_000 }, async ({ expect }) => {
    const { code, stderr } = await run(['--watch'])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe('--watch reloads a fixture file: give one with --fixture FILE.json, not the built-in "default"')
  })
})
