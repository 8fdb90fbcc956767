import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { contractChecks, contractCoverage } from '../src/contract/checks.js'
import { operationSpecs } from '../src/spec/operations.js'
import { formatContractTable, runContractSuite } from '../src/contract/run-suite.js'
import { npmStart } from './support/npm-start.js'
import { unhandledOption } from './support/msw-major.js'
import { people } from './support/world.js'

const run = promisify(execFile)

/** `npm run contract` as a user runs it; resolves with its output and exit code. */
async function contractCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npm', ['run', '-s', 'contract', '--', ...args], { timeout: 30_000 })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('what the contract suite checks', () => {
  it('names every operation of the document: checked, or why not', () => {
    expect(Object.keys(contractCoverage).sort()).toEqual(operationSpecs.map((o) => o.id).sort())
    const checked = new Set(contractChecks.map((c) => c.operationId))
    for (const [id, coverage] of Object.entries(contractCoverage)) expect(coverage === 'checks', id).toBe(checked.has(id as never))
  })
})

describe('the contract suite against the in-process mock', () => {
  const mock = createFlashbackMock()
  const server = setupServer(...mock.handlers)
  beforeAll(() => server.listen(unhandledOption('error')))
  afterAll(() => server.close())

  it('passes every check, writes included, with a token for each role', async () => {
    const tokens = Object.fromEntries(
      (['user', 'billing', 'workspaces', 'administrator', 'owner'] as const).map((who, i) => [
        ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATORS', 'OWNER'][i], mock.tokenFor(people[who].id),
      ]),
    )
    const rows = await runContractSuite({ baseUrl: mock.baseUrl, tokens, allowWrites: true })
    expect(rows.filter((r) => r.outcome !== 'pass')).toEqual([])
    expect(rows).toHaveLength(contractChecks.length)
    expect(mock.violations.filter((v) => v.kind !== 'unauthenticated' && v.kind !== 'invalid-request')).toEqual([])
  })

  it('skips what it has no token for, and the writes unless allowed', async () => {
    const rows = await runContractSuite({ baseUrl: mock.baseUrl, tokens: { USER: mock.tokenFor(people.user.id) } })
    expect(rows.find((r) => r.check === 'list users as a manager')).toMatchObject({ outcome: 'skipped', problem: 'needs a token for WORKSPACES or ADMINISTRATORS or OWNER' })
    expect(rows.find((r) => r.check === 'create as USER')).toMatchObject({ outcome: 'skipped', problem: 'writes: pass --allow-writes' })
    expect(rows.find((r) => r.check === 'list users as USER')).toMatchObject({ outcome: 'pass', observed: 403 })
  })
})

describe('npm run contract', () => {
  it('passes against the server of npm start and exits 0', async () => {
    const started = await npmStart()
    try {
      const result = await contractCli('--base-url', started.url, '--tokens-from-mock', '--allow-writes')
      expect(result.stdout).toContain(`${contractChecks.length} passed, 0 failed, 0 skipped`)
      expect(result.code).toBe(0)
    } finally {
      started.stop()
    }
  })

  it('fails with a readable table against a server that answers 200 {} to everything', async () => {
    const wrong = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'))
    const url = await listen(wrong)
    try {
      const result = await contractCli('--base-url', url, '--token-for-role', 'USER=a', '--token-for-role', 'OWNER=b')
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/^check\s+operation\s+expected\s+observed\s+result$/m)
      expect(result.stdout).toMatch(/profile without a token\s+GET \/user\/profile\s+401\s+200\s+fail: expected 401, got 200/)
      expect(result.stdout).toMatch(/profile of the caller\s+GET \/user\/profile\s+200\s+200\s+fail: getUserProfile 200: response body breaks the document/)
    } finally {
      wrong.close()
    }
  })

  it('refuses a role name it does not know', async () => {
    const result = await contractCli('--base-url', 'http://127.0.0.1:1', '--token-for-role', 'ADMIN=x')
    expect(result.code).toBe(2)
  })
})

describe('the contract suite against a server that breaks one rule', () => {
  // The real mock, except that it lets a USER list users: the kind of drift the suite is for.
  const mock = createFlashbackMock({ baseUrl: 'http://drifted.flashback.test' })
  const lenient = createServer(async (request, response) => {
    const token = (request.headers.authorization ?? '').replace('Bearer ', '')
    const asOwner = request.url === '/organization/users' && token === mock.tokenFor(people.user.id)
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const answer = await fetch(`${mock.baseUrl}${request.url}`, {
      method: request.method,
      headers: {
        Authorization: `Bearer ${asOwner ? mock.tokenFor(people.owner.id) : token}`,
        ...(request.headers['content-type'] ? { 'Content-Type': request.headers['content-type'] } : {}),
      },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    })
    response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(await answer.text())
  })
  const server = setupServer(...mock.handlers)
  let url = ''
  beforeAll(async () => {
    server.listen(unhandledOption('bypass'))
    url = await listen(lenient)
  })
  afterAll(() => {
    server.close()
    lenient.close()
  })

  it('reports exactly that check as failed', async () => {
    const rows = await runContractSuite({ baseUrl: url, tokens: { USER: mock.tokenFor(people.user.id), OWNER: mock.tokenFor(people.owner.id) } })
    expect(rows.filter((r) => r.outcome === 'fail').map((r) => r.check)).toEqual(['list users as USER'])
    expect(formatContractTable(rows)).toMatch(/list users as USER\s+GET \/organization\/users\s+403\s+200\s+fail: expected 403, got 200/)
  })
})
