import { describe, expect, it } from 'vitest'
import { deviceFromUserAgent, fingerprintOf } from './device-details.js'

describe('deviceFromUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'DESKTOP', 'macOS', 'Chrome'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0', 'DESKTOP', 'Windows', 'Edge'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'DESKTOP', 'Linux', 'Firefox'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'MOBILE', 'iOS', 'Safari'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1', 'TABLET', 'iOS', 'Safari'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36', 'MOBILE', 'Android', 'Chrome'],
    ['Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'TABLET', 'Android', 'Chrome'],
    ['node', 'DESKTOP', 'Unknown', 'Unknown'],
  ])('reads %s as a %s with %s and %s', (userAgent, deviceType, os, browser) => {
    expect(deviceFromUserAgent(userAgent)).toEqual({ userAgent, deviceType, os, browser })
  })

  it('makes an unknown desktop of a request without the header', () => {
    expect(deviceFromUserAgent(null)).toEqual({ userAgent: '', deviceType: 'DESKTOP', os: 'Unknown', browser: 'Unknown' })
  })
})

describe('fingerprintOf', () => {
  const laptop = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', deviceType: 'DESKTOP' as const, os: 'Linux', browser: 'Firefox' }

  it('gives one device the same 16 hex digits wherever it signs in from', () => {
    expect(fingerprintOf(laptop)).toMatch(/^[0-9a-f]{16}$/)
    expect(fingerprintOf({ ...laptop, ipAddress: '192.0.2.1' })).toBe(fingerprintOf({ ...laptop, ipAddress: '198.51.100.2' }))
  })

  it('tells devices apart by user agent, system, browser or type', () => {
    const others = [{ ...laptop, userAgent: 'other' }, { ...laptop, os: 'Windows' }, { ...laptop, browser: 'Chrome' }, { ...laptop, deviceType: 'TABLET' as const }]
    expect(new Set([laptop, ...others].map(fingerprintOf)).size).toBe(5)
  })
})
