// The Node-only entry (`flashback-mock/server`): kept apart so browser bundles never see node:http.
export { createFlashbackServer, type FlashbackServer, type FlashbackServerOptions, type LoadedState } from './public/create-flashback-server.js'
export { StateFileError } from './adapters/state-file.js'
export { FixtureError } from './data/fixture-check.js'
export { ControlTokenError } from './adapters/control-token.js'
export type { AnsweredRequest } from './adapters/node-server.js'
