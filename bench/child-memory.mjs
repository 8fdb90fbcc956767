// Runs in a fresh process (with --expose-gc): a world of N users beside the same users as plain objects in a
// Map; how long the world takes to load (users made up by faker, then the same users given as records) and
// to reset; and creates and updates per second through mock.request() in a world of N users and in one of
// SMALL users, in alternating rounds of at most SECONDS each.
// Arguments: N SMALL CREATES_PER_ROUND ROUNDS SECONDS.
const [count, small, perRound, rounds, seconds] = process.argv.slice(2).map(Number)
const { createFlashbackMock } = await import('../dist/src/index.js')
const orgId = '5a5a5a5a-0000-4000-8000-000000000001'
const OWNER = '770e8400-e29b-41d4-a716-446655440002'
const organization = { id: orgId, name: 'Bench', domain: 'bench.dev', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false }
const owner = { id: OWNER, email: 'owner@bench.dev', name: 'Owner', lastName: 'Bench', orgId, orgRole: 255, validated: true, deletedAt: null, password: 'Password123!', authMethod: 'LOCAL', createdAt: '2025-01-01T00:00:00.000Z' }
const worldOf = (users) => ({ organizations: [organization], users: [owner], generatedUsers: [{ orgId, count: users - 1, roles: [0, 1, 2] }] })

const heap = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

// A small world first, so the modules and faker (a fixed cost) are loaded before the heap baseline.
await createFlashbackMock({ fixture: worldOf(10) }).ready()
const baseline = heap()
const rssBaseline = process.memoryUsage().rss
const started = performance.now()
const mock = createFlashbackMock({ fixture: worldOf(count) })
await mock.ready()
const loadMs = performance.now() - started
const heapBytesPerUser = (heap() - baseline) / count
const rssMb = process.memoryUsage().rss / 2 ** 20

// The floor: the world's user records, cloned (strings included) into plain objects held by one Map.
const records = mock.db.users.all()
let plain = new Map()
const beforePlain = heap()
for (const user of records) plain.set(user.id, structuredClone({ ...user }))
const plainBytesPerUser = (heap() - beforePlain) / plain.size

// The same users given as records (as a fixture file gives them): the load without faker.
const asRecords = { organizations: [organization], users: records.map((user) => ({ ...user })) }
const recordsStarted = performance.now()
const fromRecords = createFlashbackMock({ fixture: asRecords })
await fromRecords.ready()
const loadRecordsMs = performance.now() - recordsStarted
plain = null

const resets = []
for (let i = 0; i < 3; i++) {
  const resetStarted = performance.now()
  await fromRecords.reset()
  resets.push(performance.now() - resetStarted)
}

const smallMock = createFlashbackMock({ fixture: worldOf(small) })
await smallMock.ready()
// Writes per second in each world, in alternating rounds.
const inRounds = async (write) => {
  const rates = { large: [], small: [] }
  for (let r = 0; r < rounds; r++) {
    for (const size of r % 2 === 0 ? ['small', 'large'] : ['large', 'small']) {
      const target = size === 'small' ? smallMock : mock
      const roundStart = performance.now()
      let done = 0
      while (done < perRound && performance.now() - roundStart < seconds * 1000) await write(target, r, done++)
      rates[size].push((done * 1000) / (performance.now() - roundStart))
    }
  }
  return rates
}
const creates = await inRounds(async (target, r, done) => {
  const body = JSON.stringify({ email: `new-${r}-${done}@bench.dev`, password: 'Password123!', firstName: 'New', lastName: 'User', orgRole: 0 })
  const { status } = await target.request('/organization/users', { method: 'POST', body }, { as: OWNER })
  if (status !== 201) throw new Error(`create answered ${status}`)
})
// Updates go to the world's last user, where a scan of the collection would cost the most.
const lastUserOf = new Map([mock, smallMock].map((target) => [target, target.db.users.all().at(-1).id]))
const updates = await inRounds(async (target, r, done) => {
  const body = JSON.stringify({ name: `Renamed ${r}-${done}` })
  const { status } = await target.request(`/organization/users/${lastUserOf.get(target)}`, { method: 'PUT', body }, { as: OWNER })
  if (status !== 200) throw new Error(`update answered ${status}`)
})

console.log(JSON.stringify({ users: mock.db.users.count(), loadMs, loadRecordsMs, resetMs: resets, heapBytesPerUser, plainBytesPerUser, rssMb, baselineMb: rssBaseline / 2 ** 20, creates, updates }))
