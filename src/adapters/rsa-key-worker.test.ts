import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { lowPriorityKeyGenerator } from './rsa-key-worker.js'

describe('lowPriorityKeyGenerator', () => {
  it('makes 2048-bit pairs in its worker in the PEM forms the mock answers, one pair per request', async () => {
    const generate = lowPriorityKeyGenerator()
    const [first, second] = await Promise.all([generate(), generate()])
    for (const { publicKey, privateKey } of [first!, second!]) {
      expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PRIVATE KEY-----$/)
      const parsed = createPrivateKey(privateKey)
      expect(parsed.asymmetricKeyDetails?.modulusLength).toBe(2048)
      expect(createPublicKey(parsed).export({ type: 'spki', format: 'pem' }).toString().trim()).toBe(publicKey)
    }
    expect(first!.privateKey).not.toBe(second!.privateKey)
  })

  it('gives forty keys with forty different moduli, each of which signs what its public key verifies', async () => {
    const generate = lowPriorityKeyGenerator()
    const pairs = await Promise.all(Array.from({ length: 40 }, () => generate()))
    const moduli = new Set<string>()
    for (const { publicKey, privateKey } of pairs) {
      const jwk = createPublicKey(publicKey).export({ format: 'jwk' })
      expect(jwk.e).toBe('AQAB')
      moduli.add(jwk.n!)
      const signature = sign('sha256', Buffer.from('node registration'), privateKey)
      expect(verify('sha256', Buffer.from('node registration'), publicKey, signature)).toBe(true)
      expect(verify('sha256', Buffer.from('something else'), publicKey, signature)).toBe(false)
    }
    expect(moduli.size).toBe(40)
  })
})
