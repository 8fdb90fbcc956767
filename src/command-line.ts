// What the package's commands share about reading a command line: the name the user typed, and the first
// mistake in it as one sentence. Node's own parser throws on the first unknown option, with a stack.

/** A `parseArgs` option, as much of it as the checks below read. */
interface OptionConfig {
  type: 'string' | 'boolean'
}

/** A token of `parseArgs({ tokens: true })`, as much of it as the checks below read. */
type CommandLineToken =
  | { kind: 'positional'; value: string }
  | { kind: 'option'; name: string; rawName: string; value?: string | undefined; inlineValue?: boolean | undefined }
  | { kind: 'option-terminator' }

/** The package's commands: the server, the contract suite, and the verbs that steer a running server. */
type Command = 'start' | 'contract' | 'control'

// The npm scripts of this repository: `npm start` runs the bin, so the verbs are `npm start -- reset` here.
const SCRIPT: Record<Command, string> = { start: 'npm start --', contract: 'npm run contract --', control: 'npm start --' }
const BIN: Record<Command, string> = { start: 'flashback-mock', contract: 'flashback-mock contract', control: 'flashback-mock' }

/**
 * How the user started `command`, so the usage they read is one they can type again: `npm start --` or
 * `npm run contract --` in this repository, `npx flashback-mock [contract]` through npx, else the installed bin.
 */
export function commandName(command: Command): string {
  const event = process.env.npm_lifecycle_event
  // A project's own script of the same name runs the same way; the other script exists only in this repository.
  const inThisRepository = process.env.npm_package_name === 'flashback-mock' && (event === 'start' || event === 'contract')
  if (event === command || inThisRepository) return SCRIPT[command]
  return event === 'npx' ? `npx ${BIN[command]}` : BIN[command]
}

/**
 * The first mistake in a leniently parsed command line (`strict: false, tokens: true`), as one sentence:
 * an option `options` does not have, a value given to a flag, a value left out. Arguments are for
 * `unexpected` to describe, since only the command knows what a stray word probably meant.
 */
export function commandLineProblem(
  tokens: readonly CommandLineToken[],
  options: Readonly<Record<string, OptionConfig>>,
  unexpected: (argument: string) => string = (argument) => `Unexpected argument "${argument}"`,
): string | undefined {
  for (const token of tokens) {
    if (token.kind === 'positional') return unexpected(token.value)
    if (token.kind !== 'option') continue
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined
    if (!option) return `Unknown option ${token.rawName}`
    if (option.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value`
    // A value that is the next option (`--port --host x`) means the value was left out.
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      return `${token.rawName} needs a value`
    }
  }
  return undefined
}
