// The suite runs on msw 2 and msw 3. msw 3 renamed `server.listen()` and `worker.start()`'s
// `onUnhandledRequest` to `onUnhandledFrame` (it covers WebSocket frames too), with the same values.
// The installed major is read from msw's own package.json, so the same file works in Node and in the
// browser bundle of `test/browser/page.ts`.
import mswPackage from 'msw/package.json' with { type: 'json' }

/** The major version of the installed msw: 2 or 3. */
export const mswMajor = Number(mswPackage.version.split('.')[0])

type Strategy = 'bypass' | 'warn' | 'error'

/** Either of the two spellings; each major's option type accepts the value that has its name. */
export interface UnhandledOption {
  onUnhandledRequest?: Strategy
  onUnhandledFrame?: Strategy
}

/**
 * The unhandled-request option under the installed major's name.
 * @example
 * beforeAll(() => server.listen(unhandledOption('error')))
 */
export function unhandledOption(strategy: Strategy): UnhandledOption {
  return mswMajor >= 3 ? { onUnhandledFrame: strategy } : { onUnhandledRequest: strategy }
}
