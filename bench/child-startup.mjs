// Runs in a fresh process: how long the built package takes to import, load the default fixture and answer once.
const started = performance.now()
const { createFlashbackMock } = await import('../dist/src/index.js')
const imported = performance.now()
const mock = createFlashbackMock()
await mock.ready()
const ready = performance.now()
await mock.state.core.run('getOrganizationUser', {
  params: { userId: '550e8400-e29b-41d4-a716-446655440000' },
  authorization: `Bearer ${mock.tokenFor('770e8400-e29b-41d4-a716-446655440002')}`,
  contentType: null,
  body: null,
})
const answered = performance.now()
console.log(JSON.stringify({ importMs: imported - started, createMs: ready - imported, firstRequestMs: answered - ready }))
