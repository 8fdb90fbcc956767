import type { MfaMethod, MfaRecord } from '../data/account-records.js'
import { afterFailure, lockoutMinutesLeft } from '../data/mfa-state.js'
import type { FlashbackStore } from '../data/store.js'
import type { MockServices } from './context.js'
import { ApiError } from './errors.js'

export const without = (methods: readonly MfaMethod[] | undefined, method: MfaMethod) => (methods ?? []).filter((m) => m !== method)
export const withMethod = (methods: readonly MfaMethod[] | undefined, method: MfaMethod) => [...without(methods, method), method]

/** 429 while a lockout runs. */
export function refuseWhileLocked(mfa: MfaRecord, now: number): void {
  const minutes = lockoutMinutesLeft(mfa, now)
  if (minutes > 0) throw new ApiError('TOO_MANY_ATTEMPTS', `Too many failed attempts: try again in ${minutes} minutes`)
}

/** Counts a failed verification (keeping it: a refusal that changes state on purpose) and refuses with 400, or 429 at the limit. */
export function fail(ctx: { store: FlashbackStore; services: MockServices }, userId: string, mfa: MfaRecord, message: string): never {
  const now = ctx.services.now().getTime()
  const after = afterFailure(mfa, now)
  ctx.store.account.setMfa(userId, after)
  refuseWhileLocked(after, now)
  throw new ApiError('INVALID_REQUEST', message)
}

/** What the `APIResponse<MFA…Result>` calls answer. */
export function done(message: string) {
  return { status: 200 as const, body: { success: true as const, message, data: { success: true as const, message } } }
}
