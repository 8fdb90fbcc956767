// npm run generate:document: `src/spec/runtime-document.generated.json`, the document the mock runs on: the
// contract without its prose (descriptions, summaries, examples, tags, assumptions), so that a page does not
// load the docs' examples to answer requests (decisions/021). Run before `generate:validators`, which
// compiles this document's schemas.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const documentPath = fileURLToPath(new URL('../openapi/flashback.openapi.json', import.meta.url))
export const runtimeDocumentPath = fileURLToPath(new URL('../src/spec/runtime-document.generated.json', import.meta.url))

/** Keywords that only explain: no route, rule, status or schema reads them. */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'tags', 'x-mock-assumption', 'x-mock-assumptions', 'x-docs-example'])
/** Maps whose keys are names chosen by the document (a property called `description`), not keywords. */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'responses', 'parameters', 'paths', 'securitySchemes', 'requestBodies', 'headers', 'content', 'links', 'callbacks'])

/** A node of the document without its prose. Extensions (`x-access`) are the mock's own data: kept as written. */
export function withoutProse(node: unknown, keysAreNames = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item))
  if (!node || typeof node !== 'object') return node
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && PROSE.has(key)) continue
    kept[key] = key.startsWith('x-') && !keysAreNames ? value : withoutProse(value, !keysAreNames && NAMED.has(key))
  }
  return kept
}

/** The generated file's text. */
export function runtimeDocumentSource(): string {
  return `${JSON.stringify(withoutProse(JSON.parse(readFileSync(documentPath, 'utf8'))), null, 1)}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(runtimeDocumentPath, runtimeDocumentSource())
  console.log(`Wrote ${runtimeDocumentPath}`)
}
