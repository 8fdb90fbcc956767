import type { IncomingMessage } from 'node:http'
import { isAllowedHost } from './allowed-hosts.js'

/** Methods that change nothing: a page anywhere may send them, and CORS keeps it from reading the answer. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a page of this origin is one the server takes writes from: one served from a host the server
 * answers to (loopback, a `*.localhost` name, the bound address, `--allow-host` names). `null` (a sandboxed
 * frame, a file) is not.
 */
function isAllowedOrigin(origin: string, hosts: ReadonlySet<string>): boolean {
  if (!URL.canParse(origin)) return false
  const { protocol, host } = new URL(origin)
  return (protocol === 'http:' || protocol === 'https:') && isAllowedHost(hosts, host)
}

/**
 * Why the standalone server refuses a request as a cross-site write, or null when it does not. A page on
 * any site can make a browser send a POST to the mock without a preflight (a `no-cors` fetch, a form); the
 * browser sends its `Origin`, which names the site. Requests without an `Origin` (curl, a test, a server) pass.
 * @example
 * crossSiteRefusal(request, allowedHosts('127.0.0.1')) // for POST from http://evil.com: 'Cross-site request refused: …'
 */
export function crossSiteRefusal(request: IncomingMessage, hosts: ReadonlySet<string>): string | null {
  const origin = request.headers.origin
  if (origin === undefined) return null
  const method = (request.method ?? 'GET').toUpperCase()
  if (SAFE_METHODS.has(method) || isAllowedOrigin(origin, hosts)) return null
  const name = URL.canParse(origin) ? new URL(origin).hostname.replace(/^\[|\]$/g, '') : ''
  const hint = name ? `; start the server with --allow-host ${name} to take them from there` : ''
  return `Cross-site request refused: ${method} from Origin "${origin.slice(0, 100)}". The server takes writes only from pages on this machine and on the hosts given with --allow-host${hint}`
}
