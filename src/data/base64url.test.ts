import { describe, expect, it } from 'vitest'
import { fromBase64Url, toBase64Url } from './base64url.js'

describe('base64url', () => {
  it('writes bytes as URL-safe text without padding and reads them back', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xfe, 0x00, 0x3e])
    expect(toBase64Url(bytes)).toBe('-__-AD4')
    expect([...fromBase64Url('-__-AD4')]).toEqual([...bytes])
  })

  it('reads padded standard base64 too, as some clients send it', () => {
    expect(new TextDecoder().decode(fromBase64Url('aGk/Pz8='))).toBe('hi???')
  })
})
