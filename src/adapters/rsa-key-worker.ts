import { Worker } from 'node:worker_threads'
import type { PemKeyPair } from '../data/rsa-keys.js'

// On Linux the nice value is a thread's own: the worker lowers its own priority, and the thread that answers
// requests keeps the CPU whenever it wants it. Elsewhere setPriority may fail; the keys come all the same.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads')
const { generateKeyPairSync } = require('node:crypto')
try { require('node:os').setPriority(19) } catch {}
parentPort.on('message', (id) => {
  try {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    })
    parentPort.postMessage({ id, publicKey: publicKey.trim(), privateKey: privateKey.trim() })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) })
  }
})
`

type Reply = { id: number; publicKey: string; privateKey: string } | { id: number; error: string }

/**
 * RSA key pairs made by one worker thread at the lowest priority: the standalone server's generator, so that
 * keys made for some organizations do not slow the answers to everyone else (decisions/027).
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
