import type { UserRecord } from '../data/record-schemas.js'
import type { OAuthProviderName } from '../mock/providers.js'

const PROVIDER_TITLE: Record<OAuthProviderName, string> = { google: 'Google', github: 'GitHub', microsoft: 'Microsoft' }

// Relative redirects are resolved against this: an answer whose origin it stays is a path on this server.
const THIS_SERVER = 'http://this-server.invalid'
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$|\.localhost$/i

/**
 * Where a provider may send the browser back: a path on this server or a page on a loopback origin, as a dev app
 * is. Judged on the URL as a browser parses it (tabs and newlines dropped, `\` read as `/`), never on the text.
 */
export function isLoopbackRedirect(redirectUri: string): boolean {
  if (!URL.canParse(redirectUri, THIS_SERVER)) return false
  const url = new URL(redirectUri, THIS_SERVER)
  if (url.origin === THIS_SERVER) return true
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST.test(url.hostname)
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The answer the provider sends back: in the query for a code, in the fragment for an access token (OAuth's implicit flow). */
export function redirectBack(redirectUri: string, answer: { code: string } | { access_token: string; token_type: 'Bearer' }, state: string | undefined): string {
  const url = new URL(redirectUri, THIS_SERVER)
  const params = new URLSearchParams({ ...answer, ...(state === undefined ? {} : { state }) })
  if ('code' in answer) for (const [name, value] of params) url.searchParams.set(name, value)
  else url.hash = params.toString()
  return url.origin === THIS_SERVER ? url.pathname + url.search + url.hash : url.toString()
}

/** The users a consent page lists; anyone else signs in by typing the e-mail. */
const LISTED_USERS = 50

/**
 * The consent page: the world's first active users, each a link that consents as them, and a form for any other
 * e-mail (a new user too). Plain HTML, no script, so a strict Content-Security-Policy holds.
 */
export function consentPage(provider: OAuthProviderName, users: readonly Pick<UserRecord, 'name' | 'lastName' | 'email' | 'deletedAt'>[], query: URLSearchParams): string {
  const title = PROVIDER_TITLE[provider]
  const linkFor = (email: string) => {
    const next = new URLSearchParams(query)
    next.set('user', email)
    return `?${next.toString()}`
  }
  const active = users.filter((u) => u.deletedAt === null)
  const more = active.length > LISTED_USERS ? `\n<li>${active.length - LISTED_USERS} more: type the e-mail below</li>` : ''
  const items = active
    .slice(0, LISTED_USERS)
    .map((u) => `<li><a href="${escapeHtml(linkFor(u.email))}">${escapeHtml(`${u.name} ${u.lastName}`.trim())} &lt;${escapeHtml(u.email)}&gt;</a></li>`)
    .join('\n') + more
  const hidden = [...query].filter(([name]) => name !== 'user').map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('')
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with ${title} (flashback-mock)</title>
<h1>Sign in with ${title}</h1>
<p>flashback-mock stands in for ${title}: choose who signs in. The app at <code>${escapeHtml(query.get('redirect_uri') ?? '')}</code> gets the answer.</p>
<ul>
${items}
</ul>
<form method="get">
${hidden}<label>Another e-mail (a new user) <input type="email" name="user" required></label>
<button type="submit">Continue</button>
</form>
</html>
`
}
