import { describe, expect, it } from 'vitest'
import { OUTBOX_LIMIT, Outbox, type OutboxMessage } from './outbox.js'

const message = (to: string, n: number, kind: OutboxMessage['kind'] = 'verification'): OutboxMessage => ({
  to, kind, subject: `Message ${n}`, token: `token-${n}`, link: `https://app.example/verify-email?token=token-${n}`, sentAt: new Date(n).toISOString(),
})

describe('Outbox', () => {
  it('lists messages oldest first, by recipient in any case and by kind', () => {
    const outbox = new Outbox()
    outbox.send(message('Ann@Example.com', 1))
    outbox.send(message('bob@example.com', 2, 'password-reset'))
    outbox.send(message('ann@example.com', 3, 'password-reset'))
    expect(outbox.list().map((m) => m.token)).toEqual(['token-1', 'token-2', 'token-3'])
    expect(outbox.list({ to: 'ANN@example.com' }).map((m) => m.token)).toEqual(['token-1', 'token-3'])
    expect(outbox.list({ kind: 'password-reset' }).map((m) => m.token)).toEqual(['token-2', 'token-3'])
    expect(outbox.latest('ann@example.com')?.token).toBe('token-3')
    expect(outbox.latest('ann@example.com', 'verification')?.token).toBe('token-1')
    expect(outbox.latest('carol@example.com')).toBeUndefined()
  })

  it('hands out copies, so a test changing one changes nothing kept', () => {
    const outbox = new Outbox()
    outbox.send(message('ann@example.com', 1))
    outbox.list()[0]!.token = 'changed'
    expect(outbox.latest('ann@example.com')?.token).toBe('token-1')
  })

  it(`keeps the newest ${OUTBOX_LIMIT} messages, dropping the oldest`, () => {
    const outbox = new Outbox()
    for (let n = 1; n <= OUTBOX_LIMIT * 2 + 5; n++) outbox.send(message('ann@example.com', n))
    const kept = outbox.list()
    expect(kept).toHaveLength(OUTBOX_LIMIT)
    expect(outbox.size).toBe(OUTBOX_LIMIT)
    expect(kept[0]!.token).toBe(`token-${OUTBOX_LIMIT + 6}`)
    expect(kept.at(-1)!.token).toBe(`token-${OUTBOX_LIMIT * 2 + 5}`)
    expect(outbox.latest('ann@example.com', 'verification')?.token).toBe(`token-${OUTBOX_LIMIT * 2 + 5}`)
  })

  it('forgets everything on clear', () => {
    const outbox = new Outbox()
    outbox.send(message('ann@example.com', 1))
    outbox.clear()
    expect(outbox.list()).toEqual([])
    expect(outbox.latest('ann@example.com')).toBeUndefined()
  })
})
