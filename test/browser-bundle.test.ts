import { build } from 'esbuild'
import { expect, it } from 'vitest'
import { browserBuild, loadedWithEntry } from '../bench/bundle.js'

it('bundles the public entry for the browser with no Node built-in, and faker only in the chunk that generates data', async () => {
  const result = await build(browserBuild)
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.filter((file) => file.startsWith('node:') || /node-server|allowed-hosts|create-flashback-server|cli\.ts/.test(file))).toEqual([])

  const loaded = loadedWithEntry(result.metafile)
  const shippedBy = (files: string[]) =>
    files.flatMap((file) => Object.entries(result.metafile.outputs[file]!.inputs))
      .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.includes('@faker-js/faker'))
      .map(([input]) => /dist\/([a-zA-Z_]+)-[\w-]+\.js$/.exec(input)?.[1] ?? input)
  const outputs = Object.keys(result.metafile.outputs)
  expect(shippedBy([...loaded])).toEqual([])
  // Every locale module is parsed, but only English data may end up in the output.
  expect(shippedBy(outputs.filter((file) => !loaded.has(file)))).toContain('en')
  expect(shippedBy(outputs).filter((name) => /^[a-z]{2}(_[A-Za-z_]+)?$/.test(name) && name !== 'en')).toEqual([])
})

it('leaves the response validators out of what a page loads with the entry, in a chunk fetched at the first check', async () => {
  const result = await build(browserBuild)
  const loaded = loadedWithEntry(result.metafile)
  const carrying = (name: string) => Object.keys(result.metafile.outputs).filter((file) => Object.keys(result.metafile.outputs[file]!.inputs).some((input) => input.endsWith(name)))
  expect(carrying('src/spec/response-validators.generated.ts').filter((file) => loaded.has(file))).toEqual([])
  expect(carrying('src/spec/response-validators.generated.ts')).toHaveLength(1)
  expect(carrying('src/spec/validators.generated.ts').every((file) => loaded.has(file))).toBe(true)
})

it('leaves the request body validators out of what a page loads with the entry, in a chunk fetched at the first request with a body', async () => {
  const result = await build(browserBuild)
  const loaded = loadedWithEntry(result.metafile)
  const carrying = Object.keys(result.metafile.outputs).filter((file) => Object.keys(result.metafile.outputs[file]!.inputs).some((input) => input.endsWith('src/spec/body-validators.generated.ts')))
  expect(carrying).toHaveLength(1)
  expect(carrying.filter((file) => loaded.has(file))).toEqual([])
})

it('leaves the WebAuthn library out of what a page loads with the entry, in chunks fetched when a passkey is checked', async () => {
  const result = await build(browserBuild)
  const loaded = loadedWithEntry(result.metafile)
  const webAuthnInputs = (files: string[]) =>
    files.flatMap((file) => Object.entries(result.metafile.outputs[file]!.inputs)).filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && /@simplewebauthn|@peculiar|asn1js/.test(input))
  expect(webAuthnInputs([...loaded])).toEqual([])
  expect(webAuthnInputs(Object.keys(result.metafile.outputs)).length).toBeGreaterThan(0)
})
