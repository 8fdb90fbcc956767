// Runs in a fresh process (with --expose-gc): one server's worlds, without listening (the cost is the pipeline's).
// - a read through a named world when it is the only one, and when 1,000 live worlds take turns;
// - making a world from the default fixture against reset() of one;
// - the heap each default-fixture world takes, with WORLDS of them alive.
// Arguments: WORLDS ROUNDS BATCH READ_ROUNDS (the reads' rounds, ROUNDS when not given).
const [worlds, rounds, batch, readRounds = rounds] = process.argv.slice(2).map(Number)
const { createFlashbackServer } = await import('../dist/src/server.js')
const OWNER = '770e8400-e29b-41d4-a716-446655440002'
const JOHN = '550e8400-e29b-41d4-a716-446655440000'
const heap = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}
const now = () => performance.now()
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

// Reads through one named world, and through 1,000 taking turns (every request moves its world in the LRU order).
const server = createFlashbackServer({ strict: false, maxWorlds: Math.max(worlds, 1000) + 10 })
const faces = Array.from({ length: 1000 }, (_, i) => server.world(`w${i}`))
await Promise.all(faces.map((face) => face.ready()))
const reads = faces.map((face) => ({ face, init: { headers: { authorization: `Bearer ${face.tokenFor(OWNER)}` } } }))
const read = async ({ face, init }) => (await face.fetch(`/organization/users/${JOHN}`, init)).text()
const timeBatch = async (pick) => {
  const start = now()
  for (let i = 0; i < batch; i++) await read(pick(i))
  return (now() - start) / batch
}
for (let i = 0; i < batch * 3; i++) await read(reads[i % 1000])
const one = []
const many = []
let turn = 0
// Many short rounds, the order within a pair alternating: a batch takes a few ms, so a slow moment of the machine
// falls on one batch, and the median of many pairs is what the batches have in common.
for (let r = 0; r < readRounds; r++) {
  if (r % 2 === 1) many.push(await timeBatch(() => reads[turn++ % 1000]))
  one.push(await timeBatch(() => reads[0]))
  if (r % 2 === 0) many.push(await timeBatch(() => reads[turn++ % 1000]))
}

// Making a world from the default fixture, against reset() of a world of the same fixture.
const creates = []
const resets = []
const reused = server.world('reset-me')
await reused.ready()
for (let r = 0; r < rounds; r++) {
  let start = now()
  for (let i = 0; i < batch; i++) await server.world(`made-${r}-${i}`).ready()
  creates.push((now() - start) / batch)
  start = now()
  for (let i = 0; i < batch; i++) await reused.reset()
  resets.push((now() - start) / batch)
}
await server.close()

// The heap of WORLDS default-fixture worlds, each used once, in a server of their own.
const fresh = createFlashbackServer({ strict: false, maxWorlds: worlds + 10 })
await fresh.world('warm').ready()
const before = heap()
for (let i = 0; i < worlds; i++) await fresh.world(`m${i}`).ready()
const heapBytesPerWorld = (heap() - before) / worlds
await fresh.close()

console.log(JSON.stringify({ readOneWorldUs: one.map((ms) => ms * 1000), readThousandWorldsUs: many.map((ms) => ms * 1000), createWorldMs: creates, resetMs: resets, heapBytesPerWorld, worlds, medianRatio: median(many) / median(one) }))
