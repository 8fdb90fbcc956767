import { Roles, type OrgRole } from '../access/roles.js'
import type { FlashbackStore } from '../data/store.js'
import type { UserRecord } from '../data/record-schemas.js'
import { ApiError } from './errors.js'

const LAST_OWNER = 'Cannot remove the last OWNER of the organization'

function activeOwners(store: FlashbackStore, orgId: string | null): number {
  return store.usersOf(orgId).filter((u) => u.orgRole === Roles.OWNER && u.deletedAt === null).length
}

/**
 * Every organization keeps an active OWNER: refuses (400) a change that would take the role from the
 * last one, whichever endpoint makes it (the role page, the organization-user update).
 */
export function keepAnOwner(store: FlashbackStore, target: UserRecord, newRole: OrgRole): void {
  const losesOwner = newRole !== Roles.OWNER && target.orgRole === Roles.OWNER
  if (losesOwner && target.deletedAt === null && activeOwners(store, target.orgId) === 1) {
    throw new ApiError('INVALID_REQUEST', LAST_OWNER)
  }
}

/** Refuses (400) soft-deleting the last active OWNER. */
export function keepAnOwnerOnDelete(store: FlashbackStore, target: UserRecord): void {
  if (target.orgRole === Roles.OWNER && activeOwners(store, target.orgId) === 1) throw new ApiError('INVALID_REQUEST', LAST_OWNER)
}
