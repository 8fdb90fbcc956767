import { describe, expect, it } from 'vitest'
import { BaseUrls, DEFAULT_BASE_URL, normaliseBaseUrl, pathBelow } from './base-url.js'

describe('base URLs', () => {
  it('keeps only paths under the base path, at a segment boundary', () => {
    expect(pathBelow('/api', new URL('http://x/api/user/profile'))).toBe('/user/profile')
    expect(pathBelow('/api', new URL('http://x/api'))).toBe('/')
    expect(pathBelow('/api', new URL('http://x/apiary/user/profile'))).toBeNull()
    expect(pathBelow('', new URL('http://x/user/profile'))).toBe('/user/profile')
  })

  it('defaults to the document server and drops a trailing slash', () => {
    expect(DEFAULT_BASE_URL).toBe('https://backend.flashback.tech')
    expect(normaliseBaseUrl('http://localhost:4010/api/')).toBe('http://localhost:4010/api')
  })
})

describe('BaseUrls', () => {
  it('answers under any of its base URLs and nowhere else', () => {
    const bases = new BaseUrls(['https://backend.flashback.tech', 'http://localhost:4010/api/'])
    expect(bases.primary).toBe('https://backend.flashback.tech')
    expect(bases.pathOf(new URL('https://backend.flashback.tech/user/profile'))).toBe('/user/profile')
    expect(bases.pathOf(new URL('http://localhost:4010/api/user/profile'))).toBe('/user/profile')
    expect(bases.pathOf(new URL('http://localhost:4010/user/profile'))).toBeNull()
    expect(bases.pathOf(new URL('https://api.flashback.tech/user/profile'))).toBeNull()
  })
})
