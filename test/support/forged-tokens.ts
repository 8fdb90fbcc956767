import { createHmac } from 'node:crypto'

/** What an attacker knows of another user: what the user list shows. */
export interface ListedUser {
  id: string
  email: string
  orgId: string | null
}

/**
 * Ways to build another user's token from listed data: the unsigned format the mock once used,
 * HS256 under a guessed secret, and the attacker's own token with the victim's claims put in it.
 */
export const FORGERIES = ['unsigned', 'guessed-secret', 'own-signature'] as const
export type Forgery = (typeof FORGERIES)[number]

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const claimsOf = (user: ListedUser) => ({ sub: user.id, email: user.email, orgId: user.orgId, iss: 'flashback-mock' })

export function forgeToken(forgery: Forgery, victim: ListedUser, ownToken: string, guessedSecret = 'secret'): string {
  switch (forgery) {
    case 'unsigned':
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claimsOf(victim))}.`
    case 'guessed-secret': {
      const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claimsOf(victim))}`
      return `${unsigned}.${createHmac('sha256', guessedSecret).update(unsigned).digest('base64url')}`
    }
    case 'own-signature': {
      const [header, , signature] = ownToken.split('.')
      return `${header}.${encode(claimsOf(victim))}.${signature}`
    }
  }
}
