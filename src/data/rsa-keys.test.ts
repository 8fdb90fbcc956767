import { createPrivateKey, createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateRsaKeyPair } from './rsa-keys.js'

describe('generateRsaKeyPair', () => {
  it('makes a 2048-bit pair whose PKCS#1 private key and SPKI public key Node reads back as one pair', async () => {
    const { publicKey, privateKey } = await generateRsaKeyPair()
    expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PRIVATE KEY-----$/)
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    const parsed = createPrivateKey(privateKey)
    expect(parsed.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(createPublicKey(parsed).export({ type: 'spki', format: 'pem' }).toString().trim()).toBe(publicKey)
  })
})
