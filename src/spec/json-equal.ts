/**
 * Deep equality of JSON values, used by the compiled validators for `const` and `enum` in place of
 * ajv's default (fast-deep-equal), which first compares constructors. A body may hold arrays and
 * objects made in another realm (Jest runs each test file in a `vm` context; `structuredClone` and
 * `Response.json()` there come from the outer one): the same JSON must still be equal, so this looks
 * only at `Array.isArray`, `typeof` and own keys, never at prototypes.
 *
 * @example
 * jsonEqual(vm.runInNewContext('[]'), []) // true, where fast-deep-equal says false
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b)
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => jsonEqual(item, b[i]))
  }
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
