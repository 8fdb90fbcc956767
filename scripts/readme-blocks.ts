// Extracts the code blocks of the documentation (README.md and every docs/*.md) into a consumer app, so the
// blocks are type-checked against the installed package and the test ones are run, exactly as written
// (`.ci/consumer-test` does both).
//
// Each ts or js block is preceded by one HTML comment that says what it is (a block without one is an error,
// so no block goes unchecked without a reason given):
//
//   <!-- check: module -->             a complete module: type-checked
//   <!-- check: vitest -->             a complete vitest test file: type-checked and run by vitest
//   <!-- check: jest -->               a complete Jest test file: type-checked and run by Jest (ESM mode)
//   <!-- check: snippet PRELUDE -->    statements using names that test/consumer/app/preludes/PRELUDE.ts
//                                      declares (a mock, your own client code): prelude + block type-checked
//   <!-- check: storybook addon N -->  a Storybook file using msw-storybook-addon N.x: type-checked in the app that
//                                      has that major (3 with msw 3, 2 with msw 2), with Storybook's own typings
//                                      taken as they are (skipLibCheck: they need React's)
//   <!-- check: file PATH -->          a file of the app as written (a runner's configuration): the app uses it
//   <!-- check: skip REASON -->        not checked; the reason says what proves it instead
//
// Blocks of other languages need no comment; a json block may have `check: file` so the app uses it.
// A js block can only be `file` or `skip`: write it as ts to have it type-checked.
// After the kind, `msw2: NAME=OTHER` says that on msw 2 an identifier of the block has another name
// (`onUnhandledFrame` in msw 3 is `onUnhandledRequest` in msw 2): the msw 2 app gets the block renamed.
//
// npx tsx scripts/readme-blocks.ts APP_DIR --msw-major 3
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export type BlockKind = 'module' | 'vitest' | 'jest' | 'snippet' | 'storybook' | 'file' | 'skip'

export interface ReadmeBlock {
  /** The documentation file, relative to the repository: `README.md`, `docs/tests.md`. */
  source: string
  /** The line of the opening fence in that file. */
  line: number
  /** The fence's language: `ts`, `js`, `json`. */
  language: string
  kind: BlockKind
  /** The prelude's name for a snippet, the path for a file, the reason for a skip. */
  argument?: string
  /** Identifiers renamed in a project on msw 2. */
  msw2Renames: Record<string, string>
  code: string
}

export class ReadmeBlockError extends Error {
  readonly code = 'README_BLOCK'
}

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url))

export const preludesDir = join(repositoryRoot, 'test/consumer/app/preludes/')

/** The documentation whose blocks are checked, relative to the repository: README.md, then docs/*.md. */
export function documentationFiles(): string[] {
  const pages = readdirSync(join(repositoryRoot, 'docs')).filter((name) => name.endsWith('.md')).sort()
  return ['README.md', ...pages.map((name) => `docs/${name}`)]
}

/** Every block of every documentation file, in order. */
export function documentationBlocks(): ReadmeBlock[] {
  return documentationFiles().flatMap((source) => readmeBlocks(readFileSync(join(repositoryRoot, source), 'utf8'), source))
}

const TYPESCRIPT = new Set(['ts', 'typescript', 'mts', 'cts', 'tsx'])
const JAVASCRIPT = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx'])
const MARKER = /^<!--\s*check:\s*(module|vitest|jest|snippet|storybook|file|skip)\b(.*?)-->\s*$/

/**
 * Every ts and js block of a markdown text with its check marker, and any other block that has one;
 * throws naming the file and line of a ts or js block without one.
 */
export function readmeBlocks(markdown: string, source = 'README.md'): ReadmeBlock[] {
  const lines = markdown.split('\n')
  const blocks: ReadmeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\S*)/.exec(lines[i]!)
    if (!fence) continue
    const at = `${source} line ${i + 1}`
    const end = lines.findIndex((text, j) => j > i && text.trim() === '```')
    if (end < 0) throw new ReadmeBlockError(`${at}: a code block is never closed`)
    const language = fence[2]!.toLowerCase()
    const script = TYPESCRIPT.has(language) || JAVASCRIPT.has(language)
    let previous = i - 1
    while (previous >= 0 && lines[previous]!.trim() === '') previous--
    const marker = MARKER.exec(lines[previous]?.trim() ?? '')
    if (!marker && script) throw new ReadmeBlockError(`${at}: a ${language} block needs a <!-- check: KIND --> comment before it`)
    if (marker) {
      const kind = marker[1] as BlockKind
      const rest = marker[2]!.trim()
      const renames = /msw2:\s*(.*)$/.exec(rest)
      const argument = (renames ? rest.slice(0, renames.index) : rest).trim()
      if (!TYPESCRIPT.has(language) && kind !== 'file' && kind !== 'skip') {
        throw new ReadmeBlockError(`${at}: a ${language || 'plain'} block can only be "check: file" or "check: skip" (write it as ts to have it type-checked)`)
      }
      if (kind === 'storybook' && !/^addon [23]$/.test(argument)) {
        throw new ReadmeBlockError(`${at}: "check: storybook" needs "addon 2" or "addon 3"`)
      }
      if ((kind === 'snippet' || kind === 'skip' || kind === 'file') && !argument) {
        const needs = { snippet: 'a prelude name', skip: 'a reason', file: 'a path in the app' }[kind]
        throw new ReadmeBlockError(`${at}: "check: ${kind}" needs ${needs}`)
      }
      if (kind === 'file' && (argument.startsWith('/') || argument.split('/').includes('..') || /\s/.test(argument))) {
        throw new ReadmeBlockError(`${at}: "check: file" needs a path inside the app, not "${argument}"`)
      }
      const msw2Renames = Object.fromEntries(
        (renames?.[1] ?? '').split(/[\s,]+/).filter(Boolean).map((pair) => pair.split('=') as [string, string]),
      )
      blocks.push({ source, line: i + 1, language, kind, ...(argument ? { argument } : {}), msw2Renames, code: lines.slice(i + 1, end).join('\n') })
    }
    i = end
  }
  return blocks
}

/** `docs/tests.md` line 12 → `docs-tests-line-12`: a file name that says where the block comes from. */
function blockName(block: ReadmeBlock): string {
  return `${block.source.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-line-${block.line}`
}

/** The file a block becomes in the consumer app (relative to it) and its text, or null for a skipped block. */
export function blockFile(block: ReadmeBlock, mswMajor: number): { path: string; text: string } | null {
  let code = block.code
  if (mswMajor === 2) {
    for (const [from, to] of Object.entries(block.msw2Renames)) code = code.replace(new RegExp(`\\b${from}\\b`, 'g'), to)
  }
  const header = `// ${block.source} line ${block.line} (check: ${block.kind}${block.argument ? ` ${block.argument}` : ''})\n`
  const name = blockName(block)
  switch (block.kind) {
    case 'skip':
      return null
    case 'file':
      // JSON has no comments: the file is the block alone.
      return { path: block.argument!, text: (block.language === 'json' ? '' : header) + code + '\n' }
    case 'vitest':
      return { path: `readme/vitest/${name}.test.ts`, text: header + code + '\n' }
    case 'jest':
      // Named as the documentation tells Jest projects to name their files (testMatch **/*.jest.test.ts).
      return { path: `readme/jest/${name}.jest.test.ts`, text: header + code + '\n' }
    case 'module':
      return { path: `readme/modules/${name}.ts`, text: header + code + '\nexport {}\n' }
    case 'storybook':
      // msw-storybook-addon 3 goes with msw 3 in the consumer apps, 2 with msw 2.
      return block.argument === `addon ${mswMajor}` ? { path: `readme/storybook/${name}.ts`, text: header + code + '\nexport {}\n' } : null
    case 'snippet': {
      const prelude = readFileSync(join(preludesDir, `${block.argument}.ts`), 'utf8')
      return { path: `readme/modules/${name}.ts`, text: `${header}${prelude}\n// The block:\n${code}\nexport {}\n` }
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'msw-major': { type: 'string', default: '3' } } })
  const [appDir] = positionals
  if (!appDir || positionals.length > 1) {
    console.error('Usage: tsx scripts/readme-blocks.ts APP_DIR [--msw-major 2|3]   (reads README.md and docs/*.md)')
    process.exit(2)
  }
  try {
    const blocks = documentationBlocks()
    rmSync(join(appDir, 'readme'), { recursive: true, force: true })
    for (const block of blocks) {
      const file = blockFile(block, Number(values['msw-major']))
      const at = `${block.source} line ${block.line}`
      if (!file) {
        console.log(`${at}: skipped (${block.kind === 'skip' ? block.argument : `for msw-storybook-${block.argument}`})`)
        continue
      }
      mkdirSync(join(appDir, file.path, '..'), { recursive: true })
      writeFileSync(join(appDir, file.path), file.text)
      console.log(`${at}: ${file.path}`)
    }
  } catch (error) {
    if (!(error instanceof ReadmeBlockError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
