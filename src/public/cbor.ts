// The few CBOR items (RFC 8949) an authenticator writes: a WebAuthn attestation object and a COSE key are maps
// of small integers, short text and byte strings. A dozen lines here instead of a CBOR library in the browser entry.

/** What `encodeCbor` writes: an integer, text, bytes, or a map of them (kept in the order given). */
export type CborValue = number | string | Uint8Array | Map<number | string, CborValue>

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length]
  if (length < 0x100) return [(major << 5) | 24, length]
  if (length < 0x10000) return [(major << 5) | 25, length >> 8, length & 0xff]
  return [(major << 5) | 26, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]
}

/** The CBOR bytes of a value, with keys in the order the map has them (give them in canonical order). */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = []
  const write = (item: CborValue): void => {
    if (typeof item === 'number') {
      if (!Number.isSafeInteger(item)) throw new Error(`CBOR: ${item} is not an integer`)
      out.push(...(item >= 0 ? head(0, item) : head(1, -1 - item)))
    } else if (typeof item === 'string') {
      const bytes = new TextEncoder().encode(item)
      out.push(...head(3, bytes.length), ...bytes)
    } else if (item instanceof Uint8Array) {
      out.push(...head(2, item.length), ...item)
    } else {
      out.push(...head(5, item.size))
      for (const [key, entry] of item) {
        write(key)
        write(entry)
      }
    }
  }
  write(value)
  return Uint8Array.from(out)
}
