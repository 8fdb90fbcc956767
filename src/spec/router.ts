import { operationSpecs, type OperationSpec } from './operations.js'

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'not-found' }

function matchSegments(template: readonly string[], actual: readonly string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < template.length; i++) {
    const expected = template[i]!
    const value = actual[i]!
    if (expected.startsWith('{')) {
      if (value === '') return null
      params[expected.slice(1, -1)] = value
    } else if (expected !== value) {
      return null
    }
  }
  return params
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * Finds the operation for a method and a path relative to the API's base URL.
 * Operations are tried most specific first (see `operationSpecs`).
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const raw = pathname.split('/').filter(Boolean)
  const segments = raw.map(decodeSegment)
  if (segments.includes(null)) return { kind: 'not-found' }
  const lowerMethod = method.toLowerCase()
  // The most specific template that matches owns the path: other methods there are a 405,
  // never a fall-through to a parameter route.
  let owner: string | undefined
  const allowed: string[] = []
  for (const operation of operationSpecs) {
    if (owner !== undefined && operation.path !== owner) continue
    const params = matchSegments(operation.segments, segments as string[])
    if (!params) continue
    owner = operation.path
    if (operation.method === lowerMethod) return { kind: 'operation', operation, params }
    allowed.push(operation.method.toUpperCase())
  }
  return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
}
