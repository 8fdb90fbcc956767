import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { documentationFiles } from '../scripts/readme-blocks.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: { url?: string } }
const REPOSITORY = 'https://github.com/flashbacknetwork/flashback-mock'

interface Link {
  /** The documentation file, relative to the repository. */
  from: string
  line: number
  target: string
}

/** Every inline markdown link outside code blocks and code spans: `[text](target)`. */
function linksOf(file: string): Link[] {
  const links: Link[] = []
  let inCode = false
  readFileSync(join(root, file), 'utf8').split('\n').forEach((text, index) => {
    if (/^\s*```/.test(text)) inCode = !inCode
    if (inCode) return
    for (const match of text.replace(/`[^`]*`/g, '``').matchAll(/\]\(([^)\s]+)\)/g)) links.push({ from: file, line: index + 1, target: match[1]! })
  })
  return links
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let inCode = false
  for (const text of readFileSync(join(root, file), 'utf8').split('\n')) {
    if (/^\s*```/.test(text)) inCode = !inCode
    const heading = !inCode && /^#{1,6}\s+(.*)$/.exec(text)
    if (!heading) continue
    const slug = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
    seen.set(slug, count + 1)
  }
  return anchors
}

/** The files `npm pack` would put in the tarball, relative to the package's root. */
function shippedFiles(): Set<string> {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: root, encoding: 'utf8' })
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[]
  return new Set(pack!.files.map((file) => file.path))
}

const links = documentationFiles().flatMap(linksOf)
const where = (link: Link) => `${link.from} line ${link.line}: ${link.target}`

describe('links in README.md and docs/*.md', () => {
  it('leads every relative link to a file the package ships, and to a heading that file has', () => {
    const shipped = shippedFiles()
    expect(shipped.has('README.md') && shipped.has('docs/tests.md')).toBe(true)
    const relative = links.filter((link) => !/^[a-z][a-z+.-]*:/i.test(link.target))
    expect(relative.length).toBeGreaterThan(20)
    const broken: string[] = []
    for (const link of relative) {
      const [path, anchor] = link.target.split('#') as [string, string | undefined]
      const file = path === '' ? link.from : normalize(join(dirname(link.from), decodeURIComponent(path))).replace(/\/$/, '')
      const isShipped = shipped.has(file) || [...shipped].some((name) => name.startsWith(`${file}/`))
      if (!isShipped) broken.push(`${where(link)} (${file} is not in the package)`)
      else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${where(link)} (${file} has no heading #${anchor})`)
    }
    expect(broken).toEqual([])
  })

  it('links to the design notes, which the package does not ship, in the repository', () => {
    expect(packageJson.repository?.url).toBe(`git+${REPOSITORY}.git`)
    const toRepository = links.filter((link) => link.target.startsWith(`${REPOSITORY}/`))
    expect(toRepository.some((link) => link.target.includes('/decisions/'))).toBe(true)
    const missing = toRepository
      .map((link) => ({ link, path: /^\/(?:blob|tree)\/main\/([^#]*)/.exec(link.target.slice(REPOSITORY.length))?.[1] }))
      .filter(({ path }) => path === undefined || !existsSync(join(root, decodeURIComponent(path))))
      .map(({ link }) => where(link))
    expect(missing).toEqual([])
  })

  it('reads headings as GitHub anchors them: lower case, punctuation and code marks dropped', () => {
    expect([...anchorsOf('docs/tests.md')]).toContain('mockfetch-the-mock-without-interception')
    expect(anchorsOf('README.md').has('a-test-with-vitest')).toBe(true)
    expect(anchorsOf('README.md').has('no-such-heading')).toBe(false)
  })
})
