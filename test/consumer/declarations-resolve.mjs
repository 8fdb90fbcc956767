// Every relative import of every declaration file in an unpacked package resolves to a file that is in it:
// a declaration that imports a missing one turns the package's types into errors or `any` for its users.
// node test/consumer/declarations-resolve.mjs UNPACKED_PACKAGE_DIR
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const root = process.argv[2]
if (!root) {
  console.error('Usage: node declarations-resolve.mjs UNPACKED_PACKAGE_DIR')
  process.exit(2)
}
const declarations = readdirSync(root, { recursive: true }).map(String).filter((file) => file.endsWith('.d.ts'))
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g
const missing = []
for (const file of declarations) {
  for (const [, specifier] of readFileSync(join(root, file), 'utf8').matchAll(SPECIFIER)) {
    const target = join(root, dirname(file), specifier)
    const candidates = [target.replace(/\.js$/, '.d.ts'), target.replace(/\.json$/, '.json'), `${target}.d.ts`, join(target, 'index.d.ts')]
    if (!candidates.some((candidate) => existsSync(candidate) && candidate.match(/\.(d\.ts|json)$/))) missing.push(`${file} imports ${specifier}`)
  }
}
console.log(`${declarations.length} declaration files checked`)
if (missing.length) {
  console.error(`Declarations import files the package does not contain:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
