import { connect } from 'node:net'
import type { FuzzRequest } from './steps.js'

/** What came back: `status` is null when the connection ended or timed out without an answer. */
export interface FuzzResponse {
  status: number | null
  headers: Record<string, string>
  text: string
  /** Why there was no answer: a socket error, a timeout, or a connection closed early. */
  failure?: string
}

// Generous: the machine may be busy with other test files; a wedged server never answers at all.
export const ANSWER_TIMEOUT_MS = 10_000

/** Sends a request through Prism's proxy with fetch, which sends only well-formed HTTP. */
export async function sendThroughPrism(prismUrl: string, request: FuzzRequest): Promise<FuzzResponse> {
  try {
    const response = await fetch(prismUrl + request.target, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    })
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() }
  } catch (error) {
    return { status: null, headers: {}, text: '', failure: String((error as Error).cause ?? error) }
  }
}

function parseResponse(raw: Buffer): FuzzResponse | null {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')
  if (!status) return null
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(status[1]), headers, text: raw.subarray(end + 4).toString('utf8') }
}

/**
 * Writes a request byte for byte on a socket, so targets such as `//[`, lowercase methods and
 * malformed bodies reach the server as they are. Asks the server to close after answering.
 */
export function sendRaw(serverUrl: string, request: FuzzRequest): Promise<FuzzResponse> {
  const { hostname, port } = new URL(serverUrl)
  const body = request.body === null ? null : Buffer.from(request.body, 'utf8')
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`Content-Length: ${body.length}`] : []),
  ].join('\r\n')
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let settled = false
    const finish = (failure?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const parsed = parseResponse(Buffer.concat(chunks))
      // An answer that arrived counts even if the server closed before reading the whole body (a 413).
      resolve(parsed ?? { status: null, headers: {}, text: '', failure: failure ?? 'the connection closed without an answer' })
    }
    const timer = setTimeout(() => finish(`no answer within ${ANSWER_TIMEOUT_MS} ms`), ANSWER_TIMEOUT_MS)
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`${head}\r\n\r\n`)
      if (body) socket.write(body)
    })
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => finish())
    socket.on('close', () => finish())
    socket.on('error', (error) => finish(`socket error: ${error.message}`))
  })
}
