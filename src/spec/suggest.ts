import { operationSpecs, type OperationSpec } from './operations.js'

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** How far a path is from an operation's route: 0 per matching segment, more the less alike. */
function distance(method: string, segments: string[], operation: OperationSpec): number {
  let score = operation.method === method.toLowerCase() ? 0 : 0.5
  const length = Math.max(segments.length, operation.segments.length)
  for (let i = 0; i < length; i++) {
    const expected = operation.segments[i]
    const actual = segments[i]
    if (expected === undefined || actual === undefined) score += 1
    else if (!expected.startsWith('{')) score += editDistance(expected, actual) / Math.max(expected.length, actual.length)
  }
  return score
}

/**
 * The operations closest to a request that matched none, best first, as `GET /organization/users/{userId}`.
 * @example
 * suggestOperations('GET', '/organization/user/42') // ['GET /organization/users/{userId}', ...]
 */
export function suggestOperations(method: string, path: string, count = 2): string[] {
  const segments = path.split('/').filter(Boolean)
  const ranked = operationSpecs
    .map((operation) => ({ operation, score: distance(method, segments, operation) }))
    .sort((a, b) => a.score - b.score)
  // One suggestion per path: the best-scoring method, which is the request's own where the path has it.
  const seen = new Set<string>()
  return ranked
    .filter(({ operation }) => !seen.has(operation.path) && seen.add(operation.path))
    .slice(0, count)
    .map(({ operation }) => `${operation.method.toUpperCase()} ${operation.path}`)
}
