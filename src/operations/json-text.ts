/**
 * The JSON text of answers, with the text of shared parts kept. A list answers every member of an
 * organization at each call, unchanged between writes, and `JSON.stringify` of ten users was most of what
 * the standalone server spent on a list beyond what a bare `node:http` server spends: a presented value
 * that is frozen and shared (`shared()`) is turned into JSON once, and its text is reused in every answer
 * that carries it. The text is what `JSON.stringify` gives, byte for byte (a property test holds it to that).
 */

// A shared value, with its text once an answer has needed it (null until then).
const texts = new WeakMap<object, string | null>()

/**
 * Freezes a presented value (and the arrays and objects inside it) so that answers can share it, and
 * marks it for its text to be kept. Answers never hand their body objects out: every transport sends text.
 * @example
 * const presented = shared({ id: user.id, orgRoles: [0, 1, 2] })
 */
export function shared<T extends object>(value: T): T {
  deepFreeze(value)
  texts.set(value, null)
  return value
}

function deepFreeze(value: object): void {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner)
  Object.freeze(value)
}

// Answers nest shared values at most this deep (a list's `data` holds users): deeper, nothing is looked for.
const SHARED_DEPTH = 2

/**
 * `JSON.stringify(body)`, reusing the text of the shared values in it.
 * @example
 * jsonText({ success: true, data: [presentUser(a), presentUser(b)], total: 2 })
 */
export function jsonText(body: unknown): string {
  // Typed as JSON.stringify's own result is: undefined only for a body that is not JSON (none is).
  return textOf(body, 0) as string
}

/** Whether a value is, or holds within `SHARED_DEPTH`, a shared value: then it is written part by part. */
function holdsShared(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (texts.has(value)) return true
  if (depth >= SHARED_DEPTH || !isPlainContainer(value)) return false
  for (const inner of Array.isArray(value) ? value : Object.values(value)) if (holdsShared(inner, depth + 1)) return true
  return false
}

// Only arrays and plain objects without `toJSON` are written part by part; JSON.stringify writes anything else.
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

/** The JSON text of a value, or undefined where JSON.stringify gives undefined (a function, `undefined`). */
function textOf(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  const known = texts.get(value)
  if (known !== undefined) {
    if (known !== null) return known
    const text = JSON.stringify(value)
    texts.set(value, text)
    return text
  }
  if (!holdsShared(value, depth)) return JSON.stringify(value)
  if (Array.isArray(value)) {
    const items: string[] = []
    for (let i = 0; i < value.length; i++) items.push(textOf(value[i], depth + 1) ?? 'null')
    return `[${items.join(',')}]`
  }
  const members: string[] = []
  for (const [key, inner] of Object.entries(value)) {
    const text = textOf(inner, depth + 1)
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${members.join(',')}}`
}
