import { readFileSync, watch } from 'node:fs'
import { basename, dirname } from 'node:path'
import { fixtureChanges } from './data/fixture-diff.js'
import { fixtureProblems } from './data/fixture-check.js'
import type { Fixture } from './data/fixture.js'

// Editors save in steps (a temporary file, a rename, a second write): the file is read once it has been still this long.
const SETTLE_MS = 100

export interface FixtureWatchOptions {
  /** The file as the command line names it, shown in every line. */
  file: string
  /** The fixture the server started with. */
  loaded: Fixture
  /** Puts a checked fixture in place; resolves with the names of the worlds it reset. */
  reload: (fixture: Fixture) => Promise<string[]>
  log: (line: string) => void
}

/**
 * Reloads a fixture file whenever it changes (`--watch`): the worlds made from it are reset to the new fixture
 * and one line says what changed; a file that is not a fixture the mock loads is refused with each problem
 * named, and the worlds keep the fixture they have. The directory is watched, not the file, since an editor
 * that saves by renaming a new file over the old one would end a watch on the file itself.
 */
export function watchFixtureFile({ file, loaded, reload, log }: FixtureWatchOptions): { close(): void } {
  let current = loaded
  let lastText = JSON.stringify(loaded)
  let timer: ReturnType<typeof setTimeout> | undefined
  // One reload at a time, in the order of the changes.
  let reloading = Promise.resolve()

  const refuse = (why: string, problems: readonly string[] = []) => {
    log(`fixture ${file} not reloaded: ${why}; the worlds keep the fixture they have`)
    for (const problem of problems) log(`  - ${problem}`)
  }

  async function check(): Promise<void> {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      // Gone for a moment while an editor replaces it: the next event brings it back.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      return refuse(`it cannot be read (${(error as Error).message})`)
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return refuse(`it is not JSON (${(error as Error).message})`)
    }
    // The same fixture saved again (or only its layout changed): nothing to reset.
    if (JSON.stringify(value) === lastText) return
    const problems = fixtureProblems(value)
    if (problems.length) return refuse(problems.length === 1 ? 'a problem' : `${problems.length} problems`, problems)
    const fixture = value as Fixture
    try {
      const reset = await reload(fixture)
      log(`fixture ${file} reloaded: ${fixtureChanges(current, fixture)} (${reset.length === 1 ? 'world' : 'worlds'} reset: ${reset.join(', ') || 'none'})`)
      current = fixture
      lastText = JSON.stringify(value)
    } catch (error) {
      refuse((error as Error).message)
    }
  }

  const watcher = watch(dirname(file), (_event, name) => {
    if (name !== null && name !== basename(file)) return
    clearTimeout(timer)
    timer = setTimeout(() => (reloading = reloading.then(check)), SETTLE_MS)
  })
  return {
    close() {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
