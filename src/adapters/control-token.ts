import { createHash, timingSafeEqual } from 'node:crypto'

/** A control token the server cannot use: empty (it would leave the control API open) or one no client can send. */
export class ControlTokenError extends Error {
  readonly code = 'UNUSABLE_CONTROL_TOKEN'
  constructor(message: string) {
    super(message)
    this.name = 'ControlTokenError'
  }
}

/**
 * Refuses a control token that could never protect anything: an empty one, one with leading or trailing
 * white space (HTTP trims header values, so no request could carry it) or one with characters a header cannot hold.
 * @example
 * assertUsableControlToken('s3cret') // fine
 * assertUsableControlToken(' ') // throws ControlTokenError
 */
export function assertUsableControlToken(token: string | undefined): void {
  if (token === undefined) return
  if (token === '') throw new ControlTokenError('The control token is empty: give a secret, or leave --control-token out to keep the control API open to this machine')
  if (token.trim() !== token) {
    throw new ControlTokenError('The control token starts or ends with white space: HTTP trims header values, so no request could ever send it')
  }
  // Visible ASCII and inner spaces: what every HTTP client sends unchanged in a header.
  if (!/^[\x20-\x7e]+$/.test(token)) throw new ControlTokenError('The control token has characters an HTTP header cannot carry: use visible ASCII')
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Whether a request's `X-Control-Token` is the server's token, compared in constant time: equal-length
 * digests, so neither the token's characters nor its length leak through timing.
 */
export function isControlToken(given: string | string[] | undefined, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected))
}
