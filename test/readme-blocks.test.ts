import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockFile, preludesDir, readmeBlocks } from '../scripts/readme-blocks.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README code blocks', () => {
  it('gives every ts block of the README a check, so the consumer test type-checks or runs each', () => {
    const blocks = readmeBlocks(readme)
    expect(blocks.length).toBeGreaterThanOrEqual(6)
    for (const block of blocks.filter((b) => b.kind === 'snippet')) expect(existsSync(join(preludesDir, `${block.argument}.ts`)), block.argument).toBe(true)
    expect(blocks.filter((b) => b.kind === 'vitest').length).toBeGreaterThanOrEqual(1)
    expect(blocks.filter((b) => b.kind === 'jest')).toHaveLength(1)
  })

  it('imports the test hooks in the test blocks, not as globals', () => {
    for (const block of readmeBlocks(readme).filter((b) => b.kind === 'vitest' || b.kind === 'jest')) {
      expect(block.code).toMatch(block.kind === 'vitest' ? /from 'vitest'/ : /from '@jest\/globals'/)
    }
  })

  it('refuses a ts block with no check before it, naming its line', () => {
    expect(() => readmeBlocks('# Title\n\n```ts\nconst a = 1\n```\n')).toThrow(/README line 3: a ts block needs/)
    expect(() => readmeBlocks('<!-- check: skip -->\n```ts\nconst a = 1\n```\n')).toThrow(/needs a reason/)
  })

  it("gives an msw 2 app the block with msw 2's names, and an msw 3 app the block as written", () => {
    const [block] = readmeBlocks("<!-- check: vitest msw2: onUnhandledFrame=onUnhandledRequest -->\n```ts\nserver.listen({ onUnhandledFrame: 'error' })\n```\n")
    expect(blockFile(block!, 2)!.text).toContain("server.listen({ onUnhandledRequest: 'error' })")
    expect(blockFile(block!, 3)!.text).toContain("server.listen({ onUnhandledFrame: 'error' })")
    expect(blockFile(block!, 3)!.path).toBe('readme/vitest/line-2.test.ts')
  })

  it('type-checks a Storybook block only in the app whose msw goes with its msw-storybook-addon major', () => {
    const [three, two] = readmeBlocks('<!-- check: storybook addon 3 -->\n```ts\nconst a = 3\n```\n\n<!-- check: storybook addon 2 -->\n```ts\nconst b = 2\n```\n')
    expect(blockFile(three!, 3)!.path).toBe('readme/storybook/line-2.ts')
    expect(blockFile(three!, 2)).toBeNull()
    expect(blockFile(two!, 2)!.path).toBe('readme/storybook/line-7.ts')
    expect(() => readmeBlocks('<!-- check: storybook -->\n```ts\nconst a = 1\n```\n')).toThrow(/needs "addon 2" or "addon 3"/)
  })
})
