// Runs in a fresh process: how long importing msw alone (`msw`) or the built package (`package`) takes, cold.
const started = performance.now()
await (process.argv[2] === 'msw' ? import('msw') : import('../dist/src/index.js'))
console.log(JSON.stringify({ importMs: performance.now() - started }))
