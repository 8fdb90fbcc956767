import { networkInterfaces } from 'node:os'

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1']
const WILDCARDS = new Set(['0.0.0.0', '::', ''])

/** The host name of a `Host` header, without its port and brackets: `[::1]:4010` → `::1`. */
function hostNameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase()
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'))
  const colon = host.indexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

/**
 * The names a request's `Host` may carry: loopback names, the host the server is bound to (every
 * address of this machine when bound to all of them), and those given with `--allow-host`. A page
 * on another site that rebinds its own name to 127.0.0.1 sends its own name, and is refused.
 */
export function allowedHosts(boundHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...extra.map(hostNameOf), hostNameOf(boundHost)])
  if (WILDCARDS.has(boundHost)) {
    for (const addresses of Object.values(networkInterfaces())) for (const { address } of addresses ?? []) names.add(address.toLowerCase())
  }
  if (names.has('localhost')) for (const name of LOOPBACK_NAMES) names.add(name)
  return names
}

/** Names ending in `.localhost` are loopback by definition (RFC 6761), as browsers treat them. */
export function isAllowedHost(allowed: ReadonlySet<string>, hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false
  const name = hostNameOf(hostHeader)
  return allowed.has(name) || name.endsWith('.localhost')
}
