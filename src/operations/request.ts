import type { Session, SessionStore } from '../data/sessions.js'
import type { FlashbackStore } from '../data/store.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { OperationId } from '../spec/document.js'
import type { OperationSpec } from '../spec/operations.js'
import { bodyValidatorFor, describeValidationErrors, fieldOf, validatorFor } from '../spec/validator.js'
import { ApiError } from './errors.js'
import { JSON_DEPTH_LIMIT, nestsDeeperThan } from './json-depth.js'

/** The documented answer to a role value that is not one of the five. */
const INVALID_ROLE = 'Invalid role combination'

// Clients send the same few headers again and again. Each header's token is kept as the one string the token
// look-ups have already hashed: hashing a new copy of a 250-character token (and matching the header's pattern)
// was the largest single cost of a read. The last header is compared first; other known headers are found by
// their last characters (the signature's), which are quick to hash, and then compared whole.
let lastHeader: string | undefined
let lastToken: string | undefined
const knownHeaders = new Map<string, { header: string; token: string | undefined }>()
const KNOWN_HEADERS_LIMIT = 1000
const TAIL_LENGTH = 32

/** The token of `Bearer <token>`, or undefined for a header of any other form. */
function bearerToken(authorization: string): string | undefined {
  if (authorization === lastHeader) return lastToken
  const tail = authorization.length > TAIL_LENGTH ? authorization.slice(-TAIL_LENGTH) : authorization
  const known = knownHeaders.get(tail)
  let token: string | undefined
  if (known !== undefined && known.header === authorization) token = known.token
  else {
    token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
    if (knownHeaders.size >= KNOWN_HEADERS_LIMIT) knownHeaders.clear()
    knownHeaders.set(tail, { header: authorization, token })
  }
  lastHeader = authorization
  lastToken = token
  return token
}

/** The operations the limited token of a sign-in waiting for its MFA step may call. */
const MFA_STEP_OPERATIONS: ReadonlySet<OperationId> = new Set<OperationId>(['getMfaStatus', 'getMfaMethods', 'sendMagicLink', 'getPasskeyAuthOptions', 'verifyMfaLogin'])

/** Who calls: the user, and the sign-in session whose access token it sent (none for a test token). */
export interface Caller {
  user: UserRecord
  session?: Session
}

/** Finds the calling user from `Authorization: Bearer <token>`: a session's access token or a test token. */
export function authenticate(
  operation: OperationSpec,
  store: FlashbackStore,
  authorization: string | null,
  sessions: Pick<SessionStore, 'accessTokenSession' | 'isSessionAccessToken'>,
): Caller {
  if (!authorization) throw new ApiError('UNAUTHENTICATED', 'Authentication required: missing Authorization header')
  const token = bearerToken(authorization)
  if (token === undefined) throw new ApiError('UNAUTHENTICATED', 'Authentication required: the Authorization header must be "Bearer <token>"')
  // A signed-in session's access token (unexpired) first, then the long-lived test tokens.
  const session = sessions.accessTokenSession(token)
  const userId = session?.userId ?? store.tokenOwner(token)
  if (!userId) {
    // A token of a session that has expired or ended is the answer a client's refresh path waits for, not a mistake.
    throw new ApiError(sessions.isSessionAccessToken(token) ? 'SESSION_ENDED' : 'UNAUTHENTICATED', 'Invalid or expired token')
  }
  const user = store.user(userId)
  if (!user) {
    if (operation.access.missingCaller === 'not-found') throw new ApiError('NOT_FOUND', 'User not found')
    throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token')
  }
  if (user.deletedAt !== null) throw new ApiError('UNAUTHENTICATED', 'User account has been deleted')
  if (session?.mfaPending && !MFA_STEP_OPERATIONS.has(operation.id)) {
    throw new ApiError('UNAUTHENTICATED', 'MFA verification required: finish signing in with POST /mfa/verify-login', 'MFA_REQUIRED')
  }
  return session ? { user, session } : { user }
}

/** Validates the path parameters against the operation's parameter schemas. */
export function checkParams(operation: OperationSpec, params: Record<string, string>): void {
  if (checkedParams.get(params) === operation) return
  const validate = validatorFor(operation.pathSchema)
  if (!validate(params)) {
    throw new ApiError('INVALID_REQUEST', `Invalid path parameter: ${describeValidationErrors(validate.errors!)}`)
  }
  if (Object.isFrozen(params)) checkedParams.set(params, operation)
}

// The router keeps the (frozen) parameters of the paths it has matched: those found valid for an operation
// stay so, and are not checked again at every request of the same path.
const checkedParams = new WeakMap<object, OperationSpec>()

/** Parses and validates the JSON body against the operation's request schema from the document. */
export function readBody(operation: OperationSpec, contentType: string | null, text: string | null): unknown {
  const schema = operation.requestBody
  if (!schema) return undefined
  if (!text || !text.trim()) throw new ApiError('INVALID_REQUEST', 'Invalid request body: a JSON object is required')
  // No Content-Type is refused too: a page on any site can send a body without one and no preflight.
  if (!contentType?.trim()) throw new ApiError('INVALID_REQUEST', 'Invalid request body: Content-Type must be application/json, and none was sent')
  if (!/^application\/(.+\+)?json\b/i.test(contentType.trim())) {
    throw new ApiError('INVALID_REQUEST', `Invalid request body: Content-Type must be application/json, not "${contentType}"`)
  }
  // Before anything recursive (the parser, the schema checks, settings merges) sees it.
  if (nestsDeeperThan(text, JSON_DEPTH_LIMIT)) {
    throw new ApiError('INVALID_REQUEST', `Invalid request body: JSON nested deeper than ${JSON_DEPTH_LIMIT} levels (the limit)`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw new ApiError('INVALID_REQUEST', `Invalid request body: malformed JSON (${(error as Error).message})`)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('INVALID_REQUEST', 'Invalid request body: expected a JSON object')
  }
  const validate = bodyValidatorFor(schema)
  if (!validate(body)) {
    const errors = validate.errors!
    const role = operation.access.assignRole
    // A role of the right type that is not one of the five is the documented 400; a wrong type or a missing role is named as such.
    const roleErrors = role ? errors.filter((error) => fieldOf(error) === role) : []
    if (roleErrors.length && roleErrors.every((error) => error.keyword !== 'type' && error.keyword !== 'required')) throw new ApiError('INVALID_REQUEST', INVALID_ROLE)
    throw new ApiError('INVALID_REQUEST', `Invalid request body: ${describeValidationErrors(errors)}`)
  }
  const wanted = operation.requiresOneOf
  if (wanted && !wanted.fields.some((field) => Object.hasOwn(body, field))) throw new ApiError('INVALID_REQUEST', wanted.message)
  return body
}
