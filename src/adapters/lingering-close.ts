import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/** How much of a body left unread is read and thrown away after the answer, and for how long at most. */
export interface DrainLimits {
  bytes: number
  ms: number
}

/** nginx's lingering close allows 30 s; a local mock needs less, and 64 MB is 64 times the body limit. */
const DRAIN_LIMITS: Readonly<DrainLimits> = { bytes: 64 * 1024 * 1024, ms: 5_000 }

const lingering = new WeakSet<Socket>()

/**
 * Closes the connection of a request answered with its body unread (a 413, a refused caller) only once
 * the client has sent the rest, reading and discarding it, up to `limits`: closing at once resets the
 * connection while the client is still sending, and most clients (Node's `http`, fetch) then report
 * EPIPE or ECONNRESET instead of the answer. Nothing read is kept; past a limit the connection is dropped.
 * Call it before the answer is sent with `Connection: close`.
 * @example
 * if (!request.complete) closeAfterDraining(request)
 * response.writeHead(413, { Connection: 'close' }).end(text)
 */
export function closeAfterDraining(request: IncomingMessage, limits: DrainLimits = DRAIN_LIMITS): void {
  const socket = request.socket
  if (lingering.has(socket) || socket.destroyed) return
  lingering.add(socket)
  // Node ends a `Connection: close` answer with `socket.destroySoon()`, which destroys the socket once the
  // answer is written, unread bytes and all. Ending only our side lets the client's bytes still arrive.
  socket.destroySoon = function endWritingOnly(this: Socket) {
    this.end()
  }
  const drop = () => socket.destroy()
  const deadline = setTimeout(drop, limits.ms)
  deadline.unref()
  socket.once('close', () => clearTimeout(deadline))
  let drained = 0
  // A reader that gave up on the body (the one that found it too large) may still listen for more.
  request.removeAllListeners('readable')
  request.on('data', (chunk: Buffer) => {
    drained += chunk.byteLength
    if (drained > limits.bytes) drop()
  })
  // A client that hangs up while sending is no error of ours.
  request.on('error', () => {})
  request.resume()
}
