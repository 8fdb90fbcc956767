/** The e2e suite's second server, started with a control token: the console asks for it. */
export const GUARDED_PORT = 4413
export const GUARDED_TOKEN = 'e2e-control-token'
