import { build } from 'esbuild'
import { expect, it } from 'vitest'
import { browserBuild } from '../bench/bundle.js'

it('bundles the public entry for the browser with no Node built-in and one faker locale', async () => {
  const result = await build(browserBuild)
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.filter((file) => file.startsWith('node:') || /node-server|cli\.ts|read-body/.test(file))).toEqual([])
  // Every locale module is parsed, but only English data may end up in the output.
  const output = Object.values(result.metafile.outputs)[0]!.inputs
  const shipped = Object.entries(output)
    .filter(([file, { bytesInOutput }]) => bytesInOutput > 0 && /@faker-js\/faker\/dist\/[a-z]{2}(_[A-Za-z_]+)?-[\w-]+\.js$/.test(file))
    .map(([file]) => /dist\/([a-zA-Z_]+)-/.exec(file)![1])
  expect(shipped).toEqual(['en'])
})
