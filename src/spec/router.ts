import { operationSpecs, type OperationSpec } from './operations.js'

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'not-found' }

/** An operation's template as the router compares it: each literal segment, or null for a parameter. */
interface Route {
  operation: OperationSpec
  literals: readonly (string | null)[]
}

// Only templates with as many segments as the path can match it: each path is compared with those alone,
// in `operationSpecs` order.
const routesBySegmentCount = new Map<number, Route[]>()
for (const operation of operationSpecs) {
  const routes = routesBySegmentCount.get(operation.segments.length) ?? []
  routes.push({ operation, literals: operation.segments.map((s) => (s.startsWith('{') ? null : s)) })
  routesBySegmentCount.set(operation.segments.length, routes)
}

function matchSegments({ operation, literals }: Route, actual: readonly string[]): Record<string, string> | null {
  // Literal segments first: most templates are ruled out without building anything.
  for (let i = 0; i < literals.length; i++) {
    if (literals[i] !== null && literals[i] !== actual[i]) return null
  }
  const params: Record<string, string> = {}
  for (let i = 0, p = 0; i < literals.length; i++) {
    if (literals[i] === null) params[operation.pathParams[p++]!] = actual[i]!
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
  let byPath = knownMatches.get(method)
  if (byPath === undefined) knownMatches.set(method, (byPath = new Map()))
  let match = byPath.get(pathname)
  if (match === undefined) {
    if (byPath.size >= KNOWN_PATHS_PER_METHOD) byPath.clear()
    match = frozen(findRoute(method, pathname))
    byPath.set(pathname, match)
  }
  return match
}

// Clients ask for the same few paths again and again (a page reloads its user, a test polls a list): the
// match of each is kept, frozen, by method and path, up to this many paths a method (then they start over).
// Finding a route split the path and compared it with every template of its length at every request.
const KNOWN_PATHS_PER_METHOD = 1000
const knownMatches = new Map<string, Map<string, RouteMatch>>()

function frozen(match: RouteMatch): RouteMatch {
  if (match.kind === 'operation') Object.freeze(match.params)
  if (match.kind === 'method-not-allowed') Object.freeze(match.allowed)
  return Object.freeze(match)
}

function findRoute(method: string, pathname: string): RouteMatch {
  // The segments after the leading slash (one array, not a split and a copy without its first item).
  const raw = pathname.startsWith('/') ? pathname.slice(1).split('/') : pathname.split('/').slice(1)
  const segments = pathname.includes('%') ? raw.map(decodeSegment) : raw
  const lowerMethod = method.toLowerCase()
  // The most specific template that matches owns the path: other methods there are a 405,
  // never a fall-through to a parameter route.
  let owner: string | undefined
  const allowed: string[] = []
  for (const route of routesBySegmentCount.get(segments.length) ?? []) {
    const { operation } = route
    if (owner !== undefined && operation.path !== owner) continue
    const params = matchSegments(route, segments)
    if (!params) continue
    owner = operation.path
    if (operation.method === lowerMethod) return { kind: 'operation', operation, params }
    allowed.push(operation.method.toUpperCase())
  }
  return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
}
