/** What went wrong, independent of HTTP: every error the mock raises carries one of these. */
export type ApiErrorCode =
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'SESSION_ENDED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNKNOWN_ROUTE'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_ATTEMPTS'
  | 'INTERNAL'
  | 'CONTRACT_VIOLATION'

/**
 * The detail a 500 gives of a failure inside the mock, where its error shape has one (`error`, or quota's
 * `message`): never the failure's own text, which is printed where the mock runs instead.
 */
export const UNEXPECTED_FAILURE = 'Unexpected failure inside the mock'

/** The one table that turns an error code into an HTTP status. */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SESSION_ENDED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_ROUTE: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
  CONTRACT_VIOLATION: 500,
}

/**
 * The base of every error the mock raises: a code (see `HTTP_STATUS`) and the message the client sees.
 * Code, not class, is what callers should test: `error.code === 'NOT_FOUND'` also works across realms (Jest).
 * @example
 * if (error instanceof FlashbackError && error.code === 'PAYLOAD_TOO_LARGE') …
 */
export class FlashbackError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }

  get status(): number {
    return HTTP_STATUS[this.code]
  }
}

/**
 * A refusal of a request, with the code and message the client sees.
 * @example
 * throw new ApiError('NOT_FOUND', 'User not found')
 * throw new ApiError('UNAUTHENTICATED', 'Wrong password', 'INVALID_PASSWORD')
 */
export class ApiError extends FlashbackError {
  constructor(
    code: ApiErrorCode,
    message: string,
    /** The `error_code` of the endpoints whose errors carry one (login, refresh, register), e.g. `INVALID_PASSWORD`. */
    readonly errorCode?: string,
  ) {
    super(code, message)
  }
}

/** Thrown in strict mode when the mock answers something the document does not allow: a bug in the mock. */
export class ContractViolation extends FlashbackError {
  constructor(message: string) {
    super('CONTRACT_VIOLATION', message)
  }
}

/** Whether a value is one of the mock's errors, by shape rather than `instanceof` (safe across realms). */
export function isFlashbackError(error: unknown): error is FlashbackError {
  return error instanceof Error && typeof (error as FlashbackError).code === 'string' && (error as FlashbackError).code in HTTP_STATUS
}
