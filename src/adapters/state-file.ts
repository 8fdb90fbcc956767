import { readFileSync, statSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { readStateDocument, SavedStateError, type SavedState } from '../mock/saved-state.js'

/**
 * A state file the server refuses to start with (`createFlashbackServer({ stateFile })` throws it): the message
 * names the file and every problem, and the file is left as it is.
 * @example
 * try {
 *   createFlashbackServer({ stateFile: '.flashback-mock.json' })
 * } catch (error) {
 *   if (error instanceof StateFileError) console.error(error.message) // .flashback-mock.json: it is not JSON (…); it is left as it is
 * }
 */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}; it is left as it is`)
  }
}

/**
 * The state saved in a file, or undefined when there is none yet (it is made at the first save). Reads only:
 * a file it refuses (not JSON, another format or version, a broken record) stays byte for byte as it was.
 */
export function readStateFile(file: string): SavedState | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') throw new StateFileError(file, `cannot be read (${(error as Error).message})`)
    const directory = dirname(file)
    if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) throw new StateFileError(file, `its directory ${directory} does not exist`)
    return undefined
  }
  try {
    return readStateDocument(text)
  } catch (error) {
    if (error instanceof SavedStateError) throw new StateFileError(file, error.message)
    throw error
  }
}

/**
 * Writes a file so that it is always whole: the text goes to a temporary file in the same directory, is
 * flushed to the disk, and is renamed over the file (a rename within a directory is atomic). Owner-only:
 * the state holds users' passwords.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  // One name per file: a temporary file a killed process left behind is overwritten by the next save.
  const temporary = join(dirname(file), `.${basename(file)}.tmp`)
  const handle = await open(temporary, 'w', 0o600)
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, file)
}

export interface StateSaverOptions {
  file: string
  /** The whole document's text, read from the worlds now. */
  render: () => Promise<string>
  /** How long a change nobody waits for may wait for others to join its save. Default 50 ms. */
  debounceMs?: number
  /** Told of a save that failed (a full disk, a removed directory); the next change tries again. */
  onError?: (error: Error) => void
}

interface Waiter {
  change: number
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * Saves a server's worlds to a file after each change. Changes are numbered; a save takes the number of the
 * latest change before it reads the worlds, so once it is renamed into place every change up to that number
 * is on disk. `durable()` is what an answer to a write waits for: it asks for a save at once (or right after
 * the one running), so writes arriving during a save share the next one; changes nobody waits for are saved
 * after `debounceMs`.
 */
export class StateSaver {
  readonly #options: StateSaverOptions
  readonly #debounceMs: number
  #changes = 0
  #saved = 0
  #failed = 0
  #saving: Promise<void> | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #waiters: Waiter[] = []

  constructor(options: StateSaverOptions) {
    this.#options = options
    this.#debounceMs = options.debounceMs ?? 50
  }

  /** A change was made: it is saved within `debounceMs`, with whatever else changes meanwhile. */
  changed(): void {
    this.#changes++
    this.#schedule(false)
  }

  /** Resolves once every change made so far is in the file; rejects if the save that should hold it fails. */
  durable(): Promise<void> {
    const change = this.#changes
    if (change <= this.#saved) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.#waiters.push({ change, resolve, reject })
      this.#schedule(true)
    })
  }

  /** Saves what is pending now (a clean stop), and resolves when it is in the file. */
  flush(): Promise<void> {
    return this.durable()
  }

  #schedule(now: boolean): void {
    // A save running: it reschedules when it ends.
    if (this.#saving) return
    if (this.#timer !== undefined) {
      if (!now) return
      clearTimeout(this.#timer)
    }
    if (now) return void this.#start()
    this.#timer = setTimeout(() => this.#start(), this.#debounceMs)
    this.#timer.unref?.()
  }

  #start(): void {
    this.#timer = undefined
    this.#saving = this.#save().finally(() => {
      this.#saving = undefined
      const pending = this.#changes > Math.max(this.#saved, this.#failed)
      if (pending) this.#schedule(this.#waiters.length > 0)
    })
  }

  async #save(): Promise<void> {
    // Every change numbered up to here is in the worlds the render reads.
    const change = this.#changes
    try {
      await writeWhole(this.#options.file, await this.#options.render())
      this.#saved = change
      this.#settle(change, (waiter) => waiter.resolve())
    } catch (error) {
      this.#failed = change
      const failure = new Error(`The state file ${this.#options.file} could not be saved: ${(error as Error).message}`)
      this.#settle(change, (waiter) => waiter.reject(failure))
      this.#options.onError?.(failure)
    }
  }

  #settle(change: number, settle: (waiter: Waiter) => void): void {
    const waiting = this.#waiters
    this.#waiters = []
    for (const waiter of waiting) {
      if (waiter.change <= change) settle(waiter)
      else this.#waiters.push(waiter)
    }
  }
}
