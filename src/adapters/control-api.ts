import type { IncomingMessage } from 'node:http'
import type { MockState } from '../mock-state.js'
import type { OperationResult } from '../operations/context.js'
import { fromLocalOrigin } from './cors.js'

/**
 * Who may use the control API: never a page from another origin (a cross-site form could otherwise
 * reset a developer's mock), and, when the server has a control token, only who sends it.
 */
export function refuseControl(request: IncomingMessage, controlToken: string | undefined): OperationResult | null {
  if (!fromLocalOrigin(request)) {
    return { status: 403, body: { success: false, message: 'The control API answers only pages on this machine' } }
  }
  if (controlToken !== undefined && request.headers['x-control-token'] !== controlToken) {
    return { status: 401, body: { success: false, message: 'The control API needs the X-Control-Token header given by --control-token' } }
  }
  return null
}

/**
 * The standalone server's `/__mock/` endpoints: `GET /__mock/users` (every user with its token)
 * and `POST /__mock/reset` (back to the fixture).
 */
export async function runControl(state: MockState, method: string, path: string): Promise<OperationResult> {
  const route = `${method} ${path.replace(/\/+$/, '')}`
  if (route === 'GET /__mock/users') {
    await state.ready()
    return { status: 200, body: { users: state.users() } }
  }
  if (route === 'POST /__mock/reset') {
    await state.reset()
    return { status: 200, body: { success: true, message: 'Mock reset to its fixture' } }
  }
  return { status: 404, body: { success: false, message: `No control endpoint ${route}; try GET /__mock/users or POST /__mock/reset` } }
}
