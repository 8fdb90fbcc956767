// The console at /__mock/ in Chromium: each test opens it on a world of its own, acts through the page (mouse and
// keyboard) and checks the effect through the API, as a developer's app would see it.
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from '../../src/playwright.js'
import { GUARDED_PORT, GUARDED_TOKEN } from './guarded-server.js'

const JANE = 'jane.smith@acme.com'
const OWNER = 'olivia.bennett@acme.com'
const RAPHAEL = 'raphael_howell@acme.com'
const APP_URL = 'http://127.0.0.1:4412/'

async function openConsole(page: Page, mockUrl: string, world: string) {
  await page.goto(`${mockUrl}/__mock/?world=${world}`)
  await expect(page.getByRole('button', { name: `Sign in as ${JANE}` })).toBeVisible()
}

test('signing in as a user in the page yields a working token, opens the app signed in, and moving the clock in the page expires it', async ({ page, request, mockWorld, context }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  await page.getByRole('button', { name: `Sign in as ${OWNER}` }).click()
  await expect(page.locator('#sign-in')).toContainText(`Signed in as ${OWNER} (OWNER)`)
  const accessToken = await page.getByLabel('Access token', { exact: true }).inputValue()
  const profile = () => request.get(`${mockWorld.url}/user/profile`, { headers: { Authorization: `Bearer ${accessToken}` } })
  expect((await profile()).status()).toBe(200)

  await page.getByLabel("Your app's sign-in path", { exact: true }).fill(APP_URL)
  const link = page.getByRole('link', { name: 'Open the app signed in' })
  expect(await link.getAttribute('href')).toMatch(new RegExp(`^${APP_URL}#access_token=${accessToken}&refresh_token=`))
  const [app] = await Promise.all([context.waitForEvent('page'), link.click()])
  // The app read the session from its URL's fragment and listed the team with it.
  await expect(app.locator('#count')).toHaveText('10')
  await app.close()

  // From the keyboard: the advance field, then Enter.
  await page.getByLabel('Advance by', { exact: true }).focus()
  await page.keyboard.press('Control+A')
  await page.keyboard.type('61m')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status')).toContainText("The mock's clock is now")
  await expect(page.locator('#clock')).toContainText('1h 1m')
  expect((await profile()).status()).toBe(401)
  const journal = await mockWorld.journal({ operationId: 'getUserProfile' })
  expect(journal.map((entry) => entry.status)).toEqual([200, 401])
})

test('a fault added in the page fails the next API call, counts down, and is removed in the page', async ({ page, request, mockWorld }) => {
  const token = await mockWorld.tokenFor(OWNER)
  const list = () => request.get(`${mockWorld.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
  await openConsole(page, mockWorld.url, mockWorld.name)
  const faults = page.locator('#faults')
  await expect(faults).toContainText('StrictMode')
  await faults.getByLabel('Operation', { exact: true }).selectOption('listOrganizationUsers')
  await faults.getByLabel('Status', { exact: true }).fill('503')
  await faults.getByLabel('Times', { exact: true }).fill('3')
  await faults.getByRole('button', { name: 'Add the fault' }).click()
  await expect(faults.getByRole('row').filter({ hasText: 'listOrganizationUsers' })).toContainText('answers 503')
  expect((await list()).status()).toBe(503)
  await expect(faults.getByRole('row').filter({ hasText: 'listOrganizationUsers' }).getByRole('cell').nth(2)).toHaveText('2')
  await faults.getByRole('button', { name: /^Remove fault \d+: listOrganizationUsers answers 503$/ }).click()
  await expect(faults).toContainText('No fault or delay is active.')
  expect((await list()).status()).toBe(200)
})

test('a request made outside the page shows in the journal within a second, with its caller, role and body, and the filters narrow it', async ({ page, mockWorld, playwright }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const journal = page.locator('#journal')
  await expect(journal.getByText('live', { exact: true })).toBeVisible()
  const token = await mockWorld.tokenFor(OWNER)
  // A plain HTTP client, as curl would send it: only the world header and the token.
  const outside = await playwright.request.newContext({ extraHTTPHeaders: { 'x-mock-world': mockWorld.name } })
  await outside.get(`${mockWorld.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
  const row = journal.getByRole('row').filter({ hasText: 'GET /organization/users' })
  await expect(row).toContainText(`${OWNER} (OWNER)`, { timeout: 1000 })
  await expect(row).toContainText('listOrganizationUsers')
  await outside.get(`${mockWorld.url}/user/profile`)
  await expect(journal.getByRole('row').filter({ hasText: 'GET /user/profile' })).toContainText('violation: unauthenticated', { timeout: 1000 })
  await outside.dispose()

  await row.getByRole('button', { name: /^Show the bodies of request \d+$/ }).click()
  await expect(journal.locator('pre').nth(1)).toContainText('"email": "jane.smith@acme.com"')
  await journal.getByLabel('Status', { exact: true }).selectOption('4xx')
  await expect(journal.getByRole('row').filter({ hasText: 'GET /' })).toHaveCount(1)
  await journal.getByLabel('Status', { exact: true }).selectOption('')
  await journal.getByLabel('Caller', { exact: true }).fill('olivia')
  await expect(journal.getByRole('row').filter({ hasText: 'GET /' })).toHaveText([/GET \/organization\/users/])
})

test('the fixture, the reset and the expiry of a user\'s tokens act on the world', async ({ page, request, mockWorld }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const login = await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: 'Password123!' } })
  const { accessToken } = (await login.json()) as { accessToken: string }
  await page.locator('#clock').getByLabel('Expire the access tokens of', { exact: true }).selectOption(JANE)
  await page.getByRole('button', { name: 'Expire now' }).click()
  await expect(page.getByRole('status')).toHaveText('1 access tokens expired')
  expect((await request.get(`${mockWorld.url}/user/profile`, { headers: { Authorization: `Bearer ${accessToken}` } })).status()).toBe(401)

  await page.getByLabel('Fixture', { exact: true }).selectOption('empty')
  await page.getByRole('button', { name: 'Load the fixture' }).click()
  await expect(page.getByRole('status')).toContainText('Fixture "empty" loaded')
  const emptyUsers = (await mockWorld.users()).length
  await page.getByLabel('Fixture', { exact: true }).selectOption('default')
  await page.getByRole('button', { name: 'Load the fixture' }).click()
  await expect(page.getByRole('button', { name: `Sign in as ${JANE}` })).toBeVisible()
  expect((await mockWorld.users()).length).toBeGreaterThan(emptyUsers)

  await mockWorld.fail('getOrganization', { status: 500 })
  await page.getByRole('button', { name: 'Reset the world' }).click()
  await expect(page.getByRole('status')).toHaveText('The world is reset to its fixture')
  await expect(page.locator('#faults')).toContainText('No fault or delay is active.')
})

test('a page left open on a dropped world says it is gone and makes nothing until asked', async ({ page, mockWorld, playwright }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const plain = await playwright.request.newContext()
  expect((await plain.delete(`${mockWorld.url}/__mock/worlds/${mockWorld.name}`)).status()).toBe(200)
  // The page learns it from its next action (a reset here) or on its own, when the journal's stream ends or the
  // worlds list no longer has it: whichever comes first, it must say the world is gone and make nothing.
  const reset = page.getByRole('button', { name: 'Reset the world' })
  const gone = page.getByRole('heading', { name: `World "${mockWorld.name}" is gone` })
  await expect(reset.or(gone)).toBeVisible()
  if (await reset.isVisible()) await reset.click({ timeout: 2000 }).catch(() => undefined)
  await expect(gone).toBeVisible()
  const names = async () => ((await (await plain.get(`${mockWorld.url}/__mock/worlds`)).json()) as { worlds: { name: string }[] }).worlds.map((w) => w.name)
  expect(await names()).not.toContain(mockWorld.name)
  await page.getByRole('button', { name: `Make "${mockWorld.name}" again` }).click()
  await expect(page.getByRole('button', { name: `Sign in as ${JANE}` })).toBeVisible()
  expect(await names()).toContain(mockWorld.name)
  await plain.dispose()
})

test('with --control-token, the page asks for the token, keeps it out of the URL and sends it as the header', async ({ page }) => {
  // The world named, not the one of this context's cookie (cookies ignore ports: it is for the other server).
  const url = `http://127.0.0.1:${GUARDED_PORT}/__mock/?world=default`
  await page.goto(url)
  const field = page.getByRole('textbox', { name: 'Control token' })
  await expect(field).toBeFocused()
  await field.fill('wrong')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert')).toHaveText('The server refused that token.')
  const sent: (string | null)[] = []
  page.on('request', (r) => r.url().includes('/__mock/users') && sent.push(r.headers()['x-control-token'] ?? null))
  await page.getByRole('textbox', { name: 'Control token' }).fill(GUARDED_TOKEN)
  await page.getByRole('button', { name: 'Use the token' }).click()
  await expect(page.getByRole('button', { name: `Sign in as ${JANE}` })).toBeVisible()
  expect(page.url()).toBe(url)
  expect(sent.at(-1)).toBe(GUARDED_TOKEN)
})

test('an e-mail the API sends shows in the outbox panel with its link, and clearing it in the page empties the world\'s outbox', async ({ page, request, mockWorld }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const outbox = page.locator('#outbox')
  await expect(outbox).toContainText('No e-mail.')
  await request.post(`${mockWorld.url}/user/request-reset-password`, { data: { email: JANE } })
  const row = outbox.getByRole('row').filter({ hasText: JANE })
  await expect(row).toContainText('password reset')
  const mail = (await mockWorld.latestEmail(JANE, 'password-reset'))!
  expect(await row.getByRole('link', { name: 'Open the link' }).getAttribute('href')).toBe(mail.link)
  await outbox.getByLabel('Recipient', { exact: true }).fill('someone.else@')
  await expect(outbox).toContainText('No e-mail to this recipient.')
  await outbox.getByLabel('Recipient', { exact: true }).fill('jane')
  await expect(row).toBeVisible()
  await outbox.getByRole('button', { name: 'Clear the outbox' }).click()
  await expect(page.getByRole('status')).toContainText('The outbox is empty')
  expect(await mockWorld.outbox()).toEqual([])
  // The e-mail is gone from the outbox, its token still resets the password.
  expect((await request.post(`${mockWorld.url}/user/reset-password`, { data: { token: mail.token, newPassword: 'NewSecurePass456' } })).status()).toBe(200)
})

test('has no serious or critical accessibility violation, and the README shows it', async ({ page, mockWorld, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  // First, so the journal's newest entry (whose bodies are shown) stays the short one it was.
  const deviceInfo = { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/120.0.0.0 Safari/537.36', deviceType: 'DESKTOP', os: 'macOS', browser: 'Chrome', ipAddress: '192.0.2.7' }
  await request.post(`${mockWorld.url}/user/login`, { data: { email: OWNER, password: 'Password123!', deviceInfo } })
  const token = await mockWorld.tokenFor(OWNER)
  await request.get(`${mockWorld.url}/organization/users`, { headers: { Authorization: `Bearer ${token}` } })
  await request.get(`${mockWorld.url}/organization/user/42`, { headers: { Authorization: `Bearer ${token}` } })
  await mockWorld.fail('listOrganizationUsers', { status: 503 }, { times: 2 })
  await mockWorld.clock.advance('61m')
  await request.post(`${mockWorld.url}/user/request-reset-password`, { data: { email: JANE } })
  await openConsole(page, mockWorld.url, mockWorld.name)
  await page.getByRole('button', { name: `Sign in as ${JANE}` }).click()
  await expect(page.locator('#sessions').getByRole('row').filter({ hasText: JANE })).toContainText('none')
  await expect(page.locator('#journal').getByRole('row').filter({ hasText: 'GET /organization/users' })).toBeVisible()
  await page.locator('#journal').getByRole('button', { name: /^Show the bodies of request \d+$/ }).first().click()
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
  await page.locator('#journal').getByRole('button', { name: /^Hide the bodies of request \d+$/ }).click()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: fileURLToPath(new URL('../../docs/console.png', import.meta.url)), fullPage: true })
})

test("a sign-in through the API shows in the sessions panel with its device and its trust, revoking every session empties it, and a sign-in from the page shows without a device", async ({ page, request, mockWorld }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const panel = page.locator('#sessions')
  await expect(panel).toContainText('No live session.')
  const deviceInfo = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', deviceType: 'MOBILE', os: 'iOS', browser: 'Safari', ipAddress: '192.0.2.44' }
  const login = await (await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: 'Password123!', deviceInfo } })).json()
  const row = panel.getByRole('row').filter({ hasText: JANE })
  await expect(row).toContainText('Safari on iOS (phone)')
  await expect(row).toContainText('192.0.2.44')
  await expect(row).toContainText('PASSWORD')
  const headers = { Authorization: `Bearer ${login.accessToken}` }
  const [device] = (await (await request.get(`${mockWorld.url}/devices`, { headers })).json()).devices
  await request.post(`${mockWorld.url}/devices/trust`, { headers, data: { fingerprint: device.deviceFingerprint } })
  await expect(row).toContainText('trusted until')
  await request.post(`${mockWorld.url}/sessions/revoke-all`, { headers })
  await expect(panel).toContainText('No live session.')
  // A sign-in from the page is a session too, with no device.
  await page.getByRole('button', { name: `Sign in as ${OWNER}` }).click()
  await expect(panel.getByRole('row').filter({ hasText: OWNER })).toContainText('none')
})

test("each user's MFA shows in the world panel, with an enrolled user's current TOTP code, and an enrolment through the API shows in the page", async ({ page, request, mockWorld }) => {
  await openConsole(page, mockWorld.url, mockWorld.name)
  const rowOf = (email: string) => page.locator('#world').getByRole('row').filter({ hasText: email })
  await expect(rowOf(RAPHAEL)).toContainText('TOTP (primary)')
  await expect(rowOf(RAPHAEL)).toContainText('two-step sign-in')
  await expect(rowOf(JANE)).toContainText('none')
  await expect(rowOf(JANE)).not.toContainText('two-step sign-in')

  const before = await mockWorld.totp(RAPHAEL)
  await rowOf(RAPHAEL).getByRole('button', { name: `Show the TOTP code of ${RAPHAEL}` }).click()
  const shown = page.getByText(/TOTP code of raphael_howell@acme\.com now: \d{6}/)
  await expect(shown).toBeVisible()
  const after = await mockWorld.totp(RAPHAEL)
  // The code may roll over to the next 30-second step between the two reads.
  expect([before, after]).toContain(/\d{6}$/.exec((await shown.textContent())!)![0])

  const jane = { Authorization: `Bearer ${(await mockWorld.users()).find((u) => u.email === JANE)!.token}` }
  expect((await request.post(`${mockWorld.url}/mfa/setup`, { headers: jane, data: { mfaType: 'GOOGLE_AUTH' } })).status()).toBe(200)
  expect((await request.post(`${mockWorld.url}/mfa/verify-setup`, { headers: jane, data: { mfaType: 'GOOGLE_AUTH', code: await mockWorld.totp(JANE) } })).status()).toBe(200)
  expect((await request.post(`${mockWorld.url}/mfa/enable`, { headers: jane, data: { mfaType: 'GOOGLE_AUTH' } })).status()).toBe(200)
  await expect(rowOf(JANE)).toContainText('TOTP')
  await expect(rowOf(JANE)).toContainText('two-step sign-in')
})
