import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)

// Keeps `npm run bench` from rotting: every measurement runs with tiny sizes. No timing is asserted.
it('runs every benchmark and writes each figure as a number', async () => {
  const out = join(tmpdir(), `flashback-bench-${process.pid}.json`)
  const { stdout } = await run('npm', ['run', '-s', 'bench', '--', '--quick', '--out', out], { timeout: 170_000, maxBuffer: 1 << 22 })
  const results = JSON.parse(readFileSync(out, 'utf8'))
  for (const key of [
    'requestOverheadRatio', 'getByIdFlatnessRatio', 'listUsersMs10k', 'startupMs', 'startupLargeMs', 'resetMs', 'importRatio',
    'serverVsPrismRatio', 'serverReadVsBareNodeRatio', 'serverListVsBareNodeRatio', 'serverReadCpuVsBareNodeRatio',
    'serverListCpuVsBareNodeRatio', 'createsPerSecond1k', 'createsPerSecond100k', 'createsRatio', 'updatesPerSecond1k',
    'updatesPerSecond100k', 'updatesRatio', 'mswRequestUs',
    'fetchAdapterUs', 'fetchAdapterToMswRatio', 'firstRequestThroughMswMs', 'browserBundleGzipBytes',
    'browserOnDemandGzipBytes', 'heapBytesPerUser', 'plainBytesPerUser', 'load100kMs', 'loadRecords100kMs', 'reset100kMs', 'rssMb100k', 'firstRequestMs', 'importMs',
    'keyGenerationReadP99Ratio', 'bytesPerSession', 'stateSequentialWriteRatio', 'stateConcurrentWritesRatio',
  ]) {
    expect(results[key], key).toEqual(expect.any(Number))
    expect(results[key], key).toBeGreaterThan(0)
  }
  expect(stdout).toMatch(/^\| requestOverheadRatio \| [\d.]+ \|/m)
}, 180_000)
