import { FlashbackError } from '../operations/errors.js'

/** The header that chooses a world on a server: API clients, Playwright's `request`, curl. */
export const WORLD_HEADER = 'x-mock-world'

/**
 * The cookie that chooses a world for a browser: a page that entered a world stays in it. Underscores,
 * not dashes, so a load balancer can name it (nginx's `$cookie_flashback_mock_world`).
 */
export const WORLD_COOKIE = 'flashback_mock_world'

/**
 * The header that asks the control API to act only on a world that exists: a dropped world is a 404
 * instead of being made afresh (the console sends it, so a page left open says the world is gone).
 */
export const EXISTING_WORLD_HEADER = 'x-mock-existing-world'

/** The world of a request that names none: the server's own, as before worlds existed. */
export const DEFAULT_WORLD = 'default'

const NAME_RULE = /^[A-Za-z0-9._-]{1,64}$/

/** What a client is told when a world's name breaks the rule. */
export const WORLD_NAME_RULE = 'a world name is 1 to 64 letters, digits, "-", "_" or "."'

/** The name itself, or an `INVALID_REQUEST` error naming the rule. */
export function checkWorldName(name: string, where = 'World'): string {
  if (NAME_RULE.test(name)) return name
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name
  throw new FlashbackError('INVALID_REQUEST', `${where} "${shown}" is not a valid world name: ${WORLD_NAME_RULE}`)
}

function cookieValue(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim())
  }
  return null
}

/**
 * The world a request names: the `x-mock-world` header first, then the cookie, else the default world.
 * A name that breaks the rule is an `INVALID_REQUEST` error, never a silent fall-back to another world.
 */
export function worldNameOf(request: { header(name: string): string | null }): string {
  const named = request.header(WORLD_HEADER)
  if (named !== null) return checkWorldName(named.trim(), `x-mock-world`)
  const cookies = request.header('cookie')
  const fromCookie = cookies === null ? null : cookieValue(cookies, WORLD_COOKIE)
  return fromCookie === null ? DEFAULT_WORLD : checkWorldName(fromCookie, `Cookie ${WORLD_COOKIE}`)
}
