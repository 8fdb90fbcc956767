function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

const HEADER = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))

/**
 * The bearer token of a user: an unsigned JWT (`alg: none`) whose `sub` is the user id.
 * It depends only on the id, so a token copied into a `.env` file survives restarts and resets;
 * clients that decode the token (jwt-decode and the like) find the claims they expect.
 */
export function mintToken(user: { id: string; email: string; orgId: string | null }): string {
  const claims = { sub: user.id, email: user.email, orgId: user.orgId, iss: 'flashback-mock' }
  return `${HEADER}.${base64url(JSON.stringify(claims))}.`
}
