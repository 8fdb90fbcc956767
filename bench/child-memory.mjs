// Runs in a fresh process: resident memory with N users in the store.
const count = Number(process.argv[2])
const { createFlashbackMock } = await import('../dist/src/index.js')
const orgId = '5a5a5a5a-0000-4000-8000-000000000001'
const fixture = {
  organizations: [{ id: orgId, name: 'Bench', domain: 'bench.dev', address1: null, address2: null, city: null, zipcode: null, phone: null, state: null, country: null, deletedAt: null, reposDisabled: false, website: null, is_business: true, mfaEnforced: false }],
  users: [],
  generatedUsers: [{ orgId, count, roles: [0, 1, 2] }],
}
const baseline = process.memoryUsage().rss
const started = performance.now()
const mock = createFlashbackMock({ fixture })
await mock.ready()
const loadMs = performance.now() - started
globalThis.gc?.()
console.log(JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20, baselineMb: baseline / 2 ** 20, loadMs, users: mock.db.users.count() }))
