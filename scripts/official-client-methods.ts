// Lists the public methods of the official client's `ApiClient` (`src/api/client.ts` of
// github.com/flashbacknetwork/FlashbackClient) into test/official-client-methods.json, which
// test/official-client-names.test.ts checks the documentation's client-calls table against.
//
// git --git-dir=CLIENT.git show COMMIT:src/api/client.ts > client.ts
// git --git-dir=CLIENT.git show COMMIT:package.json > client-package.json
// npx tsx scripts/official-client-methods.ts client.ts client-package.json COMMIT
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The names of the public members of `class ApiClient` that are methods (arrow properties or declarations). */
export function apiClientMethods(source: string): string[] {
  const start = source.search(/export class ApiClient\b/)
  if (start < 0) throw new Error('no `export class ApiClient` in the source')
  const names = new Set<string>()
  // Two-space indentation is the class body's (prettier-formatted source); nested code is deeper.
  for (const match of source.slice(start).matchAll(/^ {2}public\s+(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?(?:<[^>]*>\s*)?\(|\(|<)/gm)) {
    names.add(match[1]!)
  }
  return [...names].sort()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [clientPath, packagePath, commit] = process.argv.slice(2)
  if (!clientPath || !packagePath || !commit) {
    console.error('Usage: tsx scripts/official-client-methods.ts client.ts client-package.json COMMIT')
    process.exit(2)
  }
  const pkg = JSON.parse(readFileSync(packagePath, 'utf8')) as { name: string; version: string }
  const methods = apiClientMethods(readFileSync(clientPath, 'utf8'))
  const target = new URL('../test/official-client-methods.json', import.meta.url)
  const list = {
    repository: 'https://github.com/flashbacknetwork/FlashbackClient',
    commit,
    path: 'src/api/client.ts',
    class: 'ApiClient',
    package: `${pkg.name}@${pkg.version}`,
    methods,
  }
  writeFileSync(target, JSON.stringify(list, null, 2) + '\n')
  console.log(`${methods.length} methods of ApiClient at ${commit}`)
}
