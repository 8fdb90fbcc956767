/** The e-mails the backend sends: a registration's verification, an invitation, a password reset. */
export type EmailKind = 'verification' | 'invitation' | 'password-reset' | 'magic-link'

/** One e-mail the backend would have sent, as a test or a page reads it from the outbox. */
export interface OutboxMessage {
  /** The recipient's address, as the user record has it. */
  to: string
  kind: EmailKind
  subject: string
  /** The token the link carries, for the call that uses it (verify-email, activate, reset-password). */
  token: string
  /** The link the e-mail holds, to the app's page for it. */
  link: string
  /** When it was sent, on the mock's clock (ISO 8601). */
  sentAt: string
}

/** Which messages to list: of one recipient (any case), of one kind. */
export interface OutboxFilter {
  to?: string
  kind?: EmailKind
}

/** Not documented: a world keeps this many e-mails; a new one past it drops the oldest. */
export const OUTBOX_LIMIT = 1000

/** The e-mails of one world, oldest first, bounded by `OUTBOX_LIMIT`. */
export class Outbox {
  #messages: OutboxMessage[] = []
  // Where the kept messages start in #messages: dropping the oldest is a step of this, compacted now and then.
  #start = 0

  send(message: OutboxMessage): void {
    this.#messages.push(message)
    if (this.#messages.length - this.#start > OUTBOX_LIMIT) this.#start++
    if (this.#start >= OUTBOX_LIMIT) {
      this.#messages = this.#messages.slice(this.#start)
      this.#start = 0
    }
  }

  /** The kept messages that match, oldest first. */
  list(filter: OutboxFilter = {}): OutboxMessage[] {
    const to = filter.to?.toLowerCase()
    const kept = this.#start === 0 ? this.#messages : this.#messages.slice(this.#start)
    return kept.filter((m) => (to === undefined || m.to.toLowerCase() === to) && (filter.kind === undefined || m.kind === filter.kind)).map((m) => ({ ...m }))
  }

  /** The newest message to a recipient (of one kind, if given). */
  latest(to: string, kind?: EmailKind): OutboxMessage | undefined {
    const wanted = to.toLowerCase()
    for (let i = this.#messages.length - 1; i >= this.#start; i--) {
      const message = this.#messages[i]!
      if (message.to.toLowerCase() === wanted && (kind === undefined || message.kind === kind)) return { ...message }
    }
    return undefined
  }

  /** Puts saved messages back, oldest first (a restart with `--state`). */
  load(messages: readonly OutboxMessage[]): void {
    this.clear()
    for (const message of messages) this.send({ ...message })
  }

  get size(): number {
    return this.#messages.length - this.#start
  }

  clear(): void {
    this.#messages = []
    this.#start = 0
  }
}
