// What --state costs a write: the server from dist/ with and without a state file, the same writes against each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from './processes.js'
import { summarise } from './stats.js'

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/
const CONCURRENT = 16

async function writesAgainst(url: string, sequential: number, concurrentEach: number): Promise<{ sequentialMs: number; concurrentPerSecond: number }> {
  const { users } = (await (await fetch(`${url}/__mock/users`)).json()) as { users: { email: string; orgRole: number | null; token: string }[] }
  const token = users.find((u) => u.email === 'olivia.bennett@acme.com')!.token
  let made = 0
  const create = async () => {
    const response = await fetch(`${url}/organization/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${made++}@acme.com`, firstName: 'Bench', lastName: 'Writer', password: 'Password123!', orgRole: 0 }),
    })
    if (response.status !== 201) throw new Error(`A bench write answered ${response.status}: ${await response.text()}`)
  }
  let started = performance.now()
  for (let i = 0; i < sequential; i++) await create()
  const sequentialMs = (performance.now() - started) / sequential
  started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENT }, async () => {
    for (let i = 0; i < concurrentEach; i++) await create()
  }))
  return { sequentialMs, concurrentPerSecond: (CONCURRENT * concurrentEach * 1000) / (performance.now() - started) }
}

/**
 * Paired rounds, each starting both servers afresh (default fixture): the time of one write after another, and
 * writes per second from 16 clients at once. The ratios are with --state over without.
 */
export async function stateFileCost(rounds: number, sequential: number, concurrentEach: number) {
  const plain: Awaited<ReturnType<typeof writesAgainst>>[] = []
  const saved: Awaited<ReturnType<typeof writesAgainst>>[] = []
  for (let round = 0; round < rounds; round++) {
    const directory = mkdtempSync(join(tmpdir(), 'flashback-bench-state-'))
    for (const withState of round % 2 === 0 ? [false, true] : [true, false]) {
      const args = ['dist/src/bin.js', '--port', '0', ...(withState ? ['--state', join(directory, 'state.json')] : [])]
      const server = await startServer(process.execPath, args, READY)
      try {
        ;(withState ? saved : plain).push(await writesAgainst(server.url, sequential, concurrentEach))
      } finally {
        server.stop()
      }
    }
    rmSync(directory, { recursive: true, force: true })
  }
  const ratios = (pick: (run: Awaited<ReturnType<typeof writesAgainst>>) => number) => saved.map((run, i) => pick(run) / pick(plain[i]!))
  return {
    sequentialMs: { plain: summarise(plain.map((r) => r.sequentialMs)), state: summarise(saved.map((r) => r.sequentialMs)), ratio: summarise(ratios((r) => r.sequentialMs)) },
    concurrentPerSecond: { plain: summarise(plain.map((r) => r.concurrentPerSecond)), state: summarise(saved.map((r) => r.concurrentPerSecond)), ratio: summarise(ratios((r) => r.concurrentPerSecond)) },
  }
}
