// Rewrites the README's "Where the docs are silent" list from the document's x-mock-assumption marks.
import { readFileSync, writeFileSync } from 'node:fs'
import { listAssumptions } from '../src/spec/assumptions.js'

const START = '<!-- assumptions:start -->'
const END = '<!-- assumptions:end -->'
const readmePath = new URL('../README.md', import.meta.url)
const readme = readFileSync(readmePath, 'utf8')
const list = listAssumptions()
  .map(({ where, text }) => `- **${where}**: ${text}`)
  .join('\n')
const start = readme.indexOf(START)
const end = readme.indexOf(END)
if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}`)
writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${list}\n${readme.slice(end)}`)
console.log(`README.md: ${listAssumptions().length} assumptions listed`)
