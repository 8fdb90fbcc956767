import { describe, expect, it } from 'vitest'
import { acceptsOrigin, relyingPartyOf } from './passkeys.js'

describe('the relying party of passkeys', () => {
  it("takes the app's host name as rpId unless one is given", () => {
    expect(relyingPartyOf('https://app.flashback.tech')).toEqual({ id: 'app.flashback.tech', name: 'Flashback', appOrigin: 'https://app.flashback.tech' })
    expect(relyingPartyOf('http://localhost:5173/app', 'LocalHost').id).toBe('localhost')
    expect(() => relyingPartyOf('http://localhost:5173', 'https://evil.example')).toThrow(/passkeyRpId must be a host name/)
  })

  it("accepts the app's origin and pages on the rpId or under it, over http only on this machine", () => {
    const app = relyingPartyOf('https://app.flashback.tech')
    expect(acceptsOrigin(app, 'https://app.flashback.tech')).toBe(true)
    expect(acceptsOrigin(app, 'https://eu.app.flashback.tech')).toBe(true)
    expect(acceptsOrigin(app, 'http://app.flashback.tech')).toBe(false)
    expect(acceptsOrigin(app, 'https://flashback.tech')).toBe(false)
    expect(acceptsOrigin(app, 'https://evilapp.flashback.tech.example')).toBe(false)
    const local = relyingPartyOf('http://localhost:5173')
    expect(acceptsOrigin(local, 'http://localhost:6006')).toBe(true)
    expect(acceptsOrigin(local, 'http://storybook.localhost:6006')).toBe(true)
    expect(acceptsOrigin(local, 'http://127.0.0.1:5173')).toBe(false)
    expect(acceptsOrigin(local, 'null')).toBe(false)
  })
})
