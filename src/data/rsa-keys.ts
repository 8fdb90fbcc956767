/** An RSA key pair as PEM text: the public key as SPKI ("PUBLIC KEY"), the private key as PKCS#1 ("RSA PRIVATE KEY"). */
export interface PemKeyPair {
  publicKey: string
  privateKey: string
}

function pem(label: string, der: Uint8Array): string {
  let binary = ''
  for (const byte of der) binary += String.fromCharCode(byte)
  const lines = btoa(binary).match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`
}

/** One DER element: where its content starts and ends. */
function readElement(der: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset]!
  let length = der[offset + 1]!
  let start = offset + 2
  if (length & 0x80) {
    const count = length & 0x7f
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!
    start += count
  }
  return { tag, start, end: start + length }
}

/**
 * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (SEQUENCE { version, algorithm, OCTET STRING }):
 * WebCrypto exports PKCS#8 only, the docs show "BEGIN RSA PRIVATE KEY".
 */
function pkcs1FromPkcs8(pkcs8: Uint8Array): Uint8Array {
  const info = readElement(pkcs8, 0)
  const version = readElement(pkcs8, info.start)
  const algorithm = readElement(pkcs8, version.end)
  const key = readElement(pkcs8, algorithm.end)
  if (info.tag !== 0x30 || version.tag !== 0x02 || algorithm.tag !== 0x30 || key.tag !== 0x04) throw new Error('Unexpected PKCS#8 structure')
  return pkcs8.slice(key.start, key.end)
}

// One key at a time: WebCrypto makes it off the event loop (on Node's thread pool), yet eight at once would take
// every core of a small machine from the thread that answers everyone else.
let lastInLine: Promise<unknown> = Promise.resolve()

/**
 * Generates a 2048-bit RSA key pair with WebCrypto (Node and browsers alike), off the event loop and one at a time.
 * @example
 * const { publicKey, privateKey } = await generateRsaKeyPair() // '-----BEGIN PUBLIC KEY-----…', '-----BEGIN RSA PRIVATE KEY-----…'
 */
export function generateRsaKeyPair(): Promise<PemKeyPair> {
  const pair = lastInLine.then(generator, generator)
  lastInLine = pair.catch(() => undefined)
  return pair
}

let generator: () => Promise<PemKeyPair> = generateWithWebCrypto

/**
 * Replaces how keys are made in this process (the standalone server makes them at a low priority); they are
 * still made one at a time. Gives the generator it replaces.
 */
export function useKeyGenerator(generate: () => Promise<PemKeyPair>): () => Promise<PemKeyPair> {
  const replaced = generator
  generator = generate
  return replaced
}

async function generateWithWebCrypto(): Promise<PemKeyPair> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )
  const [spki, pkcs8] = await Promise.all([crypto.subtle.exportKey('spki', pair.publicKey), crypto.subtle.exportKey('pkcs8', pair.privateKey)])
  return { publicKey: pem('PUBLIC KEY', new Uint8Array(spki)), privateKey: pem('RSA PRIVATE KEY', pkcs1FromPkcs8(new Uint8Array(pkcs8))) }
}
