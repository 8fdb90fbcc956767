#!/usr/bin/env node
// The package's one command: `flashback-mock [options]` serves the mock; `flashback-mock contract [options]`
// runs the contract suite against a server; `flashback-mock reset|users|clock|fail` steer a running server.
// Each is loaded only when asked for.
const CONTROL_VERBS = ['reset', 'users', 'clock', 'fail']
if (process.argv[2] === 'contract') {
  process.argv.splice(2, 1)
  await import('./contract/cli.js')
} else if (CONTROL_VERBS.includes(process.argv[2] ?? '')) {
  await import('./control-cli.js')
} else {
  await import('./cli.js')
}
