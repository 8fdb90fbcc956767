import { checkCaller } from '../access/policy.js'
import type { FlashbackStore } from '../data/store.js'
import type { OperationId } from '../spec/document.js'
import { errorBody } from '../spec/error-body.js'
import { getOperation, type OperationSpec } from '../spec/operations.js'
import { checkResponse } from './response-check.js'
import { asPrincipal, deny, type MockServices, type OperationContext, type OperationInput, type OperationResult, type Reply } from './context.js'
import { ApiError, HTTP_STATUS, type ApiErrorCode } from './errors.js'
import { organizationResolvers } from './organization.js'
import { organizationUserResolvers } from './organization-users.js'
import { authenticate, checkBodySize, checkParams, readBody } from './request.js'
import { userResolvers } from './user.js'

type Resolver<K extends OperationId> = (ctx: OperationContext<K>) => Reply<K> | Promise<Reply<K>>

/** One resolver per operation of the document: an operation without one fails `tsc` here. */
type Resolvers = { [K in OperationId]: Resolver<K> }

const VIOLATIONS: Partial<Record<ApiErrorCode, OperationResult['violation']>> = {
  UNAUTHENTICATED: 'unauthenticated',
  INVALID_REQUEST: 'invalid-request',
  PAYLOAD_TOO_LARGE: 'invalid-request',
}

const resolvers: Resolvers = { ...organizationResolvers, ...organizationUserResolvers, ...userResolvers }

export interface CoreOptions {
  store: () => FlashbackStore
  services: MockServices
  /** Every response is checked against the document: a mismatch throws when strict, else warns once. */
  strict: boolean
  /** Runs a task after every earlier one, so a check and the write that follows it see the same state. */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>
}

/** The operation core: plain input in, status and body out. No HTTP library, no msw. */
export interface OperationCore {
  run(id: OperationId, input: OperationInput): Promise<OperationResult>
}

export function createOperationCore(options: CoreOptions): OperationCore {
  async function execute(operation: OperationSpec, input: OperationInput): Promise<OperationResult> {
    // Errors raised before the resolver runs are about the request's form: they are violations.
    let checkingRequest = true
    let caller: OperationResult['caller']
    try {
      checkBodySize(input.body)
      const store = options.store()
      const user = authenticate(operation, store, input.authorization)
      caller = { id: user.id, orgRole: user.orgRole }
      const denial = checkCaller(operation.access, asPrincipal(user))
      if (denial) deny(operation, denial)
      checkParams(operation, input.params)
      const body = readBody(operation, input.contentType, input.body)
      checkingRequest = false
      const ctx = { operation, caller: user, params: input.params, body, store, services: options.services }
      const reply = await (resolvers[operation.id] as Resolver<OperationId>)(ctx as OperationContext<OperationId>)
      return { ...(reply as OperationResult), caller }
    } catch (error) {
      const who = caller ? { caller } : {}
      if (error instanceof ApiError) {
        const status = HTTP_STATUS[error.code]
        const violation = checkingRequest ? VIOLATIONS[error.code] : undefined
        return { status, body: errorBody(operation, status, error.message), ...who, ...(violation ? { violation } : {}) }
      }
      const detail = String((error as Error)?.message ?? error)
      return { status: 500, body: errorBody(operation, 500, 'Internal server error', detail), ...who }
    }
  }

  return {
    run(id, input) {
      const operation = getOperation(id)
      const result = options.exclusive(() => execute(operation, input))
      return result.then((r) => checkResponse(operation, r, options.strict))
    },
  }
}
