import type { MockWorld } from '../mock/world.js'
import type { WorldRegistry } from '../mock/worlds.js'
import type { OperationResult } from '../operations/context.js'
import { HTTP_STATUS, type ApiErrorCode } from '../operations/errors.js'
import type { FieldProblem } from '../spec/control-validator.js'

/** Writes one server-sent event; `event` undefined writes a comment (a keep-alive). */
export type EventSink = (event: string | undefined, data: string) => void

/** A control answer: the API's result, plus headers (a cookie, a redirect), or a stream of events. */
export interface ControlAnswer extends OperationResult {
  headers?: Record<string, string>
  /** For an answer that stays open (`text/event-stream`): starts sending, and answers how to stop once the client leaves. */
  stream?: (send: EventSink) => () => void
}

/** A request that asked for an existing world (`x-mock-existing-world`) names one that does not exist. */
export class WorldGoneError extends Error {
  readonly code = 'WORLD_GONE'
}

export const problem = (code: ApiErrorCode, message: string, errors?: FieldProblem[]): ControlAnswer => ({
  status: HTTP_STATUS[code],
  body: { success: false, message, ...(errors ? { errors } : {}) },
})

/** A 400 naming one failing field. */
export const fieldProblem = (field: string, message: string): ControlAnswer => problem('INVALID_REQUEST', message, [{ field, message }])

export const done = (status: number, message: string): ControlAnswer => ({ status, body: { success: true, message } })

/** What the server gives the control API: its worlds, and how to tell which one a request names. */
export interface ControlScope {
  worlds: WorldRegistry
  /** The name the request gives (header, then cookie, else `default`); throws an `INVALID_REQUEST` error for a bad one. */
  worldName: () => string
  /** Whether the request sent `x-mock-existing-world: true`: act only on a world that exists. */
  existingOnly: boolean
  strict: boolean
}

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; result: ControlAnswer }

/** One control request, as a handler reads it. */
export interface ControlRequest {
  scope: ControlScope
  /** The world the request names, made now if it does not exist (a `WorldGoneError` when the request asked for an existing one). */
  world: () => MockWorld
  url: URL
  params: Record<string, string>
  /** The body as the endpoint's schema allows it, or the 400 naming every failing field. */
  body: () => Parsed
  /** The query as the endpoint's schema allows it, or the 400 naming every failing parameter. */
  query: () => Parsed
}

/** Answers one control endpoint; the table of them is keyed by the control document's operationIds. */
export type ControlHandler = (request: ControlRequest) => ControlAnswer | Promise<ControlAnswer>

