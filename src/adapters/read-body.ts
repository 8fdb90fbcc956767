import { bodyTooLarge } from '../mock/pipeline.js'

/** Refuses a declared length over the limit before a byte is read. */
export function checkDeclaredLength(contentLength: string | null | undefined, limit: number): void {
  const declared = Number(contentLength)
  if (contentLength && Number.isFinite(declared) && declared > limit) throw bodyTooLarge()
}

/**
 * Reads chunks as UTF-8 text, refusing (without buffering the rest) once they pass `limit` bytes.
 * Decoded as fetch's `request.text()` does (a leading byte-order mark dropped), so every transport agrees.
 */
export async function readChunksText(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > limit) throw bodyTooLarge()
    text += decoder.decode(chunk, { stream: true })
  }
  return text + decoder.decode()
}

/** The chunks of a web stream, for `readChunksText` (Node's streams are async iterables already). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value
  } finally {
    reader.releaseLock()
  }
}
