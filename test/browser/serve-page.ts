import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build, type Plugin } from 'esbuild'
import { documentationBlocks } from '../../scripts/readme-blocks.js'

/**
 * `readme:NAME` is the one ts block of README.md or docs/*.md whose first line is `// NAME` (or `// NAME: …`),
 * so the page runs the documentation as written.
 */
const readmeModules: Plugin = {
  name: 'readme-modules',
  setup(esbuild) {
    const blocks = documentationBlocks()
    const src = new URL('../../src/', import.meta.url).pathname
    esbuild.onResolve({ filter: /^readme:/ }, (args) => ({ path: args.path.slice('readme:'.length), namespace: 'readme' }))
    esbuild.onLoad({ filter: /.*/, namespace: 'readme' }, (args) => {
      const named = blocks.filter((b) => {
        const first = b.code.split('\n', 1)[0]!
        return first === `// ${args.path}` || first.startsWith(`// ${args.path}:`)
      })
      if (named.length !== 1) throw new Error(`the documentation has ${named.length} ts blocks starting with "// ${args.path}", not one`)
      return { contents: named[0]!.code, loader: 'ts', resolveDir: src }
    })
    esbuild.onResolve({ filter: /^flashback-mock$/ }, () => ({ path: `${src}index.ts` }))
  },
}

/**
 * Bundles the page for the browser as a Vite or Storybook build would (dynamic imports split into
 * chunks fetched when they run) and serves it with the installed msw's own worker script (msw checks
 * that the worker is of its own version, and each major has its own). `requested` lists the paths asked for.
 */
export async function servePage(): Promise<{ url: string; server: Server; requested: string[] }> {
  const bundle = await build({
    entryPoints: [new URL('./page.ts', import.meta.url).pathname, new URL('./stories-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: '/page',
    write: false,
    logLevel: 'silent',
    plugins: [readmeModules],
  })
  const files: Record<string, [string, string | Uint8Array]> = {
    '/': ['text/html', '<!doctype html><title>Members</title><main id="out">loading…</main><script type="module" src="/page.js"></script>'],
    '/stories': ['text/html', '<!doctype html><title>Stories</title><main id="out">loading…</main><script type="module" src="/stories-page.js"></script>'],
    '/mockServiceWorker.js': ['text/javascript', readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'))],
  }
  for (const output of bundle.outputFiles) files[output.path.slice(output.path.lastIndexOf('/'))] = ['text/javascript', output.contents]
  const requested: string[] = []
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    requested.push(path)
    const file = files[path]
    if (!file) return void response.writeHead(404).end()
    response.writeHead(200, { 'Content-Type': file[0] }).end(file[1])
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requested }
}
