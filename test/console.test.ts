import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { operationSpecs } from '../src/spec/operations.js'
import { useStandaloneServer } from './support/transports.js'

const { url } = useStandaloneServer({ controlToken: 's3cret' })

/** Every file the page loads: the page, then each module it imports, followed until none is new. */
async function pageAndModules(): Promise<Map<string, Response & { text_: string }>> {
  const loaded = new Map<string, Response & { text_: string }>()
  const queue = ['/__mock/']
  while (queue.length > 0) {
    const path = queue.shift()!
    if (loaded.has(path)) continue
    const response = await fetch(`${url()}${path}`)
    const text = await response.text()
    loaded.set(path, Object.assign(response, { text_: text }))
    const base = new URL(path, 'http://x')
    const imports = [...text.matchAll(/(?:src="([^"]+\.js)"|from\s*["'](\.[^"']+)["'])/g)].map((m) => new URL(m[1] ?? m[2]!, base).pathname)
    queue.push(...imports)
  }
  return loaded
}

describe('the console at /__mock/', () => {
  it('serves the page and its modules from the package, without the control token, within 60 KB gzipped', async () => {
    const files = await pageAndModules()
    expect([...files.keys()].sort()).toEqual(['/__mock/', '/__mock/console.js', '/__mock/vendor/hooks.mjs', '/__mock/vendor/htm.mjs', '/__mock/vendor/preact.mjs'])
    for (const [path, response] of files) {
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(path.endsWith('/') ? /^text\/html/ : /^text\/javascript/)
    }
    const gzipped = [...files.values()].reduce((sum, file) => sum + gzipSync(file.text_).byteLength, 0)
    expect(gzipped).toBeLessThanOrEqual(60 * 1024)
  })

  it('loads nothing from another origin and runs no inline script (its Content-Security-Policy says so)', async () => {
    const page = await fetch(`${url()}/__mock/`)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'")
    expect(await page.text()).not.toMatch(/https?:\/\//)
  })

  it('lists every operation of the document for a fault, in a data block the page reads', async () => {
    const text = await (await fetch(`${url()}/__mock/`)).text()
    const data = JSON.parse(/<script type="application\/json" id="operations">(.*?)<\/script>/s.exec(text)![1]!)
    expect(data.map((o: { id: string }) => o.id)).toEqual(operationSpecs.map((o) => o.id))
  })

  it('sends /__mock to /__mock/ and still guards the control API with the token', async () => {
    const bare = await fetch(`${url()}/__mock`, { redirect: 'manual' })
    expect(bare.status).toBe(308)
    expect(bare.headers.get('location')).toBe('/__mock/')
    expect((await fetch(`${url()}/__mock/users`)).status).toBe(401)
  })
})
