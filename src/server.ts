// The Node-only entry (`flashback-mock/server`): kept apart so browser bundles never see node:http.
export { createFlashbackServer, type FlashbackServer, type FlashbackServerOptions } from './adapters/node-server.js'
export { ControlTokenError } from './adapters/control-token.js'
