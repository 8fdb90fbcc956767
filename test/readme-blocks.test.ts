import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockFile, documentationBlocks, documentationFiles, preludesDir, readmeBlocks } from '../scripts/readme-blocks.js'

const blocks = documentationBlocks()

describe('the code blocks of README.md and docs/*.md', () => {
  it('reads the README and every page under docs/, and finds every ts and js block in them', () => {
    const pages = readdirSync(new URL('../docs/', import.meta.url)).filter((name) => name.endsWith('.md'))
    expect(documentationFiles().sort()).toEqual(['README.md', ...pages.map((name) => `docs/${name}`)].sort())
    for (const file of documentationFiles()) {
      const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
      const fences = text.match(/^\s*```(ts|typescript|tsx|mts|cts|js|javascript|jsx|mjs|cjs)\s*$/gim) ?? []
      expect(blocks.filter((b) => b.source === file && b.language !== 'json'), file).toHaveLength(fences.length)
    }
  })

  it('gives every ts block a check, so the consumer test type-checks or runs each', () => {
    expect(blocks.filter((b) => b.source === 'README.md' && b.kind === 'vitest')).toHaveLength(1)
    expect(blocks.filter((b) => b.source === 'README.md' && b.kind === 'jest')).toHaveLength(1)
    expect(blocks.filter((b) => b.source.startsWith('docs/') && b.kind === 'vitest').length).toBeGreaterThanOrEqual(3)
    for (const block of blocks.filter((b) => b.kind === 'snippet')) expect(existsSync(join(preludesDir, `${block.argument}.ts`)), block.argument).toBe(true)
  })

  it('gives the consumer apps one vitest and one Jest configuration, the documentation\'s own', () => {
    const files = blocks.filter((b) => b.kind === 'file').map((b) => b.argument)
    expect(files.sort()).toEqual(['jest.config.json', 'vitest.config.ts'])
    const jest = JSON.parse(blocks.find((b) => b.argument === 'jest.config.json')!.code)
    expect(jest.testMatch).toEqual(['**/*.jest.test.ts'])
    expect(blocks.find((b) => b.argument === 'vitest.config.ts')!.code).toContain("'**/*.jest.test.ts'")
  })

  it('names the extracted Jest files as the Jest configuration matches, and the vitest files as vitest does', () => {
    for (const block of blocks.filter((b) => b.kind === 'jest')) expect(blockFile(block, 3)!.path).toMatch(/^readme\/jest\/.+\.jest\.test\.ts$/)
    for (const block of blocks.filter((b) => b.kind === 'vitest')) expect(blockFile(block, 3)!.path).toMatch(/^readme\/vitest\/.+(?<!\.jest)\.test\.ts$/)
  })

  it('imports the test hooks in the test blocks, not as globals', () => {
    for (const block of blocks.filter((b) => b.kind === 'vitest' || b.kind === 'jest')) {
      expect(block.code, `${block.source} line ${block.line}`).toMatch(block.kind === 'vitest' ? /from 'vitest'/ : /from '@jest\/globals'/)
    }
  })

  it('extracts each block to a file of its own that says where it comes from', () => {
    const paths = blocks.map((b) => blockFile(b, 3)?.path ?? blockFile(b, 2)?.path).filter(Boolean)
    expect(new Set(paths).size).toBe(paths.length)
    const [block] = readmeBlocks('\n<!-- check: vitest -->\n```ts\nit()\n```\n', 'docs/tests.md')
    expect(blockFile(block!, 3)).toEqual({ path: 'readme/vitest/docs-tests-line-3.test.ts', text: '// docs/tests.md line 3 (check: vitest)\nit()\n' })
  })

  it('refuses a ts or js block with no check before it, naming its file and line', () => {
    expect(() => readmeBlocks('# Title\n\n```ts\nconst a = 1\n```\n', 'docs/x.md')).toThrow(/docs\/x.md line 3: a ts block needs/)
    expect(() => readmeBlocks('```js\nconst a = 1\n```\n')).toThrow(/README.md line 1: a js block needs/)
    expect(() => readmeBlocks('```javascript\nconst a = 1\n```\n')).toThrow(/a javascript block needs/)
    expect(() => readmeBlocks('<!-- check: skip -->\n```ts\nconst a = 1\n```\n')).toThrow(/needs a reason/)
  })

  it('runs no js block as a module: a js block is a file of the app or skipped with a reason', () => {
    expect(() => readmeBlocks('<!-- check: module -->\n```js\nconst a = 1\n```\n')).toThrow(/a js block can only be "check: file" or "check: skip"/)
    expect(readmeBlocks('<!-- check: skip shown for its output only -->\n```js\nconst a = 1\n```\n')[0]).toMatchObject({ kind: 'skip', argument: 'shown for its output only' })
  })

  it('writes a file block as it is, and only inside the app', () => {
    const [json] = readmeBlocks('<!-- check: file jest.config.json -->\n```json\n{ "a": 1 }\n```\n')
    expect(blockFile(json!, 3)).toEqual({ path: 'jest.config.json', text: '{ "a": 1 }\n' })
    expect(() => readmeBlocks('<!-- check: file ../x.json -->\n```json\n{}\n```\n')).toThrow(/a path inside the app/)
    expect(readmeBlocks('```json\n{}\n```\n\n```sh\nnpm test\n```\n')).toEqual([])
  })

  it("gives an msw 2 app the block with msw 2's names, and an msw 3 app the block as written", () => {
    const [block] = readmeBlocks("<!-- check: vitest msw2: onUnhandledFrame=onUnhandledRequest -->\n```ts\nserver.listen({ onUnhandledFrame: 'error' })\n```\n")
    expect(blockFile(block!, 2)!.text).toContain("server.listen({ onUnhandledRequest: 'error' })")
    expect(blockFile(block!, 3)!.text).toContain("server.listen({ onUnhandledFrame: 'error' })")
    expect(blockFile(block!, 3)!.path).toBe('readme/vitest/README-line-2.test.ts')
  })

  it('type-checks a Storybook block only in the app whose msw goes with its msw-storybook-addon major', () => {
    const [three, two] = readmeBlocks('<!-- check: storybook addon 3 -->\n```ts\nconst a = 3\n```\n\n<!-- check: storybook addon 2 -->\n```ts\nconst b = 2\n```\n')
    expect(blockFile(three!, 3)!.path).toBe('readme/storybook/README-line-2.ts')
    expect(blockFile(three!, 2)).toBeNull()
    expect(blockFile(two!, 2)!.path).toBe('readme/storybook/README-line-7.ts')
    expect(() => readmeBlocks('<!-- check: storybook -->\n```ts\nconst a = 1\n```\n')).toThrow(/needs "addon 2" or "addon 3"/)
  })
})
