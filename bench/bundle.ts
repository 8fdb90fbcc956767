import { gzipSync } from 'node:zlib'
import { build, type BuildOptions } from 'esbuild'

/** The public entry built for the browser as a Storybook or Vite app would, msw left to the app. */
export const browserBuild = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  external: ['msw', 'msw/*'],
  write: false,
  metafile: true,
  logLevel: 'silent',
} as const satisfies BuildOptions

/** The browser entry bundled and minified as a Storybook or Vite app would, msw excluded, gzipped. */
export async function browserBundle() {
  const result = await build(browserBuild)
  const code = result.outputFiles[0]!.contents
  const byPackage: Record<string, number> = {}
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.endsWith('.json') ? file : 'flashback-mock')
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput
    }
  }
  return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code).byteLength, byPackage }
}
