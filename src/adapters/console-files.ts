import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { operationSpecs } from '../spec/operations.js'

/** A file the console's page loads, as the server sends it. */
export interface ConsoleFile {
  type: string
  text: string
}

// The package's own files, found the same way from `src/` (npm start) and from the bundled `dist/`.
const require = createRequire(import.meta.url)
const packageRoot = dirname(require.resolve('flashback-mock/package.json'))
const preactFile = require.resolve('preact')
const hooksFile = require.resolve('preact/hooks')
// htm's `require` entry is its CommonJS build; its ES module sits beside it.
const htmFile = join(dirname(require.resolve('htm')), 'htm.mjs')

const JS = 'text/javascript; charset=utf-8'

/** The operations a fault may name, for the page's list: put in the page, which reads them without a request. */
function operationsJson(): string {
  const operations = operationSpecs.map((o) => ({ id: o.id, method: o.method.toUpperCase(), path: o.path }))
  // `<` escaped, so no text in the data can close the script element it sits in.
  return JSON.stringify(operations).replaceAll('<', '\\u003c')
}

/** Every file the console serves, by its path under `/__mock/`; read once, at the first request for the page. */
function readConsoleFiles(): Map<string, ConsoleFile> {
  const read = (file: string) => readFileSync(file, 'utf8')
  const page = read(join(packageRoot, 'console', 'index.html')).replace('<!-- operations -->', operationsJson())
  return new Map([
    ['', { type: 'text/html; charset=utf-8', text: page }],
    ['console.js', { type: JS, text: read(join(packageRoot, 'console', 'console.js')) }],
    ['vendor/preact.mjs', { type: JS, text: read(preactFile) }],
    // Its one import, `preact`, pointed at the file above: the page needs no import map (and no inline script).
    ['vendor/hooks.mjs', { type: JS, text: read(hooksFile).replace(/from\s*["']preact["']/g, 'from"./preact.mjs"') }],
    ['vendor/htm.mjs', { type: JS, text: read(htmFile) }],
  ])
}

let files: Map<string, ConsoleFile> | undefined

/** The console's file at a path under `/__mock/` (`''` is the page), or undefined for any other path. */
export function consoleFile(subpath: string): ConsoleFile | undefined {
  files ??= readConsoleFiles()
  return files.get(subpath === 'index.html' ? '' : subpath)
}
