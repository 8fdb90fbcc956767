// npm run build [-- --no-declarations]: the published `dist/` (the bench builds it without declarations).
// esbuild bundles each entry named in package.json (`exports`, `bin`), so importing the package opens a
// handful of files instead of hundreds; `tsc` emits the declarations. Which dependency is bundled and why:
// decisions/015-bundled-dist.md.
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

/**
 * Left to the consumer's install: the peer, and faker and @simplewebauthn/server, which are imported on demand
 * (a split chunk, a dynamic import of the passkey checks).
 */
const EXTERNAL = ['msw', 'msw/*', '@faker-js/faker', '@simplewebauthn/server', '@playwright/test', 'node:*']

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { default?: string }>
  bin?: Record<string, string>
}

/** `./dist/src/server.js` is built from `src/server.ts`. */
function entryOf(target: string): { in: string; out: string } | null {
  const match = /^\.\/dist\/(src\/.+)\.js$/.exec(target)
  return match ? { in: `${match[1]}.ts`, out: match[1]! } : null
}

const targets = [
  ...Object.values(pkg.exports).map((value) => (typeof value === 'string' ? value : value.default ?? '')),
  ...Object.values(pkg.bin ?? {}),
]
const entryPoints = [...new Map(targets.map(entryOf).filter((e) => e !== null).map((e) => [e.out, e])).values()]

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  // The public entry runs in browsers as well as Node: no platform-specific builds of dependencies.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node20',
  // Shared code is one chunk for every entry; a dynamic import (faker's) stays a chunk loaded on demand.
  splitting: true,
  chunkNames: 'src/chunks/[name]-[hash]',
  external: EXTERNAL,
  sourcemap: true,
  logLevel: 'warning',
})
if (!process.argv.includes('--no-declarations')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
