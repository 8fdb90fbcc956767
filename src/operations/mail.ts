import { v4 as uuid } from 'uuid'
import type { EmailToken } from '../data/email-tokens.js'
import type { EmailKind } from '../data/outbox.js'
import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'
import type { FlashbackStore } from '../data/store.js'
import type { MockServices } from './context.js'

const HOUR_MS = 60 * 60 * 1000

/** How long each e-mail's token works: 24 hours is the register page's; the others are the mock's. */
const EMAIL_TOKEN_LIFETIME_MS: Readonly<Record<EmailKind, number>> = {
  verification: 24 * HOUR_MS,
  invitation: 7 * 24 * HOUR_MS,
  'password-reset': HOUR_MS,
  // The client's DEFAULT_MFA_CONFIG.magicLinkExpiry.
  'magic-link': 10 * 60 * 1000,
}

function subjectOf(kind: EmailKind, organization: OrganizationRecord | undefined): string {
  if (kind === 'verification') return 'Verify your e-mail address'
  if (kind === 'invitation') return `You are invited to join ${organization?.name ?? 'an organization'} on Flashback`
  if (kind === 'magic-link') return 'Your Flashback sign-in link'
  return 'Reset your Flashback password'
}

const PAGES: Readonly<Record<EmailKind, string>> = { verification: 'verify-email', invitation: 'activate', 'password-reset': 'reset-password', 'magic-link': 'magic-link' }

function linkOf(appUrl: string, kind: EmailKind, user: UserRecord, token: string): string {
  const query = new URLSearchParams(kind === 'invitation' ? { uid: user.id, token } : { token })
  const page = PAGES[kind]
  return `${appUrl}/${page}?${query}`
}

/**
 * Sends an e-mail of a kind to a user: a new token (the user's earlier one of that kind stops working) and the
 * message in the world's outbox, with its link to the app. Tokens are random, as the backend's are. `to` is the
 * account's address unless given (a magic link may go to another address).
 */
export function sendEmail(store: FlashbackStore, services: MockServices, user: UserRecord, kind: EmailKind, to = user.email): EmailToken {
  const now = services.now()
  const token = `${uuid()}${uuid()}`.replaceAll('-', '')
  const issued = store.emailTokens.issue(user.id, kind, token, now.getTime() + EMAIL_TOKEN_LIFETIME_MS[kind], uuid)
  const organization = user.orgId === null ? undefined : store.organization(user.orgId)
  store.outbox.send({
    to,
    kind,
    subject: subjectOf(kind, organization),
    token,
    link: linkOf(services.appUrl, kind, user, token),
    sentAt: now.toISOString(),
  })
  return issued
}
