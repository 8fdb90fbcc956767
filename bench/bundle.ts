import { gzipSync } from 'node:zlib'
import { build, type BuildOptions, type Metafile } from 'esbuild'

/**
 * The public entry built for the browser as a Storybook or Vite app would: msw left to the app,
 * dynamic imports split into chunks of their own (fetched only when they run).
 */
export const browserBuild = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  splitting: true,
  outdir: 'bench/.bundle',
  external: ['msw', 'msw/*'],
  write: false,
  metafile: true,
  logLevel: 'silent',
} as const satisfies BuildOptions

/** The output files a page loads with the entry: the entry chunk and every chunk it imports statically. */
export function loadedWithEntry(metafile: Metafile): Set<string> {
  const entry = Object.keys(metafile.outputs).find((file) => metafile.outputs[file]!.entryPoint)!
  const loaded = new Set<string>()
  const visit = (file: string) => {
    if (loaded.has(file)) return
    loaded.add(file)
    for (const { path, kind } of metafile.outputs[file]!.imports) if (kind === 'import-statement' && !path.startsWith('msw')) visit(path)
  }
  visit(entry)
  return loaded
}

function packageOf(file: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.endsWith('.json') ? file : 'flashback-mock')
}

/**
 * The browser entry bundled and minified, msw excluded, gzipped: what a page loads with the default
 * fixture (`gzipBytes`), and beside it the chunks loaded only on demand (`onDemandGzipBytes`).
 */
export async function browserBundle() {
  const result = await build(browserBuild)
  const loaded = loadedWithEntry(result.metafile)
  const totals = { minifiedBytes: 0, gzipBytes: 0, onDemandGzipBytes: 0 }
  const byPackage: Record<string, number> = {}
  const onDemandByPackage: Record<string, number> = {}
  for (const file of result.outputFiles) {
    const relative = file.path.slice(file.path.indexOf('bench/.bundle'))
    const gzip = gzipSync(file.contents).byteLength
    const isLoaded = loaded.has(relative)
    if (isLoaded) {
      totals.minifiedBytes += file.contents.byteLength
      totals.gzipBytes += gzip
    } else totals.onDemandGzipBytes += gzip
    for (const [input, { bytesInOutput }] of Object.entries(result.metafile.outputs[relative]!.inputs)) {
      const into = isLoaded ? byPackage : onDemandByPackage
      into[packageOf(input)] = (into[packageOf(input)] ?? 0) + bytesInOutput
    }
  }
  return { ...totals, byPackage, onDemandByPackage }
}
