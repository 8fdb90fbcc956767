import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { operationSpecs } from '../src/spec/operations.js'

const page = readFileSync(new URL('../docs/operations.md', import.meta.url), 'utf8')

/** The rows of the operations table: `| \`METHOD path\` | operationId | who | statuses |`. */
const rows = new Map(
  [...page.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \| (\w+) \| [^|]+ \| ([\d ]+) \|$/gm)].map((m) => [m[3]!, { method: m[1]!, path: m[2]!, statuses: m[4]!.trim() }]),
)

describe("docs/operations.md's table of operations", () => {
  it.each(operationSpecs.map((o) => [o.id, o] as const))('has a row for %s with its method, path and every documented status', (id, operation) => {
    expect(rows.get(id), `no row for ${id}`).toEqual({
      method: operation.method.toUpperCase(),
      path: operation.path,
      statuses: [...operation.responses.keys()].sort((a, b) => a - b).join(' '),
    })
  })

  it('lists no operation the document does not have', () => {
    expect([...rows.keys()].filter((id) => !operationSpecs.some((o) => o.id === id))).toEqual([])
  })
})
