import { apiDocument } from '../spec/document.js'

/** The API's default server: the document's first `servers` entry. */
export const DEFAULT_BASE_URL = apiDocument.servers?.[0]?.url ?? 'https://backend.flashback.tech'

/** A base URL without its trailing slash: `http://localhost:4010/api/` → `http://localhost:4010/api`. */
export function normaliseBaseUrl(baseUrl: string): string {
  return new URL(baseUrl).href.replace(/\/+$/, '')
}

/**
 * The request's path below a base path (`/api`, or `` for none), or null when it is not under it:
 * `/api/user/profile` is, `/apiary/x` is not.
 */
export function pathBelow(basePath: string, requestUrl: URL): string | null {
  const path = requestUrl.pathname
  if (path === basePath) return '/'
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : null
}
