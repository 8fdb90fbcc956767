// Extracts every ```ts block of README.md into a consumer app, so the blocks are type-checked against the
// installed package and the test ones are run, exactly as written (`.ci/consumer-test` does both).
//
// Each ```ts block is preceded by one HTML comment that says what it is (a block without one is an error):
//
//   <!-- check: module -->             a complete module: type-checked
//   <!-- check: vitest -->             a complete vitest test file: type-checked and run by vitest
//   <!-- check: jest -->               a complete Jest test file: type-checked and run by Jest (ESM mode)
//   <!-- check: snippet PRELUDE -->    statements using names that test/consumer/app/preludes/PRELUDE.ts
//                                      declares (a mock, your own client code): prelude + block type-checked
//   <!-- check: storybook addon N -->  a Storybook file using msw-storybook-addon N.x: type-checked in the app that
//                                      has that major (3 with msw 3, 2 with msw 2), with Storybook's own typings
//                                      taken as they are (skipLibCheck: they need React's)
//   <!-- check: skip REASON -->        not checked; the reason says what proves it instead
//
// After the kind, `msw2: NAME=OTHER` says that on msw 2 an identifier of the block has another name
// (`onUnhandledFrame` in msw 3 is `onUnhandledRequest` in msw 2): the msw 2 app gets the block renamed.
//
// npx tsx scripts/readme-blocks.ts README.md APP_DIR --msw-major 3
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export type BlockKind = 'module' | 'vitest' | 'jest' | 'snippet' | 'storybook' | 'skip'

export interface ReadmeBlock {
  /** The README line of the opening fence. */
  line: number
  kind: BlockKind
  /** The prelude's name for a snippet, the reason for a skip. */
  argument?: string
  /** Identifiers renamed in a project on msw 2. */
  msw2Renames: Record<string, string>
  code: string
}

export class ReadmeBlockError extends Error {
  readonly code = 'README_BLOCK'
}

export const preludesDir = fileURLToPath(new URL('../test/consumer/app/preludes/', import.meta.url))

const MARKER = /^<!--\s*check:\s*(module|vitest|jest|snippet|storybook|skip)\b(.*?)-->\s*$/

/** Every ```ts block of a markdown text with its check marker; throws naming the line of a block without one. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n')
  const blocks: ReadmeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\S*)/.exec(lines[i]!)
    if (!fence) continue
    const end = lines.findIndex((text, j) => j > i && text.trim() === '```')
    if (end < 0) throw new ReadmeBlockError(`README line ${i + 1}: a code block is never closed`)
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      let previous = i - 1
      while (previous >= 0 && lines[previous]!.trim() === '') previous--
      const marker = MARKER.exec(lines[previous]?.trim() ?? '')
      if (!marker) throw new ReadmeBlockError(`README line ${i + 1}: a ts block needs a <!-- check: KIND --> comment before it`)
      const kind = marker[1] as BlockKind
      const rest = marker[2]!.trim()
      const renames = /msw2:\s*(.*)$/.exec(rest)
      const argument = (renames ? rest.slice(0, renames.index) : rest).trim()
      if (kind === 'storybook' && !/^addon [23]$/.test(argument)) {
        throw new ReadmeBlockError(`README line ${i + 1}: "check: storybook" needs "addon 2" or "addon 3"`)
      }
      if ((kind === 'snippet' || kind === 'skip') && !argument) {
        throw new ReadmeBlockError(`README line ${i + 1}: "check: ${kind}" needs ${kind === 'snippet' ? 'a prelude name' : 'a reason'}`)
      }
      const msw2Renames = Object.fromEntries(
        (renames?.[1] ?? '').split(/[\s,]+/).filter(Boolean).map((pair) => pair.split('=') as [string, string]),
      )
      blocks.push({ line: i + 1, kind, ...(argument ? { argument } : {}), msw2Renames, code: lines.slice(i + 1, end).join('\n') })
    }
    i = end
  }
  return blocks
}

/** The file a block becomes in the consumer app (relative to it) and its text, or null for a skipped block. */
export function blockFile(block: ReadmeBlock, mswMajor: number): { path: string; text: string } | null {
  let code = block.code
  if (mswMajor === 2) {
    for (const [from, to] of Object.entries(block.msw2Renames)) code = code.replace(new RegExp(`\\b${from}\\b`, 'g'), to)
  }
  const header = `// README.md line ${block.line} (check: ${block.kind}${block.argument ? ` ${block.argument}` : ''})\n`
  switch (block.kind) {
    case 'skip':
      return null
    case 'vitest':
      return { path: `readme/vitest/line-${block.line}.test.ts`, text: header + code + '\n' }
    case 'jest':
      return { path: `readme/jest/line-${block.line}.test.ts`, text: header + code + '\n' }
    case 'module':
      return { path: `readme/modules/line-${block.line}.ts`, text: header + code + '\nexport {}\n' }
    case 'storybook':
      // msw-storybook-addon 3 goes with msw 3 in the consumer apps, 2 with msw 2.
      return block.argument === `addon ${mswMajor}` ? { path: `readme/storybook/line-${block.line}.ts`, text: header + code + '\nexport {}\n' } : null
    case 'snippet': {
      const prelude = readFileSync(join(preludesDir, `${block.argument}.ts`), 'utf8')
      return { path: `readme/modules/line-${block.line}.ts`, text: `${header}${prelude}\n// The block:\n${code}\nexport {}\n` }
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'msw-major': { type: 'string', default: '3' } } })
  const [readme, appDir] = positionals
  if (!readme || !appDir) {
    console.error('Usage: tsx scripts/readme-blocks.ts README.md APP_DIR [--msw-major 2|3]')
    process.exit(2)
  }
  try {
    const blocks = readmeBlocks(readFileSync(readme, 'utf8'))
    rmSync(join(appDir, 'readme'), { recursive: true, force: true })
    for (const block of blocks) {
      const file = blockFile(block, Number(values['msw-major']))
      if (!file) {
        console.log(`README line ${block.line}: skipped (${block.argument})`)
        continue
      }
      mkdirSync(join(appDir, file.path, '..'), { recursive: true })
      writeFileSync(join(appDir, file.path), file.text)
      console.log(`README line ${block.line}: ${file.path}`)
    }
  } catch (error) {
    if (!(error instanceof ReadmeBlockError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
