// Runs in a fresh process: a test's first request as it makes it, through msw's setupServer and fetch,
// from the moment the server listens (the fixture loads at first use, so its load is part of it).
const { createFlashbackMock } = await import('../dist/src/index.js')
const { setupServer } = await import('msw/node')
const mock = createFlashbackMock()
const server = setupServer(...mock.handlers)
server.listen({ onUnhandledRequest: 'error' })
const headers = { Authorization: `Bearer ${mock.tokenFor('770e8400-e29b-41d4-a716-446655440002')}` }
const started = performance.now()
const response = await fetch('https://backend.flashback.tech/user/profile', { headers })
await response.json()
const firstRequestThroughMswMs = performance.now() - started
server.close()
if (response.status !== 200) throw new Error(`first request answered ${response.status}`)
console.log(JSON.stringify({ firstRequestThroughMswMs }))
