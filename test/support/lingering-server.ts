// Run in its own process with --expose-gc (see test/lingering-413.test.ts): standalone servers, one per
// engine, whose memory the test asks for over IPC, so it is the servers' alone, not the clients'.
import { createFlashbackServer } from '../../src/server.js'
import { snapshot } from './world.js'

const gc = (globalThis as { gc?: () => void }).gc!
const servers = { core: createFlashbackServer({ strict: false, engine: 'core' }), msw: createFlashbackServer({ strict: false, engine: 'msw' }) }
const urls = { core: await servers.core.listen(0), msw: await servers.msw.listen(0) }

const openConnections = () =>
  Promise.all(Object.values(servers).map(({ server }) => new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)))))

/**
 * Heap and buffers once every connection has closed (a draining one closes within 5 s), after full
 * collections: a freed buffer's memory is given back a moment after a collection.
 */
async function measure(): Promise<number> {
  for (let waited = 0; waited < 6_000 && (await openConnections()).some((count) => count > 0); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

process.on('message', (message: { ask: 'measure' | 'snapshot'; engine: keyof typeof servers }) => {
  if (message.ask === 'measure') void measure().then((bytes) => process.send!(bytes))
  else process.send!(snapshot(servers[message.engine].mock))
})
process.on('disconnect', () => void Promise.all([servers.core.close(), servers.msw.close()]).then(() => process.exit(0)))
process.send!({ urls, tokens: { core: servers.core.mock.tokenFor('olivia.bennett@acme.com'), msw: servers.msw.mock.tokenFor('olivia.bennett@acme.com') } })
