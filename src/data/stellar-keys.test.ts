import { describe, expect, it, vi } from 'vitest'
import { newStellarKeypair, publicKeyOfStellarAddress, stellarAddressOf, verifyStellarSignature } from './stellar-keys.js'

describe('Stellar account ids and signatures', () => {
  it('writes the all-zero key as the well-known zero account, and reads it back', () => {
    const zero = 'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF'
    expect(stellarAddressOf(new Uint8Array(32))).toBe(zero)
    expect(publicKeyOfStellarAddress(zero)).toEqual(new Uint8Array(32))
  })

  it('refuses an id with a broken checksum, another version byte or another length', async () => {
    const { address } = await newStellarKeypair()
    const lastChanged = address.slice(0, -1) + (address.endsWith('A') ? 'B' : 'A')
    expect(publicKeyOfStellarAddress(address)).toHaveLength(32)
    expect(publicKeyOfStellarAddress(lastChanged)).toBeUndefined()
    expect(publicKeyOfStellarAddress('S' + address.slice(1))).toBeUndefined()
    expect(publicKeyOfStellarAddress(address.slice(0, 55))).toBeUndefined()
  })

  it("accepts a key's signature of the message only, by that key only", async () => {
    const signer = await newStellarKeypair()
    const other = await newStellarKeypair()
    const signature = await signer.sign('nonce-1')
    expect(await verifyStellarSignature(signer.address, 'nonce-1', signature)).toBe(true)
    expect(await verifyStellarSignature(signer.address, 'nonce-2', signature)).toBe(false)
    expect(await verifyStellarSignature(other.address, 'nonce-1', signature)).toBe(false)
    expect(await verifyStellarSignature(signer.address, 'nonce-1', 'not base64!')).toBe(false)
  })

  it('says a runtime without Ed25519 cannot check signatures, rather than calling a good one forged', async () => {
    const { address, sign } = await newStellarKeypair()
    const signature = await sign('nonce-1')
    const missing = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new DOMException('Unrecognized name.', 'NotSupportedError'))
    try {
      await expect(verifyStellarSignature(address, 'nonce-1', signature)).rejects.toThrow(/no Ed25519/)
    } finally {
      missing.mockRestore()
    }
    expect(await verifyStellarSignature(address, 'nonce-1', signature)).toBe(true)
  })
})
