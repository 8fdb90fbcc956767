// Runs in a fresh process (with --expose-gc): memory with N users in the store, against plain objects.
const count = Number(process.argv[2])
const { createFlashbackMock } = await import('../dist/src/index.js')
const orgId = '5a5a5a5a-0000-4000-8000-000000000001'
const fixtureWith = (users) => ({
  organizations: [{ id: orgId, name: 'Bench', domain: 'bench.dev', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false }],
  users: [],
  generatedUsers: [{ orgId, count: users, roles: [0, 1, 2] }],
})
const heap = () => {
  globalThis.gc?.()
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}
const baseline = process.memoryUsage().rss
// A small world first, so the modules and faker are loaded before the heap baseline.
await createFlashbackMock({ fixture: fixtureWith(10) }).ready()
const baselineHeap = heap()
const started = performance.now()
const mock = createFlashbackMock({ fixture: fixtureWith(count) })
await mock.ready()
const loadMs = performance.now() - started
const heapBytesPerUser = (heap() - baselineHeap) / count
const rssMb = process.memoryUsage().rss / 2 ** 20
// The floor: the same users as plain objects (fresh strings included) in a Map.
const beforePlain = heap()
const plain = new Map(mock.db.users.all().map((u) => [u.id, JSON.parse(JSON.stringify(u))]))
const plainBytesPerUser = (heap() - beforePlain) / plain.size
console.log(JSON.stringify({ rssMb, baselineMb: baseline / 2 ** 20, loadMs, users: mock.db.users.count(), heapBytesPerUser, plainBytesPerUser }))
