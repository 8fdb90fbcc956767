import { describe, expect, it } from 'vitest'
import { encodeCbor, type CborValue } from './cbor.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('CBOR encoding', () => {
  // RFC 8949, appendix A.
  it("writes RFC 8949's examples of integers, text, bytes and maps", () => {
    expect(hex(encodeCbor(0))).toBe('00')
    expect(hex(encodeCbor(23))).toBe('17')
    expect(hex(encodeCbor(24))).toBe('1818')
    expect(hex(encodeCbor(1000))).toBe('1903e8')
    expect(hex(encodeCbor(1_000_000))).toBe('1a000f4240')
    expect(hex(encodeCbor(-1))).toBe('20')
    expect(hex(encodeCbor(-100))).toBe('3863')
    expect(hex(encodeCbor('IETF'))).toBe('6449455446')
    expect(hex(encodeCbor(Uint8Array.from([1, 2, 3, 4])))).toBe('4401020304')
    expect(hex(encodeCbor(new Map([[1, 2], [3, 4]])))).toBe('a201020304')
    expect(hex(encodeCbor(new Map<string, CborValue>([['a', 1], ['b', new Map()]])))).toBe('a26161016162a0')
  })

  it('refuses a number that is not an integer', () => {
    expect(() => encodeCbor(1.5)).toThrow('CBOR: 1.5 is not an integer')
  })
})
