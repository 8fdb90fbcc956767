import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64Url, toBase64Url } from './base64url.js'

const utf8 = new TextEncoder()

const base64url = (text: string): string => toBase64Url(utf8.encode(text))
const textOfBase64url = (encoded: string): string => new TextDecoder().decode(fromBase64Url(encoded))

// Enough for every token a suite or a team's app sends; bounded, so a flood of valid tokens cannot grow it.
const REMEMBERED_TOKENS = 1000

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))

/** The claims a token carries; clients that decode tokens (jwt-decode and the like) read them. */
export interface TokenClaims {
  sub: string
  email: string
  orgId: string | null
  iss: 'flashback-mock'
  /** Set on sign-in sessions' tokens (`access`, `refresh`), which expire; absent on the test tokens, which do not. */
  type?: 'access' | 'refresh'
}

/** A random secret for a mock that was given none: its tokens are valid for that mock only. */
export function randomTokenSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
}

/**
 * The claims of a JWT's payload as written, without checking its signature (undefined for anything that is not
 * a JWT of a JSON object). Who trusts them must check the signature another way.
 */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(textOfBase64url(parts[1]!))
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Compares every character whatever the first difference, so the time taken tells nothing about a signature. */
export function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

/**
 * Makes and checks bearer tokens: JWTs signed with HS256 (HMAC-SHA256, from @noble/hashes) under
 * the mock's secret. A token names its user in `sub`, so nothing is stored per user, and nobody
 * can make one from what the API shows (ids, e-mails, organizations) without the secret.
 * @example
 * const tokens = new TokenSigner('a secret')
 * tokens.verify(tokens.mint({ id: 'u-1', email: 'a@acme.com', orgId: 'acme' }))?.sub // 'u-1'
 */
export class TokenSigner {
  // HMAC keyed once; each signature starts from a copy, which skips hashing the key's two blocks again.
  readonly #keyed: ReturnType<typeof hmac.create>
  // Tokens asked for again (every user's on `mock.users()`, a caller's on every request of a test) are signed once.
  readonly #minted = new WeakMap<object, string>()
  // Clients send the same few tokens on every request: each is verified once. Only good tokens are kept.
  readonly #verified = new Map<string, TokenClaims>()

  constructor(secret: string) {
    if (!secret) throw new Error('The token secret must not be empty')
    this.#keyed = hmac.create(sha256, utf8.encode(secret))
  }

  /** The token of a user; the same user record gives the same token. */
  mint(user: { id: string; email: string; orgId: string | null }): string {
    const known = this.#minted.get(user)
    if (known !== undefined) return known
    const claims: TokenClaims = { sub: user.id, email: user.email, orgId: user.orgId, iss: 'flashback-mock' }
    const token = this.sign(claims)
    this.#minted.set(user, token)
    return token
  }

  /** Any claims as a JWT signed with this secret: the sign-in sessions' tokens are made this way too. */
  sign(claims: object): string {
    const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`
    return `${unsigned}.${this.#sign(unsigned)}`
  }

  /** The claims of a token signed with this secret, or undefined for any other string. */
  verify(token: string): TokenClaims | undefined {
    const known = this.#verified.get(token)
    if (known !== undefined) return known
    const claims = this.#check(token)
    if (claims !== undefined) {
      if (this.#verified.size >= REMEMBERED_TOKENS) this.#verified.delete(this.#verified.keys().next().value!)
      this.#verified.set(token, claims)
    }
    return claims
  }

  #check(token: string): TokenClaims | undefined {
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined
    const [header, payload, signature] = parts as [string, string, string]
    if (!equalInConstantTime(signature, this.#sign(`${header}.${payload}`))) return undefined
    try {
      const claims = JSON.parse(textOfBase64url(payload)) as TokenClaims
      return typeof claims.sub === 'string' && typeof claims.email === 'string' ? claims : undefined
    } catch {
      return undefined
    }
  }

  #sign(unsigned: string): string {
    return toBase64Url(this.#keyed.clone().update(utf8.encode(unsigned)).digest())
  }
}

/**
 * The secret of a server's named world, derived from the server's: a token of one world is refused by
 * every other (the same fixture gives the same user ids), and with `--token-secret` a world's tokens still
 * work after a restart.
 */
export function worldTokenSecret(serverSecret: string, world: string): string {
  return toBase64Url(hmac(sha256, utf8.encode(serverSecret), utf8.encode(`flashback-mock world ${world}`)))
}
