import { describe, expect, it } from 'vitest'
import { arrangeUser } from './arrange.js'
import { readStateDocument, savedWorldText, stateDocumentText } from './saved-state.js'
import { MockWorld } from './world.js'

async function savedText(world: MockWorld): Promise<string> {
  const text = await world.snapshot((snapshot) => savedWorldText(world.origin, snapshot))
  return stateDocumentText(new Date('2026-01-01T00:00:00Z'), 'kept secret', [['default', text]])
}

describe('a saved world', () => {
  it('loads back with its users, settings, sessions and clock, and goes on making new ids where it stopped', async () => {
    const world = new MockWorld({ tokenSecret: 'secret' })
    await world.loaded()
    await arrangeUser(world, { email: 'ada@acme.com', name: 'Ada', lastName: 'L' })
    const owner = world.users().find((u) => u.email === 'olivia.bennett@acme.com')!
    world.store.account.setUserSettings(owner.id, world.store.account.userSettings(owner.id).merge({ theme: 'dark' }))
    const session = world.sessions.start(owner)
    world.clock.advance('10m')
    const saved = readStateDocument(await savedText(world))
    expect(saved.tokenSecret).toBe('kept secret')

    const loaded = new MockWorld({ tokenSecret: 'secret' })
    await loaded.restore(saved.worlds[0]!.snapshot)
    expect(loaded.users().map((u) => u.email)).toEqual(world.users().map((u) => u.email))
    expect(loaded.store.account.userSettings(owner.id).view()).toEqual({ theme: 'dark' })
    expect(loaded.sessions.accessTokenSession(session.accessToken)?.userId).toBe(owner.id)
    expect(loaded.clock.offsetMs).toBe(world.clock.offsetMs)
    const [next, nextAfterLoad] = await Promise.all([arrangeUser(world, { email: 'x@acme.com', name: 'X', lastName: 'Y' }), arrangeUser(loaded, { email: 'x@acme.com', name: 'X', lastName: 'Y' })])
    expect(nextAfterLoad.user.id).toBe(next.user.id)
    expect(loaded.users().filter((u) => u.id === nextAfterLoad.user.id)).toHaveLength(1)
  })

  it('keeps MFA set-ups, passkeys with their counters and challenges, failed attempts and a sign-in waiting for its MFA step', async () => {
    const world = new MockWorld({ tokenSecret: 'secret' })
    await world.loaded()
    const jane = world.users().find((u) => u.email === 'jane.smith@acme.com')!
    const mfa = {
      enabledMethods: ['GOOGLE_AUTH' as const, 'PASSKEY' as const], verifiedMethods: ['GOOGLE_AUTH' as const, 'PASSKEY' as const], totpSecret: 'JBSWY3DPEHPK3PXP', backupCodes: ['ab12-cd34'], failedAttempts: 2,
      passkeys: [{ id: 'Hn3VjV7rB0k5m2v8Qy1qUw', publicKey: 'pQECAyYgASFYIA', counter: 7, transports: ['internal'], createdAt: '2026-01-01T00:00:00.000Z' }],
      passkeyAuthentication: { challenge: 'q0Ns5F1sY6hXyE1zGm3VbUzqv8c0M1yQ2bX6oJtXb0k', expiresAt: 1_767_225_900_000 },
    }
    world.store.account.setMfa(jane.id, mfa)
    const waiting = world.sessions.start(jane, { loginMethod: 'PASSWORD', mfaPending: true })
    const loaded = new MockWorld({ tokenSecret: 'secret' })
    await loaded.restore(readStateDocument(await savedText(world)).worlds[0]!.snapshot)
    expect(loaded.store.account.mfaOf(jane.id)).toEqual(mfa)
    expect(loaded.totpCode(jane.email).code).toBe(world.totpCode(jane.email).code)
    expect(loaded.sessions.accessTokenSession(waiting.accessToken)?.mfaPending).toBe(true)
    await loaded.reset()
    expect(loaded.store.account.mfaOf(jane.id)).toEqual({ enabledMethods: [] })
  })

  it('goes back to its fixture on reset', async () => {
    const world = new MockWorld({ fixture: 'empty' })
    await arrangeUser(world, { email: 'made@empty.example', name: 'M', lastName: 'E' })
    const loaded = new MockWorld({ fixture: 'empty' })
    await loaded.restore(readStateDocument(await savedText(world)).worlds[0]!.snapshot)
    expect(loaded.userCount()).toBe(2)
    await loaded.reset()
    expect(loaded.userCount()).toBe(1)
  })
})

describe('readStateDocument', () => {
  it('names every broken record of every world, and how many more there are past ten', () => {
    const world = { origin: { fixture: 'default', seed: 1 }, sections: { store: { organizations: [], users: Array.from({ length: 12 }, (_, i) => ({ id: `u${i}` })), subscriptions: [], settings: { users: {}, organizations: {} }, mfa: {}, keys: [] }, sessions: [], clock: { offsetMs: 0 }, random: { state: [1, 2, 3, 4] } } }
    const text = JSON.stringify({ format: 'flashback-mock/state', version: 1, savedAt: 'now', worlds: { default: world } })
    expect(() => readStateDocument(text)).toThrow(/^\d+ problems: worlds\["default"\]\.sections\.store\.users\[0\]: email is required; .*; and \d+ more$/)
  })
})

describe('the mail section', () => {
  const sections = { store: { organizations: [], users: [], subscriptions: [], settings: { users: {}, organizations: {} }, mfa: {}, keys: [] }, sessions: [], clock: { offsetMs: 0 }, random: { state: [1, 2, 3, 4] } }
  const documentWith = (extra: object) => JSON.stringify({ format: 'flashback-mock/state', version: 1, savedAt: 'now', worlds: { default: { origin: { fixture: 'empty', seed: 1 }, sections: { ...sections, ...extra } } } })

  it('loads a file saved before there was an outbox, with the outbox empty', async () => {
    const saved = readStateDocument(documentWith({}))
    expect(saved.worlds[0]!.snapshot.mail).toBeUndefined()
    const world = new MockWorld({ fixture: 'empty' })
    await world.restore(saved.worlds[0]!.snapshot)
    expect(world.store.outbox.list()).toEqual([])
  })

  it('names an e-mail or a token it cannot load', () => {
    const mail = { outbox: [{ to: 'a@b.c', kind: 'newsletter', subject: 's', token: 't', link: 'l', sentAt: 'now' }], tokens: [{ id: 'i', userId: 'u', kind: 'verification', token: 5, expiresAt: 0 }] }
    expect(() => readStateDocument(documentWith({ mail }))).toThrow(
      '2 problems: worlds["default"].sections.mail.outbox[0] is not an e-mail (to, kind, subject, token, link, sentAt); worlds["default"].sections.mail.tokens[0] is not an e-mail token (id, userId, kind, token, expiresAt)',
    )
  })
})

describe('the sessions section', () => {
  const laptop = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP' as const, os: 'Linux', browser: 'Firefox' }
  const session = { id: 's1', userId: 'u1', createdAt: 0, refreshExpiresAt: 10, refreshTokens: 1, accessTokens: 1, accessValidFrom: 1, accessExpiresAt: 5, lastUsedAt: null, revokedAt: null }
  const sections = { store: { organizations: [], users: [], subscriptions: [], settings: { users: {}, organizations: {} }, mfa: {}, keys: [] }, clock: { offsetMs: 0 }, random: { state: [1, 2, 3, 4] } }
  const documentWith = (sessions: object[]) => JSON.stringify({ format: 'flashback-mock/state', version: 1, savedAt: 'now', worlds: { default: { origin: { fixture: 'empty', seed: 1 }, sections: { ...sections, sessions } } } })

  it("keeps each session's device, its trust and where it came from", async () => {
    const world = new MockWorld({ tokenSecret: 'secret' })
    await world.loaded()
    const owner = world.users().find((u) => u.email === 'olivia.bennett@acme.com')!
    const issued = world.sessions.start(owner, { loginMethod: 'PASSWORD', device: { ...laptop, ipAddress: '192.0.2.1' } })
    const trustedUntil = world.clock.nowMs() + 1000
    world.sessions.devicesOf(owner.id)[0]!.trustedUntil = trustedUntil
    const loaded = new MockWorld({ tokenSecret: 'secret' })
    await loaded.restore(readStateDocument(await savedText(world)).worlds[0]!.snapshot)
    expect(loaded.sessions.liveSession(owner.id, issued.tokenId)).toMatchObject({ loginMethod: 'PASSWORD', ipAddress: '192.0.2.1', device: { ...laptop, trustedUntil } })
  })

  it('gives two sessions of one device one device again, so trusting it trusts both', async () => {
    const world = new MockWorld({ tokenSecret: 'secret' })
    await world.loaded()
    const owner = world.users().find((u) => u.email === 'olivia.bennett@acme.com')!
    const first = world.sessions.start(owner, { loginMethod: 'PASSWORD', device: { ...laptop, ipAddress: '192.0.2.1' } })
    const second = world.sessions.start(owner, { loginMethod: 'PASSWORD', device: { ...laptop, ipAddress: '192.0.2.1' } })
    const loaded = new MockWorld({ tokenSecret: 'secret' })
    await loaded.restore(readStateDocument(await savedText(world)).worlds[0]!.snapshot)
    expect(loaded.sessions.devicesOf(owner.id)).toHaveLength(1)
    loaded.sessions.devicesOf(owner.id)[0]!.trustedUntil = loaded.clock.nowMs() + 1000
    expect(loaded.sessions.liveSession(owner.id, first.tokenId)!.device).toBe(loaded.sessions.liveSession(owner.id, second.tokenId)!.device)
  })

  it('loads sessions saved before devices were recorded, as password sign-ins last active when they started', async () => {
    expect(readStateDocument(documentWith([session])).worlds[0]!.snapshot.sessions).toEqual([session])
    const now = Date.now()
    const live = { ...session, createdAt: now, refreshExpiresAt: now + 86_400_000, accessValidFrom: now, accessExpiresAt: now + 3_600_000 }
    const loaded = new MockWorld({ tokenSecret: 'secret', fixture: 'empty' })
    await loaded.restore(readStateDocument(documentWith([live])).worlds[0]!.snapshot)
    expect(loaded.sessions.liveSessions().map(({ id, loginMethod, lastActivityAt, ipAddress, device }) => ({ id, loginMethod, lastActivityAt, ipAddress, device }))).toEqual([
      { id: 's1', loginMethod: 'PASSWORD', lastActivityAt: now, ipAddress: null, device: null },
    ])
  })

  it('names a session whose device or origin it cannot load', () => {
    const broken = { ...session, loginMethod: 7, device: { ...laptop, deviceType: 'WATCH', id: 'd', fingerprint: 'f', createdAt: 0, trustedUntil: null } }
    expect(() => readStateDocument(documentWith([broken]))).toThrow(
      '2 problems: worlds["default"].sections.sessions[0].loginMethod must be a string; worlds["default"].sections.sessions[0].device is not a device (id, fingerprint, userAgent, os, browser, deviceType DESKTOP/MOBILE/TABLET, createdAt, trustedUntil)',
    )
  })
})
