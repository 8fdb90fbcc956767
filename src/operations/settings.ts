import { StoredSettings, type Settings } from '../data/settings.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'

const KEYS_REQUIRED = 'Keys array is required and must not be empty'

function isObject(value: unknown): value is Settings {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

// The settings pages answer one documented 400 per call; the bodies are checked here so that is the message.
function replacement(body: unknown, failure: string): Settings {
  const settings = (body as Settings).settings
  if (!isObject(settings)) throw new ApiError('INVALID_REQUEST', failure)
  return settings
}

function patch(body: unknown, failure: string): Settings {
  if (Object.keys(body as Settings).length === 0) throw new ApiError('INVALID_REQUEST', failure)
  return body as Settings
}

function keysToDelete(body: unknown): string[] {
  const keys = (body as Settings).keys
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string' && key !== '')) {
    throw new ApiError('INVALID_REQUEST', KEYS_REQUIRED)
  }
  return keys as string[]
}

/** The settings to store, refused (400, nothing stored) when over the limits. */
function withinLimits(settings: StoredSettings): StoredSettings {
  const problem = settings.overLimit()
  if (problem) throw new ApiError('INVALID_REQUEST', problem)
  return settings
}

/** The caller's organization: present, as `x-access` (organization `caller`) has checked. */
function orgIdOf(ctx: { caller: { orgId: string | null } }): string {
  return ctx.caller.orgId!
}

/** User and organization settings: free-form JSON, stored as sent within the limits. Organization writes need ADMINISTRATORS (see `x-access`). */
export const settingsResolvers = {
  getUserSettings(ctx: OperationContext<'getUserSettings'>): Reply<'getUserSettings'> {
    return { status: 200, body: { success: true, settings: ctx.store.account.userSettings(ctx.caller.id).view() } }
  },

  replaceUserSettings(ctx: OperationContext<'replaceUserSettings'>): Reply<'replaceUserSettings'> {
    const settings = StoredSettings.adopt(replacement(ctx.body, 'Failed to update user settings'))
    ctx.store.account.setUserSettings(ctx.caller.id, withinLimits(settings))
    return { status: 200, body: { success: true, message: 'User settings updated successfully' } }
  },

  updateUserSettings(ctx: OperationContext<'updateUserSettings'>): Reply<'updateUserSettings'> {
    const changes = patch(ctx.body, 'Failed to partially update user settings')
    ctx.store.account.setUserSettings(ctx.caller.id, withinLimits(ctx.store.account.userSettings(ctx.caller.id).merge(changes)))
    return { status: 200, body: { success: true, message: 'User settings partially updated successfully' } }
  },

  deleteUserSettingsKeys(ctx: OperationContext<'deleteUserSettingsKeys'>): Reply<'deleteUserSettingsKeys'> {
    const keys = keysToDelete(ctx.body)
    ctx.store.account.setUserSettings(ctx.caller.id, ctx.store.account.userSettings(ctx.caller.id).without(keys))
    return { status: 200, body: { success: true, message: 'User settings keys deleted successfully' } }
  },

  getOrganizationSettings(ctx: OperationContext<'getOrganizationSettings'>): Reply<'getOrganizationSettings'> {
    return { status: 200, body: { success: true, settings: ctx.store.account.organizationSettings(orgIdOf(ctx)).view() } }
  },

  replaceOrganizationSettings(ctx: OperationContext<'replaceOrganizationSettings'>): Reply<'replaceOrganizationSettings'> {
    const settings = StoredSettings.adopt(replacement(ctx.body, 'Failed to update organization settings'))
    ctx.store.account.setOrganizationSettings(orgIdOf(ctx), withinLimits(settings))
    return { status: 200, body: { success: true, message: 'Organization settings updated successfully' } }
  },

  updateOrganizationSettings(ctx: OperationContext<'updateOrganizationSettings'>): Reply<'updateOrganizationSettings'> {
    const changes = patch(ctx.body, 'Failed to partially update organization settings')
    const orgId = orgIdOf(ctx)
    ctx.store.account.setOrganizationSettings(orgId, withinLimits(ctx.store.account.organizationSettings(orgId).merge(changes)))
    return { status: 200, body: { success: true, message: 'Organization settings partially updated successfully' } }
  },

  deleteOrganizationSettingsKeys(ctx: OperationContext<'deleteOrganizationSettingsKeys'>): Reply<'deleteOrganizationSettingsKeys'> {
    const keys = keysToDelete(ctx.body)
    const orgId = orgIdOf(ctx)
    ctx.store.account.setOrganizationSettings(orgId, ctx.store.account.organizationSettings(orgId).without(keys))
    return { status: 200, body: { success: true, message: 'Organization settings keys deleted successfully' } }
  },
}
