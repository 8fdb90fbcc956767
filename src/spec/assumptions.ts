import { apiDocument } from './full-document.js'

export interface Assumption {
  /** Where in the document, e.g. `PUT /organization/users/{userId}` or `schema OrgRoleDescription`. */
  where: string
  text: string
}

function label(path: string[]): string {
  if (path[0] === 'paths') {
    const [, route, method, ...rest] = path
    const response = rest[0] === 'responses' ? ` ${rest[1]}` : ''
    return `${method?.toUpperCase()} ${route}${response}`
  }
  if (path[0] === 'components') {
    const props = path.slice(3).filter((p) => p !== 'properties')
    return `${path[1] === 'schemas' ? 'schema' : 'response'} ${path[2]}${props.length ? `.${props.join('.')}` : ''}`
  }
  return path[path.length - 1] === 'x-mock-assumptions' ? 'general' : path.join('.')
}

/**
 * Every behaviour the docs leave open and the mock decides, as marked by `x-mock-assumption`
 * in the document, in document order.
 * @example
 * for (const { where, text } of listAssumptions()) console.log(`${where}: ${text}`)
 */
export function listAssumptions(): Assumption[] {
  const found: Assumption[] = []
  const visit = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-mock-assumption' && typeof value === 'string') found.push({ where: label(path), text: value })
      else if (key === 'x-mock-assumptions') {
        for (const text of Object.values(value as Record<string, string>)) found.push({ where: 'general', text })
      } else visit(value, [...path, key])
    }
  }
  visit(apiDocument, [])
  return found
}
