import { Worker } from 'node:worker_threads'
import type { PemKeyPair } from '../data/rsa-keys.js'

// The worker keeps a pool of 1024-bit primes and makes each key from a pair of them it has not used before
// (decisions/037): about half a millisecond a key, where a fresh RSA-2048 pair takes a quarter of a second of a
// core. The pool grows by one prime when its pairs run out, and one ahead while the worker has nothing to do, so a
// key rarely waits for a prime. On Linux the nice value is a thread's own: the worker lowers its own priority, and
// the thread that answers requests keeps the CPU whenever it wants it. Elsewhere setPriority may fail; the keys
// come all the same.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads')
const { createPrivateKey, createPublicKey, generatePrimeSync } = require('node:crypto')
try { require('node:os').setPriority(19) } catch {}
const E = 65537n
const primes = []
let used = 0
const pairsOf = (count) => (count * (count - 1)) / 2
function addPrime() {
  for (;;) {
    const prime = generatePrimeSync(1024, { bigint: true })
    if ((prime - 1n) % E !== 0n && !primes.includes(prime)) return void primes.push(prime)
  }
}
// Pair number k is (i, j) with j < i: (1, 0), (2, 0), (2, 1), (3, 0), ... so every pair comes once.
function nextPair() {
  while (used >= pairsOf(primes.length)) addPrime()
  let i = 1
  while (pairsOf(i + 1) <= used) i++
  const j = used - pairsOf(i)
  used++
  return [primes[i], primes[j]]
}
function inverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n]
  while (r1 !== 0n) {
    const q = r0 / r1
    ;[r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1]
  }
  return ((s0 % m) + m) % m
}
function base64url(value) {
  const hex = value.toString(16)
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url')
}
function keyPair() {
  const [p, q] = nextPair()
  const d = inverse(E, (p - 1n) * (q - 1n))
  const jwk = { kty: 'RSA', n: base64url(p * q), e: base64url(E), d: base64url(d), p: base64url(p), q: base64url(q), dp: base64url(d % (p - 1n)), dq: base64url(d % (q - 1n)), qi: base64url(inverse(q, p)) }
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' })
  return {
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).trim(),
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).trim(),
  }
}
const AHEAD = 4
let ahead
function prepareAhead() {
  clearTimeout(ahead)
  if (pairsOf(primes.length) - used < AHEAD) ahead = setTimeout(() => { addPrime(); prepareAhead() }, 0)
}
parentPort.on('message', (id) => {
  try {
    parentPort.postMessage({ id, ...keyPair() })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) })
  }
  prepareAhead()
})
`

type Reply = { id: number; publicKey: string; privateKey: string } | { id: number; error: string }

/**
 * RSA key pairs made by one worker thread at the lowest priority, from a pool of primes: the standalone server's
 * generator, so that keys made for some organizations do not slow the answers to everyone else (decisions/027,
 * decisions/037).
 */
export function lowPriorityKeyGenerator(): () => Promise<PemKeyPair> {
  let worker: Worker | undefined
  let next = 0
  const pending = new Map<number, { resolve: (pair: PemKeyPair) => void; reject: (error: Error) => void }>()
  const start = () => {
    const started = new Worker(WORKER_CODE, { eval: true })
    started.unref()
    started.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id)
      pending.delete(reply.id)
      if ('error' in reply) waiting?.reject(new Error(reply.error))
      else waiting?.resolve({ publicKey: reply.publicKey, privateKey: reply.privateKey })
    })
    started.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error)
      pending.clear()
      worker = undefined
    })
    return started
  }
  return () =>
    new Promise<PemKeyPair>((resolve, reject) => {
      worker ??= start()
      const id = next++
      pending.set(id, { resolve, reject })
      worker.postMessage(id)
    })
}
