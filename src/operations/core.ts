import type { SessionStore } from '../data/sessions.js'
import type { FlashbackStore } from '../data/store.js'
import type { OperationId } from '../spec/document.js'
import { errorBody } from '../spec/error-body.js'
import { loadBodyValidators } from '../spec/validator.js'
import { getOperation, operationSpecs, type OperationSpec } from '../spec/operations.js'
import { authorizeCaller, authorizeRoleAssignment, loadTarget } from './authorize.js'
import { responseChecker } from './response-check.js'
import { PUBLIC_OPERATIONS, type MockServices, type OperationContext, type OperationInput, type OperationResult, type Resolver, type TargetKind } from './context.js'
import { authenticationResolvers } from './authentication.js'
import { HTTP_STATUS, UNEXPECTED_FAILURE, isFlashbackError, type ApiError, type ApiErrorCode } from './errors.js'
import { organizationResolvers } from './organization.js'
import { organizationUserResolvers } from './organization-users.js'
import { authenticate, checkParams, readBody } from './request.js'
import { userResolvers } from './user.js'
import { userAccountResolvers } from './user-account.js'
import { invitationResolvers } from './invitations.js'
import { settingsResolvers } from './settings.js'
import { mfaResolvers } from './mfa.js'
import { passkeyResolvers } from './passkeys.js'
import { organizationKeyResolvers } from './organization-keys.js'
import { accountLifecycleResolvers } from './account-lifecycle.js'
import { sessionAndDeviceResolvers } from './sessions-and-devices.js'
import { providerSignInResolvers } from './provider-sign-in.js'

/** One resolver per operation of the document: an operation without one fails `tsc` here. */
type Resolvers = { [K in OperationId]: Resolver<K> }

const resolvers: Resolvers = {
  ...organizationResolvers,
  ...organizationUserResolvers,
  ...userResolvers,
  ...authenticationResolvers,
  ...userAccountResolvers,
  ...invitationResolvers,
  ...settingsResolvers,
  ...mfaResolvers,
  ...passkeyResolvers,
  ...organizationKeyResolvers,
  ...accountLifecycleResolvers,
  ...sessionAndDeviceResolvers,
  ...providerSignInResolvers,
}

/** A resolver that expects a target its operation's `x-access` does not load is a bug: refuse to start. */
function checkTargetsAgree(operations: readonly OperationSpec[]): void {
  for (const operation of operations) {
    const declared: TargetKind = operation.access.target ? (operation.access.organization as TargetKind) : 'none'
    const expected = (resolvers[operation.id] as Resolver<OperationId>).target ?? 'none'
    if (declared !== expected) throw new Error(`${operation.id}: x-access loads "${declared}" but its resolver expects "${expected}"`)
  }
}
checkTargetsAgree(operationSpecs)

/** Resolvers typed to get no caller must be exactly the operations the document declares public. */
function checkPublicAgree(operations: readonly OperationSpec[]): void {
  const declared = operations.filter((o) => o.access.authentication === 'none').map((o) => o.id).sort()
  const typed = [...PUBLIC_OPERATIONS].sort()
  if (declared.join() !== typed.join()) throw new Error(`x-access.authentication "none" on [${declared}] but PUBLIC_OPERATIONS is [${typed}]`)
}
checkPublicAgree(operationSpecs)

/** The slow part of an operation under way, when it is only being prepared. */
class Preparing {
  constructor(readonly promise: Promise<unknown>) {}
}

/** What running an operation gives: its answer, or (when only preparing) the slow part under way. */
type Attempt = OperationResult | Preparing

function resultOf(attempt: Attempt): OperationResult {
  if (!(attempt instanceof Preparing)) return attempt
  throw new Error('An operation was prepared where it should have run')
}

const VIOLATIONS: Partial<Record<ApiErrorCode, OperationResult['violation']>> = {
  UNAUTHENTICATED: 'unauthenticated',
  INVALID_REQUEST: 'invalid-request',
}

export interface CoreOptions {
  store: () => FlashbackStore
  services: MockServices
  sessions: SessionStore
  /** Every response is checked against the document: a mismatch throws when strict, else warns once. */
  strict: boolean
  /** Runs a task after every earlier one, so a check and the write that follows it see the same state. */
  exclusive: <T>(task: () => T | Promise<T>) => Promise<T>
  /**
   * Runs a read after the writes queued before it, at once when none is, without making later tasks
   * wait for it: a read takes its view of the store in one synchronous step (decisions/016). Run at once,
   * it gives the task's own value: a read whose resolver answers at once is answered without a promise.
   */
  shared: <T>(task: () => T | Promise<T>) => T | Promise<T>
}

/** The operation core: plain input in, status and body out. No HTTP library, no msw. */
export interface OperationCore {
  run(id: OperationId, input: OperationInput): Promise<OperationResult>
  /**
   * `run` for an operation the caller has already found (the pipeline's router): no second look-up by id.
   * A read that nothing delays is answered at once, without a promise (the standalone server answers it
   * within the request's own event, as a bare `node:http` server does).
   */
  runOperation(operation: OperationSpec, input: OperationInput): OperationResult | Promise<OperationResult>
  /**
   * Whether the caller would be refused before the body matters (no or bad token, too low a role):
   * lets a transport skip reading the body of a request that will be refused anyway.
   */
  refusesBeforeBody(operation: OperationSpec, authorization: string | null): boolean
}

/** The answer to a request an operation's checks refused (a violation while `checkingRequest`), or whose resolver failed. */
function failedAnswer(operation: OperationSpec, error: unknown, checkingRequest: boolean, caller: OperationResult['caller']): OperationResult {
  const who = caller ? { caller } : {}
  if (isFlashbackError(error)) {
    const status = HTTP_STATUS[error.code]
    const violation = checkingRequest ? VIOLATIONS[error.code] : undefined
    const body = errorBody(operation, status, error.message, undefined, (error as ApiError).errorCode)
    return { status, body, ...who, ...(violation ? { violation } : {}) }
  }
  // A bug in the mock: said where it runs, never to the client, whose answer stays the generic 500.
  console.error(`[flashback-mock] ${operation.id}: ${String((error as Error)?.stack ?? error)}`)
  const status = HTTP_STATUS.INTERNAL
  return { status, body: errorBody(operation, status, 'Internal server error', UNEXPECTED_FAILURE), ...who }
}

export function createOperationCore(options: CoreOptions): OperationCore {
  const checkAnswer = responseChecker(options.strict)

  /**
   * Runs an operation's checks and then its resolver, or with `prepareOnly` its `prepare` (whose promise it
   * hands back). A resolver that answers at once is answered at once: no promise, no turn of the microtask queue.
   */
  function execute(operation: OperationSpec, input: OperationInput, prepared?: unknown, prepareOnly = false): Attempt | Promise<Attempt> {
    // The first body to check waits for its validators' module (the pipeline has usually loaded it already).
    const loading = input.body !== null && operation.requestBody ? loadBodyValidators() : undefined
    if (loading) return loading.then(() => execute(operation, input, prepared, prepareOnly))
    // Errors raised before the resolver runs are about the request's form: they are violations.
    let checkingRequest = true
    let caller: OperationResult['caller']
    try {
      const store = options.store()
      // A public operation (sign-in) ignores any bearer token: the docs' samples send one even there.
      const authenticated = operation.access.authentication === 'none' ? null : authenticate(operation, store, input.authorization, options.sessions)
      const user = authenticated?.user ?? null
      if (user) {
        caller = { id: user.id, email: user.email, orgRole: user.orgRole }
        authorizeCaller(operation, user)
      }
      checkParams(operation, input.params)
      const body = readBody(operation, input.contentType, input.body)
      checkingRequest = false
      const target = user && loadTarget(operation, store, input.params, user)
      if (user) authorizeRoleAssignment(operation, user, target, body)
      const ctx = { operation, caller: user, params: input.params, body, store, services: options.services, sessions: options.sessions, userAgent: input.userAgent ?? null, callerSession: authenticated?.session, target, prepared }
      const resolver = resolvers[operation.id] as Resolver<OperationId>
      if (prepareOnly) return new Preparing(resolver.prepare!(ctx as OperationContext<OperationId>))
      const reply: OperationResult | Promise<OperationResult> = resolver(ctx as OperationContext<OperationId>)
      // Resolvers answer a status and a body (their `Reply` type); spreading the reply was a tenth of a read.
      if (reply instanceof Promise) {
        const who = caller
        return reply.then(
          (done) => ({ status: done.status, body: done.body, caller: who }),
          (error: unknown) => failedAnswer(operation, error, false, who),
        )
      }
      const { status, body: answer } = reply as OperationResult
      return { status, body: answer, caller }
    } catch (error) {
      return failedAnswer(operation, error, checkingRequest, caller)
    }
  }

  // The checks and the slow part run as a read does, so other callers' requests do not wait for it; the write
  // then runs in the queue and checks again, for the store may have changed meanwhile.
  async function runPrepared(operation: OperationSpec, input: OperationInput): Promise<OperationResult> {
    const first = await options.shared(() => execute(operation, input, undefined, true))
    if (!(first instanceof Preparing)) return first
    const prepared = await first.promise.catch(() => undefined)
    return resultOf(await options.exclusive(() => execute(operation, input, prepared)))
  }

  return {
    async run(id, input) {
      return this.runOperation(getOperation(id), input)
    },
    runOperation(operation, input) {
      if ((resolvers[operation.id] as Resolver<OperationId>).prepare) return runPrepared(operation, input).then((result) => checkAnswer(operation, result))
      const queue = operation.method === 'get' ? options.shared : options.exclusive
      const attempt = queue(() => execute(operation, input))
      return attempt instanceof Promise ? attempt.then((done) => checkAnswer(operation, resultOf(done))) : checkAnswer(operation, resultOf(attempt))
    },
    refusesBeforeBody(operation, authorization) {
      if (operation.access.authentication === 'none') return false
      try {
        authorizeCaller(operation, authenticate(operation, options.store(), authorization, options.sessions).user)
        return false
      } catch {
        return true
      }
    },
  }
}
