// The Node-only entry (`flashback-mock/server`): kept apart so browser bundles never see node:http.
export { createFlashbackServer, type FlashbackServer, type FlashbackServerOptions } from './public/create-flashback-server.js'
export { ControlTokenError } from './adapters/control-token.js'
export type { AnsweredRequest } from './adapters/node-server.js'
