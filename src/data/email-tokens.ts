import type { EmailKind } from './outbox.js'

/** A token an e-mail carries: one per user and kind at a time, under an id that stays across resends. */
export interface EmailToken {
  /** Stable across resends: register's `verificationTokenId` is the id of the registrant's verification. */
  id: string
  userId: string
  kind: EmailKind
  /** The live token, or null once it has been used. */
  token: string | null
  /** Epoch milliseconds on the mock's clock. */
  expiresAt: number
}

/** Why a token cannot be used: unknown (never issued, replaced by a newer e-mail, or used) or expired. */
export type TokenProblem = 'invalid' | 'expired'

/**
 * The tokens of verification, invitation and reset e-mails in one world. Sending an e-mail of a kind again
 * replaces the user's earlier token of that kind, which stops working; a token works once. At most one record
 * per user and kind, so the store grows with the users, not with the e-mails sent.
 */
export class EmailTokens {
  readonly #byToken = new Map<string, EmailToken>()
  readonly #byId = new Map<string, EmailToken>()
  readonly #byUserAndKind = new Map<string, EmailToken>()

  /** Issues a new token of a kind to a user, ending the earlier one; the record keeps its id. */
  issue(userId: string, kind: EmailKind, token: string, expiresAt: number, newId: () => string): EmailToken {
    const key = `${userId}\u0000${kind}`
    const existing = this.#byUserAndKind.get(key)
    if (existing?.token) this.#byToken.delete(existing.token)
    const record: EmailToken = existing ?? { id: newId(), userId, kind, token: null, expiresAt }
    record.token = token
    record.expiresAt = expiresAt
    this.#byToken.set(token, record)
    this.#byId.set(record.id, record)
    this.#byUserAndKind.set(key, record)
    return { ...record }
  }

  /** The live token of one of the kinds, or why it cannot be used at `now`. */
  find(token: string, kinds: readonly EmailKind[], now: number): EmailToken | TokenProblem {
    const record = this.#byToken.get(token)
    if (!record || !kinds.includes(record.kind)) return 'invalid'
    if (now >= record.expiresAt) return 'expired'
    return { ...record }
  }

  /** The record of an id (register's `verificationTokenId`), used or not. */
  byId(id: string): EmailToken | undefined {
    const record = this.#byId.get(id)
    return record && { ...record }
  }

  /** Every record, used ones included, as plain data (what a saved world keeps). */
  snapshot(): EmailToken[] {
    return [...this.#byId.values()].map((record) => ({ ...record }))
  }

  /** Puts saved records back (a restart with `--state`). */
  load(records: readonly EmailToken[]): void {
    for (const saved of records) {
      const record = { ...saved }
      this.#byId.set(record.id, record)
      this.#byUserAndKind.set(`${record.userId}\u0000${record.kind}`, record)
      if (record.token) this.#byToken.set(record.token, record)
    }
  }

  /** Uses a token up: it no longer works. */
  use(token: string): void {
    const record = this.#byToken.get(token)
    if (!record) return
    this.#byToken.delete(token)
    record.token = null
  }
}
