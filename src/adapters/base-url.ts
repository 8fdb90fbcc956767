/** The API's default server, as declared in the document. */
export const DEFAULT_BASE_URL = 'https://backend.flashback.tech'

/** A base URL without its trailing slash: `http://localhost:4010/api/` → `http://localhost:4010/api`. */
export function normaliseBaseUrl(baseUrl: string): string {
  return new URL(baseUrl).href.replace(/\/+$/, '')
}

/** The request's path below the base URL's path, or null when the request is not under it. */
export function pathBelow(baseUrl: string, requestUrl: URL): string | null {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '')
  if (!requestUrl.pathname.startsWith(basePath)) return null
  return requestUrl.pathname.slice(basePath.length) || '/'
}
