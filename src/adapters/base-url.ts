import { contractDocument } from '../spec/document.js'

/** The API's default server: the document's first `servers` entry (the docs' host). */
export const DEFAULT_BASE_URL = contractDocument.servers?.[0]?.url ?? 'https://backend.flashback.tech'

/** The official client's default host: `new ApiClient()` without a base URL calls it. */
export const CLIENT_DEFAULT_BASE_URL = 'https://api.flashback.tech'

/** Where a mock answers by default: the docs' host first, then the client's. */
export const DEFAULT_BASE_URLS: readonly string[] = [DEFAULT_BASE_URL, CLIENT_DEFAULT_BASE_URL]

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

/** Where the mock answers: one or more base URLs, each an origin and a base path. */
export class BaseUrls {
  readonly urls: readonly string[]
  readonly #bases: { origin: string; path: string }[]

  constructor(urls: string | readonly string[]) {
    const list = typeof urls === 'string' ? [urls] : urls
    if (list.length === 0) throw new TypeError('baseUrl needs at least one URL')
    this.urls = list.map(normaliseBaseUrl)
    this.#bases = this.urls.map((url) => {
      const { origin, pathname } = new URL(url)
      return { origin, path: pathname.replace(/\/+$/, '') }
    })
  }

  /** The first base URL: where `mock.request()` sends. */
  get primary(): string {
    return this.urls[0]!
  }

  /** The request's path below one of the base URLs, or null when it is under none. */
  pathOf(url: URL): string | null {
    for (const base of this.#bases) {
      if (base.origin !== url.origin) continue
      const path = pathBelow(base.path, url)
      if (path !== null) return path
    }
    return null
  }
}
