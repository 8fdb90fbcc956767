import type { MockState } from '../mock-state.js'
import type { OperationResult } from '../operations/context.js'

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
