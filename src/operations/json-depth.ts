/**
 * How deep a request body's JSON may nest: far beyond any settings or record the docs show (three levels),
 * and far below what recursive work on it (validation, merging, serialising) can take before the stack runs out.
 */
export const JSON_DEPTH_LIMIT = 32

const OPEN_OBJECT = 0x7b // {
const OPEN_ARRAY = 0x5b // [
const CLOSE_OBJECT = 0x7d // }
const CLOSE_ARRAY = 0x5d // ]
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/**
 * Whether JSON text nests objects and arrays deeper than `limit`: one pass over the text, no recursion, run
 * before it is parsed. Brackets inside strings do not count; malformed text is left to the parser.
 * @example
 * nestsDeeperThan('{"a":{"b":[1]}}', 2) // true
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--
  }
  return false
}
