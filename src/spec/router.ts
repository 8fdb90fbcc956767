import { operationSpecs, type OperationSpec } from './operations.js'

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'not-found' }

function matchSegments(operation: OperationSpec, actual: readonly string[]): Record<string, string> | null {
  const template = operation.segments
  if (template.length !== actual.length) return null
  // Literal segments first: most templates are ruled out without building anything.
  for (let i = 0; i < template.length; i++) {
    if (!template[i]!.startsWith('{') && template[i] !== actual[i]) return null
  }
  const params: Record<string, string> = {}
  for (let i = 0, p = 0; i < template.length; i++) {
    if (template[i]!.startsWith('{')) params[operation.pathParams[p++]!] = actual[i]!
  }
  return params
}

/** A segment that is not valid percent-encoding stays as it is: as an id it simply names no record. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * Finds the operation for a method and a path relative to the API's base URL.
 * Operations are tried most specific first (see `operationSpecs`). Segments are taken as the path has
 * them: an empty one (a trailing slash, a doubled slash) is an empty value where the template has a
 * parameter, so `/organization/users/` is `/organization/users/{userId}` with an empty id (a 400),
 * and matches no literal segment.
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const segments = pathname.split('/').slice(1).map(decodeSegment)
  const lowerMethod = method.toLowerCase()
  // The most specific template that matches owns the path: other methods there are a 405,
  // never a fall-through to a parameter route.
  let owner: string | undefined
  const allowed: string[] = []
  for (const operation of operationSpecs) {
    if (owner !== undefined && operation.path !== owner) continue
    const params = matchSegments(operation, segments)
    if (!params) continue
    owner = operation.path
    if (operation.method === lowerMethod) return { kind: 'operation', operation, params }
    allowed.push(operation.method.toUpperCase())
  }
  return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
}
