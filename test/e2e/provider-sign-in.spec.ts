// "Sign in with Google" end to end in Chromium: the app sends the browser to the mock's consent page, the tester
// picks who signs in, and the app exchanges the code it gets back for a session, in the test's own world.
import { expect, test } from '../../src/playwright.js'

test('signs a fixture user in through the consent page and the code exchange', async ({ page }) => {
  await page.goto('/sign-in')
  await page.getByRole('link', { name: 'Sign in with Google' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in with Google' })).toBeVisible()
  await page.getByRole('link', { name: /Jane Smith <jane\.smith@acme\.com>/ }).click()
  await expect(page.locator('#signed-in')).toHaveText('Signed in as jane.smith@acme.com with GOOGLE')
  await expect(page.locator('#profile')).toHaveText('Jane Smith, role 0')
})

test('signs a new user in with an e-mail typed on the consent page, as the owner of a new organization', async ({ page, mockWorld }) => {
  await page.goto('/sign-in')
  await page.getByRole('link', { name: 'Sign in with Google' }).click()
  await page.getByLabel('Another e-mail (a new user)').fill('grace.hopper@gmail.com')
  await page.keyboard.press('Enter')
  await expect(page.locator('#signed-in')).toHaveText('Signed in as grace.hopper@gmail.com with GOOGLE')
  await expect(page.locator('#profile')).toHaveText('Grace Hopper, role 255')
  expect((await mockWorld.users()).map((u) => u.email)).toContain('grace.hopper@gmail.com')
})

test('signs in with a GitHub code the Playwright helper grants, in the test\'s own world', async ({ request, mockWorld }) => {
  const { code } = await mockWorld.grantSignIn('github', 'jane.smith@acme.com')
  const signedIn = await request.post(`${mockWorld.url}/auth/github`, { headers: mockWorld.headers, data: { code } })
  expect(signedIn.status()).toBe(200)
  const { authState } = (await signedIn.json()) as { authState: { token: string; provider: string } }
  expect(authState.provider).toBe('GITHUB')
  const profile = await request.get(`${mockWorld.url}/user/profile`, { headers: { ...mockWorld.headers, Authorization: `Bearer ${authState.token}` } })
  expect(profile.status()).toBe(200)
})
