// Runs in a fresh process: how long the built package takes to import, load a fixture (the default, or
// the one named as the first argument) and answer once.
const started = performance.now()
const { createFlashbackMock } = await import('../dist/src/index.js')
const imported = performance.now()
const mock = createFlashbackMock({ fixture: process.argv[2] ?? 'default' })
await mock.ready()
const ready = performance.now()
const { status } = await mock.request('/user/profile', {}, { as: 'OWNER' })
if (status !== 200) throw new Error(`first request answered ${status}`)
const answered = performance.now()
console.log(JSON.stringify({ importMs: imported - started, createMs: ready - imported, firstRequestMs: answered - ready }))
