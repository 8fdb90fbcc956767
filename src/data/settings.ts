/** Free-form JSON settings, as the settings calls store them. */
export type Settings = Record<string, unknown>

function isObject(value: unknown): value is Settings {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

// Own properties only, set with defineProperty: a "__proto__" key from JSON stays a plain key and
// never reaches a prototype.
function put(target: Settings, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A copy of JSON data: settings handed out or taken in are never shared with the store. */
export function copySettings(settings: Settings): Settings {
  return JSON.parse(JSON.stringify(settings)) as Settings
}

/**
 * Applies a partial update: objects are merged key by key, anything else replaces what was there.
 * @example
 * mergeSettings({ security: { requireMFA: true, sessionTimeout: 3600 } }, { security: { requireMFA: false } })
 * // { security: { requireMFA: false, sessionTimeout: 3600 } }
 */
export function mergeSettings(current: Settings, patch: Settings): Settings {
  const merged = copySettings(current)
  for (const [key, value] of Object.entries(patch)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined
    put(merged, key, isObject(existing) && isObject(value) ? mergeSettings(existing, value) : value)
  }
  return merged
}

/**
 * Removes keys; a dot path (`notifications.push`) reaches into objects. A key that names nothing is ignored.
 * @example
 * deleteSettingsKeys({ theme: 'dark', notifications: { email: true, push: false } }, ['notifications.push'])
 * // { theme: 'dark', notifications: { email: true } }
 */
export function deleteSettingsKeys(current: Settings, keys: readonly string[]): Settings {
  const result = copySettings(current)
  for (const key of keys) {
    const path = key.split('.')
    let node: unknown = result
    for (const segment of path.slice(0, -1)) node = isObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined
    const last = path.at(-1)!
    if (isObject(node) && Object.hasOwn(node, last)) delete node[last]
  }
  return result
}
