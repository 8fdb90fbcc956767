/**
 * Stellar account ids (StrKey `G…`) and their ed25519 signatures, with WebCrypto's Ed25519 (Node 20, current
 * browsers): no library, so the browser entry carries a few hundred bytes for web3 sign-in. StrKey is the
 * version byte, the 32-byte public key and a CRC16-XModem checksum (little-endian), in base32 without padding.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** The version byte of an account id: 6 << 3, which base32 writes as a leading `G`. */
const ACCOUNT_ID_VERSION = 6 << 3
const ED25519 = { name: 'Ed25519' } as const

function crc16XModem(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

function base32(bytes: Uint8Array): string {
  let text = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      text += BASE32[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) text += BASE32[(buffer << (5 - bits)) & 31]
  return text
}

function fromBase32(text: string): Uint8Array<ArrayBuffer> | undefined {
  const bytes: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of text) {
    const value = BASE32.indexOf(char)
    if (value === -1) return undefined
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(bytes)
}

/**
 * The account id (`G…`, 56 characters) of an ed25519 public key.
 * @example
 * stellarAddressOf(new Uint8Array(32)) // 'GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF'
 */
export function stellarAddressOf(publicKey: Uint8Array): string {
  const payload = new Uint8Array(33)
  payload[0] = ACCOUNT_ID_VERSION
  payload.set(publicKey, 1)
  const crc = crc16XModem(payload)
  const full = new Uint8Array(35)
  full.set(payload)
  full[33] = crc & 0xff
  full[34] = crc >>> 8
  return base32(full)
}

/** The public key of an account id, or undefined for anything that is not one (wrong version, checksum or length). */
export function publicKeyOfStellarAddress(address: string): Uint8Array<ArrayBuffer> | undefined {
  if (address.length !== 56) return undefined
  const bytes = fromBase32(address)
  if (!bytes || bytes.length !== 35 || bytes[0] !== ACCOUNT_ID_VERSION) return undefined
  const crc = crc16XModem(bytes.subarray(0, 33))
  if (bytes[33] !== (crc & 0xff) || bytes[34] !== crc >>> 8) return undefined
  return bytes.slice(1, 33)
}

function base64Of(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function bytesOfBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}

/**
 * Whether `signature` (base64) is the ed25519 signature of `message`'s UTF-8 bytes by the key of `address`.
 * Never rejects: anything malformed is simply not a valid signature.
 */
export async function verifyStellarSignature(address: string, message: string, signature: string): Promise<boolean> {
  const publicKey = publicKeyOfStellarAddress(address)
  const signatureBytes = bytesOfBase64(signature)
  if (!publicKey || signatureBytes?.length !== 64) return false
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, ED25519, false, ['verify'])
    return await crypto.subtle.verify(ED25519, key, signatureBytes, new TextEncoder().encode(message))
  } catch (error) {
    // A runtime without Ed25519 can check no signature at all: said as such, not as a forged one.
    if ((error as Error)?.name === 'NotSupportedError') throw new Error("This runtime's WebCrypto has no Ed25519, which the web3 sign-in needs to check signatures (Node 20 or later, a current browser)")
    return false
  }
}

/** A Stellar account: its id and a function that signs with its key. */
export interface StellarKeypair {
  address: string
  /** The base64 ed25519 signature of the message's UTF-8 bytes. */
  sign(message: string): Promise<string>
}

/**
 * A new random Stellar account (its key never leaves WebCrypto).
 * @example
 * const { address, sign } = await newStellarKeypair()
 * await verifyStellarSignature(address, 'nonce', await sign('nonce')) // true
 */
export async function newStellarKeypair(): Promise<StellarKeypair> {
  if (!globalThis.crypto?.subtle) throw new Error('Stellar keys need WebCrypto (crypto.subtle), which this runtime lacks')
  const keys = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey))
  return {
    address: stellarAddressOf(publicKey),
    sign: async (message) => base64Of(new Uint8Array(await crypto.subtle.sign(ED25519, keys.privateKey, new TextEncoder().encode(message)))),
  }
}
