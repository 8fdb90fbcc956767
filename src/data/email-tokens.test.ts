import { describe, expect, it } from 'vitest'
import { EmailTokens } from './email-tokens.js'

let ids = 0
const newId = () => `id-${++ids}`

describe('EmailTokens', () => {
  it('finds a live token of the kinds asked for, and tells an expired one from an unknown one', () => {
    const tokens = new EmailTokens()
    tokens.issue('ann', 'verification', 't1', 1000, newId)
    expect(tokens.find('t1', ['verification', 'invitation'], 999)).toMatchObject({ userId: 'ann', kind: 'verification' })
    expect(tokens.find('t1', ['verification'], 1000)).toBe('expired')
    expect(tokens.find('t1', ['password-reset'], 0)).toBe('invalid')
    expect(tokens.find('nope', ['verification'], 0)).toBe('invalid')
  })

  it('replaces the earlier token of a kind on a resend, keeping the id', () => {
    const tokens = new EmailTokens()
    const first = tokens.issue('ann', 'verification', 't1', 1000, newId)
    const second = tokens.issue('ann', 'verification', 't2', 2000, newId)
    expect(second.id).toBe(first.id)
    expect(tokens.find('t1', ['verification'], 0)).toBe('invalid')
    expect(tokens.find('t2', ['verification'], 0)).toMatchObject({ id: first.id })
    expect(tokens.byId(first.id)).toMatchObject({ token: 't2', expiresAt: 2000 })
  })

  it('keeps kinds apart, and a used token works no more while its id is still known', () => {
    const tokens = new EmailTokens()
    const verification = tokens.issue('ann', 'verification', 't1', 1000, newId)
    tokens.issue('ann', 'password-reset', 'r1', 1000, newId)
    tokens.use('t1')
    expect(tokens.find('t1', ['verification'], 0)).toBe('invalid')
    expect(tokens.find('r1', ['password-reset'], 0)).toMatchObject({ kind: 'password-reset' })
    expect(tokens.byId(verification.id)).toMatchObject({ token: null })
  })
})
