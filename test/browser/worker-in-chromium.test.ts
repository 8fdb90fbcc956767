import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { servePage } from './serve-page.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium and the served pages, for one describe block: `browser()` and `page()` once started. */
function useChromiumAndPage() {
  let browser: Browser
  let page: Awaited<ReturnType<typeof servePage>>
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`)
    page = await servePage()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    page?.server.close()
  })
  return { browser: () => browser, page: () => page }
}

describe('the mock in a real browser, served by msw service worker', () => {
  const { browser, page } = useChromiumAndPage()

  const consoleMessages: string[] = []
  async function open(as: string, fixture = 'default') {
    const tab = await browser().newPage()
    tab.on('console', (message) => consoleMessages.push(message.text()))
    await tab.goto(`${page().url}/?as=${as}&fixture=${fixture}`)
    await tab.waitForSelector('body[data-done="true"]', { timeout: 30_000 })
    return tab
  }

  it('sets TOTP up and signs in with it, the codes made and checked inside the page', async () => {
    const tab = await browser().newPage()
    await tab.goto(`${page().url}/?flow=mfa`)
    await tab.waitForSelector('body[data-done="true"]', { timeout: 30_000 })
    expect(await tab.locator('#mfa').textContent()).toBe('mfaRequired true, then MFA verification successful')
    await tab.close()
  })

  it('lists the users to a WORKSPACES user', async () => {
    const tab = await open('WORKSPACES')
    const names = await tab.locator('li').allTextContents()
    expect(names).toContain('John Doe')
    expect(names).toContain('Jane Smith')
    expect(await tab.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  })

  it('runs the worker script of the installed msw, so msw reports no version mismatch', async () => {
    consoleMessages.length = 0
    await open('WORKSPACES')
    expect(consoleMessages.filter((text) => text.includes('[MSW]'))).toEqual([])
  })

  it('loads faker’s English data only for a fixture that generates users', async () => {
    const fakerChunk = (paths: string[]) => paths.some((path) => path.startsWith('/english-faker'))
    page().requested.length = 0
    await open('OWNER')
    expect(fakerChunk(page().requested)).toBe(false)
    const tab = await open('OWNER', 'large')
    expect(fakerChunk(page().requested)).toBe(true)
    expect(await tab.locator('li').count()).toBeGreaterThan(1000)
  })

  it('shows the 403 to a USER', async () => {
    const tab = await open('USER')
    expect(await tab.locator('.error').textContent()).toBe('403: you may not list the users of this organization')
  })
})

describe("the documentation's Storybook stories in a real browser", () => {
  const { browser, page } = useChromiumAndPage()

  async function story(name: string, file = 'MembersPage.stories.ts') {
    const tab = await browser().newPage()
    await tab.goto(`${page().url}/stories?file=${file}&story=${name}`)
    await tab.waitForSelector('body[data-done="true"]', { timeout: 30_000 })
    return tab
  }

  it("renders the README's story signed in as John Doe", async () => {
    expect(await (await story('Members', 'Members.stories.ts')).locator('li').allTextContents()).toContain('Jane Smith')
  })

  it('renders each fixture story signed in with the token docs/storybook.md names, and fetches faker for Large only', async () => {
    const fakerChunk = () => page().requested.some((path) => path.startsWith('/english-faker'))
    page().requested.length = 0
    expect(await (await story('Members')).locator('li').allTextContents()).toContain('John Doe')
    expect(await (await story('Empty')).locator('li').allTextContents()).toEqual(['Olga Owner'])
    expect(fakerChunk()).toBe(false)
    expect(await (await story('Large')).locator('li').count()).toBeGreaterThan(1000)
    expect(fakerChunk()).toBe(true)
  })

  it('shows the 500 of the ServerError story', async () => {
    expect(await (await story('ServerError')).locator('.error').textContent()).toBe('500')
  })

  it("is slow in the Slow story: msw's realistic browser delay", async () => {
    const tab = await story('Slow')
    expect(Number(await tab.evaluate(() => document.body.dataset.elapsed))).toBeGreaterThanOrEqual(100)
    expect(await tab.locator('li').count()).toBeGreaterThan(1)
  })
})
