#!/usr/bin/env node
// The package's one command: `flashback-mock [options]` serves the mock; `flashback-mock contract [options]`
// runs the contract suite against a server. Each is loaded only when asked for.
if (process.argv[2] === 'contract') {
  process.argv.splice(2, 1)
  await import('./contract/cli.js')
} else {
  await import('./cli.js')
}
