// The outbox per world: parallel tests each reset Jane's password in their own world, read the reset e-mail
// through the Playwright fixture and see only their own e-mails.
import { expect, test } from '../../src/playwright.js'

const JANE = 'jane.smith@acme.com'

for (let i = 0; i < 4; i++) {
  test(`reset ${i}: asks a password reset, finds only its own world's e-mail and signs in with the new password`, async ({ request, mockWorld }) => {
    const asked = await request.post(`${mockWorld.url}/user/request-reset-password`, { data: { email: JANE } })
    expect(asked.status()).toBe(200)
    const mails = await mockWorld.outbox({ to: JANE })
    expect(mails.map((m) => m.kind)).toEqual(['password-reset'])
    const mail = (await mockWorld.latestEmail(JANE, 'password-reset'))!
    expect(mail.link).toBe(`https://app.flashback.tech/reset-password?token=${mail.token}`)

    const newPassword = `NewPass${i}word9`
    expect((await request.post(`${mockWorld.url}/user/reset-password`, { data: { token: mail.token, newPassword } })).status()).toBe(200)
    expect((await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: 'Password123!' } })).status()).toBe(401)
    expect((await request.post(`${mockWorld.url}/user/login`, { data: { email: JANE, password: newPassword } })).status()).toBe(200)
    expect(await mockWorld.outbox()).toHaveLength(1)
  })
}
