// Rewrites the "Where the docs are silent" list of docs/assumptions.md from the document's x-mock-assumption marks.
import { readFileSync, writeFileSync } from 'node:fs'
import { listAssumptions } from '../src/spec/assumptions.js'

const START = '<!-- assumptions:start -->'
const END = '<!-- assumptions:end -->'
const pagePath = new URL('../docs/assumptions.md', import.meta.url)
const page = readFileSync(pagePath, 'utf8')
const list = listAssumptions()
  .map(({ where, text }) => `- **${where}**: ${text}`)
  .join('\n')
const start = page.indexOf(START)
const end = page.indexOf(END)
if (start < 0 || end < start) throw new Error(`docs/assumptions.md needs the markers ${START} and ${END}`)
writeFileSync(pagePath, `${page.slice(0, start + START.length)}\n${list}\n${page.slice(end)}`)
console.log(`docs/assumptions.md: ${listAssumptions().length} assumptions listed`)
