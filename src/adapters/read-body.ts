import type { IncomingMessage } from 'node:http'

export class BodyTooLarge extends Error {
  readonly code = 'PAYLOAD_TOO_LARGE'
}

/** Whether a request carries a body: a length above zero or chunked encoding (most GETs have neither). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length']
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
}

/** Reads the body as UTF-8 text, refusing (without buffering the rest) once it passes `limit` bytes. */
export async function readBodyText(request: IncomingMessage, limit: number): Promise<string> {
  if (!hasBody(request)) return ''
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new BodyTooLarge()
    chunks.push(chunk)
  }
  // Decoded as fetch's request.text() does (a leading byte-order mark dropped), so both adapters agree.
  return new TextDecoder().decode(Buffer.concat(chunks))
}
