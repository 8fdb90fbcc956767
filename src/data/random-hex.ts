/**
 * Random bytes as lowercase hex, from the platform's CSPRNG (browsers and Node alike): backup codes, provider
 * codes and nonces. Not seeded on purpose: secrets must not shift the seeded ids of later records.
 * @example
 * randomHex(2) // 'a3f0'
 */
export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('')
}
