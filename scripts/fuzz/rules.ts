import { responseProblem } from '../../src/operations/response-check.js'
import { matchRoute, type RouteMatch } from '../../src/spec/router.js'
import type { ListedUser, FuzzRequest } from './steps.js'
import type { FuzzResponse } from './transports.js'

const OWNER = 255
const WORKSPACES = 2

/** Everything the rules look at for one request. */
export interface Observation {
  request: FuzzRequest
  response: FuzzResponse
  /** `GET /__mock/users` just before and just after the request. */
  before: readonly ListedUser[]
  after: readonly ListedUser[]
  /** The status of a fault injected on this request's operation and not yet answered, if any. */
  injectedStatus: number | undefined
}

/** The route the server gives a request target, or null for a target that names no path. */
export function routeOf(request: FuzzRequest): RouteMatch | null {
  if (!request.target.startsWith('/') || request.target.startsWith('//')) return null
  // Both fetch (before Prism) and the server resolve dot segments as URL parsing does.
  try {
    return matchRoute(request.method, new URL(request.target, 'http://127.0.0.1').pathname)
  } catch {
    return null
  }
}

interface Violation {
  location: string[]
  code?: string | number
  message: string
}

function prismViolations(response: FuzzResponse): Violation[] {
  const header = response.headers['sl-violations']
  if (!header) return []
  try {
    return JSON.parse(header) as Violation[]
  } catch {
    // Prism cuts a long list: "Too many violations! [..." is still evidence of a response violation if it says so.
    return header.includes('"response"') ? [{ location: ['response'], message: header.slice(0, 300) }] : [{ location: ['request'], message: 'many' }]
  }
}

/** Request violations Prism saw: the request breaks the document (expected for mutated requests). */
export function requestViolations(response: FuzzResponse): number {
  return prismViolations(response).filter((v) => v.location[0] === 'request').length
}

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return null
  }
}

const isPrismsOwnAnswer = (response: FuzzResponse) => (response.headers['content-type'] ?? '').startsWith('application/problem+json')
const isJson = (response: FuzzResponse) => /^application\/json\b/i.test(response.headers['content-type'] ?? '')

/** Problems with the answer itself: no answer, an unexpected 5xx, or a body the document does not allow. */
async function answerProblem(observation: Observation): Promise<string | null> {
  const { request, response, injectedStatus } = observation
  if (response.status === null) return `no answer (${response.failure})`
  const status = response.status
  if (request.via === 'prism' && isPrismsOwnAnswer(response)) {
    // Prism answered itself: a 5xx there means it could not reach the server (a crash or a dropped connection).
    return status >= 500 ? `Prism could not get an answer from the server: ${response.text.slice(0, 300)}` : null
  }
  if (status >= 500 && status !== injectedStatus) return `answered ${status}, a server error that was not injected`
  const responseViolations = prismViolations(response).filter((v) => v.location[0] === 'response')
  if (responseViolations.length > 0) {
    return `the response breaks the document (Prism): ${responseViolations.map((v) => `${v.location.join('.')} ${v.message}`).join('; ')}`
  }
  // Prism reads the Bearer scheme case-sensitively; HTTP does not (RFC 9110 §11.1), nor does the server.
  const requestSide = prismViolations(response).filter((v) => v.location[0] === 'request' && v.code !== 401)
  if (status >= 200 && status < 300 && requestSide.length > 0) {
    return `answered ${status} to a request the document forbids (Prism: ${requestSide.map((v) => `${v.location.join('.')} ${v.message}`).join('; ')})`
  }
  if (request.method === 'HEAD' || status === 204) return null
  if (!isJson(response)) {
    // Node's HTTP parser answers a request it cannot read (a lowercase or unknown method) with a bare 400.
    return status === 400 && response.text === '' ? null : `answered ${status} with a body that is not JSON: ${response.text.slice(0, 200)}`
  }
  const body = parseJson(response.text)
  if (!body) return `answered ${status} with invalid JSON: ${response.text.slice(0, 200)}`
  const route = routeOf(request)
  if (route?.kind === 'operation') return responseProblem(route.operation, status, body.value)
  const value = body.value as { success?: unknown; message?: unknown }
  if (status >= 400 && (value?.success !== false || typeof value.message !== 'string')) {
    return `answered ${status} without the { success: false, message } error shape: ${response.text.slice(0, 200)}`
  }
  return null
}

/** Who sent the request: the user whose credentials it started from, never whom a forged token names. */
function callerOf(request: FuzzRequest, users: readonly ListedUser[]): ListedUser | undefined {
  return request.callerId === null ? undefined : users.find((u) => u.id === request.callerId)
}

const activeOwnerOrganizations = (users: readonly ListedUser[]) =>
  new Set(users.filter((u) => u.orgRole === OWNER && u.deletedAt === null && u.orgId !== null).map((u) => u.orgId))

const describeUser = (user: ListedUser) => `${user.email} (${user.id}, role ${user.orgRole}${user.deletedAt ? ', deleted' : ''})`

const withoutToken = ({ token: _token, ...user }: ListedUser) => JSON.stringify(user)

/** The one user a request's path names, when the route has a `userId`. */
function targetIdOf(route: RouteMatch | null): string | undefined {
  return route?.kind === 'operation' ? route.params.userId : undefined
}

/** Problems with how the store changed: the role rules, the last OWNER, and "a refused request changes nothing". */
function stateProblem(observation: Observation): string | null {
  const { request, response, before, after } = observation
  const status = response.status ?? 0
  const succeeded = status >= 200 && status < 300
  const readOnly = ['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())

  const ownersBefore = activeOwnerOrganizations(before)
  const ownersAfter = activeOwnerOrganizations(after)
  for (const orgId of ownersBefore) if (!ownersAfter.has(orgId)) return `organization ${orgId} no longer has an active OWNER`

  if (!succeeded || readOnly) {
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      const changed = after.filter((u) => JSON.stringify(u) !== JSON.stringify(before.find((b) => b.id === u.id)))
      return `a request answered ${response.status ?? 'nothing'} changed users: ${changed.map(describeUser).join(', ') || 'one was removed'}`
    }
    return null
  }

  const route = routeOf(request)
  const operationId = route?.kind === 'operation' ? route.operation.id : undefined
  const caller = callerOf(request, before)
  const callerMayManage = caller !== undefined && caller.deletedAt === null && caller.orgId !== null && (caller.orgRole ?? 0) >= WORKSPACES
  const body = parseJson(request.body ?? '')?.value as Record<string, unknown> | undefined

  for (const old of before) if (!after.some((u) => u.id === old.id)) return `user ${describeUser(old)} disappeared`

  const created = after.filter((u) => !before.some((b) => b.id === u.id))
  // Registration creates one user, the OWNER of an organization nobody was in before.
  if (operationId === 'registerUser' && status === 201 && created.length === 1) {
    const user = created[0]!
    if (user.orgRole !== OWNER || before.some((b) => b.orgId === user.orgId)) return `registration created ${describeUser(user)} in an existing organization or below OWNER`
  } else if (created.length > 0) {
    if (operationId !== 'createOrganizationUser' || status !== 201 || created.length !== 1) {
      return `users appeared without one 201 to a create: ${created.map(describeUser).join(', ')}`
    }
    const user = created[0]!
    if (!callerMayManage || user.orgId !== caller.orgId) return `user ${describeUser(user)} was created by a caller who may not: ${caller ? describeUser(caller) : 'no known caller'}`
    if (caller.orgRole !== OWNER && (user.orgRole ?? 0) >= caller.orgRole!) {
      return `user ${describeUser(user)} was created with a role as high as its creator's: ${describeUser(caller)}`
    }
  }

  const targetId = targetIdOf(route)
  for (const now of after) {
    const old = before.find((b) => b.id === now.id)
    if (!old || withoutToken(old) === withoutToken(now)) continue
    const onlyChanged = (fields: readonly (keyof ListedUser)[]) =>
      (Object.keys(now) as (keyof ListedUser)[]).every((field) => field === 'token' || fields.includes(field) || JSON.stringify(old[field]) === JSON.stringify(now[field]))
    // Deactivation: the caller soft-deletes itself, and no one else.
    if (operationId === 'deactivateUser') {
      if (now.id === caller?.id && old.deletedAt === null && now.deletedAt !== null && onlyChanged(['deletedAt'])) continue
      return `user ${describeUser(old)} became ${describeUser(now)} through a deactivation by ${caller ? describeUser(caller) : 'no known caller'}`
    }
    if (now.id !== targetId) return `user ${describeUser(now)} changed, though the request named ${targetId ?? 'no user'}`
    // Basic data: anyone renames itself; renaming another needs WORKSPACES, as for the organization endpoint.
    if (operationId === 'updateUser' && onlyChanged(['name', 'lastName']) && caller?.deletedAt === null && caller.orgId === now.orgId && (caller.id === now.id || callerMayManage)) continue
    if (!callerMayManage || caller.orgId !== now.orgId) {
      return `user ${describeUser(old)} changed by a caller who may not manage it: ${caller ? describeUser(caller) : 'no known caller'}`
    }
    if (operationId === 'deleteOrganizationUser' && old.deletedAt === null && now.deletedAt !== null && onlyChanged(['deletedAt'])) continue
    if (operationId === 'activateOrganizationUser' && old.deletedAt !== null && now.deletedAt === null && onlyChanged(['deletedAt'])) continue
    // The role page is the organization-user update's rule through another door.
    const updatesRoles = operationId === 'updateOrganizationUser' || operationId === 'updateUserRole'
    if (!updatesRoles || !onlyChanged(['name', 'lastName', 'orgRole'])) {
      return `user ${describeUser(old)} became ${describeUser(now)} through ${request.method} ${request.target}`
    }
    if (old.orgRole !== now.orgRole) {
      const rank = caller.orgRole!
      const allowed = rank === OWNER || (caller.id !== old.id && (old.orgRole ?? 0) < rank && (now.orgRole ?? 0) < rank)
      if (!allowed || body?.orgRole !== now.orgRole) {
        return `role of ${describeUser(old)} became ${now.orgRole} through a request by ${describeUser(caller)}, which the rules do not allow`
      }
    }
  }
  return null
}

/** Why a step broke the server's promises, or null when it kept them. */
export async function stepProblem(observation: Observation): Promise<string | null> {
  return (await answerProblem(observation)) ?? stateProblem(observation)
}
