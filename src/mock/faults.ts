import type { OperationId } from '../spec/document.js'
import { operationsById } from '../spec/operations.js'

/** What to do instead of answering: a status with the endpoint's documented body, a network error, or nothing ever. */
export type Fault = { status: number } | 'network-error' | 'no-response'

/** A delay in ms, or msw's realistic server delay (`'real'`). */
export type Latency = number | 'real'

export interface FaultOptions {
  /** How many requests it applies to; always when omitted. */
  times?: number
}

interface Rule {
  id: number
  target: OperationId | '*'
  fault?: Fault
  latency?: Latency
  remaining: number
}

/** One active fault or delay, as `GET /__mock/faults` lists it. */
export interface ActiveFault {
  /** Its number in this world, for `DELETE /__mock/faults/{id}`. */
  id: number
  /** The operation it applies to, or `*` for all. */
  operationId: OperationId | '*'
  kind: 'status' | 'network-error' | 'no-response' | 'delay'
  /** The injected status, for kind `status`. */
  status?: number
  /** The delay, for kind `delay`. */
  delayMs?: Latency
  /** How many more requests it applies to; null when it applies to every one. */
  timesLeft: number | null
}

/** What a request gets before (or instead of) its answer. */
export interface Disruption {
  fault?: Fault
  latency?: Latency
}

const UNDISRUPTED: Disruption = Object.freeze({})

/** Refuses a target that names no operation: a typo would otherwise inject nothing, silently. */
function checkTarget(target: string): void {
  if (target !== '*' && !operationsById.has(target as OperationId)) {
    throw new TypeError(`Unknown operationId "${target}": use one of the document's operationIds or '*'`)
  }
}

function checkTimes(times: number | undefined): number {
  if (times === undefined) return Infinity
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, not ${String(times)}`)
  return times
}

/**
 * Injected faults and delays, per operation or for all (`'*'`), once, N times or always.
 * The newest rule for an operation wins; a delay and a fault combine.
 */
export class FaultPlan {
  #rules: Rule[] = []
  #lastId = 0

  fail(target: OperationId | '*', fault: Fault, options: FaultOptions = {}): () => void {
    checkTarget(target)
    if (typeof fault === 'object' && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) {
      throw new RangeError(`An injected status is an error status from 400 to 599, not ${String(fault.status)}`)
    }
    return this.#add({ id: ++this.#lastId, target, fault, remaining: checkTimes(options.times) })
  }

  delay(target: OperationId | '*', latency: Latency, options: FaultOptions = {}): () => void {
    checkTarget(target)
    if (latency !== 'real' && !(Number.isFinite(latency) && latency >= 0)) throw new RangeError(`A delay is a number of ms >= 0 or 'real', not ${String(latency)}`)
    return this.#add({ id: ++this.#lastId, target, latency, remaining: checkTimes(options.times) })
  }

  clear(): void {
    this.#rules = []
  }

  /** The faults and delays still active, oldest first. */
  list(): ActiveFault[] {
    return this.#rules.map((rule) => ({
      id: rule.id,
      operationId: rule.target,
      ...kindOf(rule),
      timesLeft: Number.isFinite(rule.remaining) ? rule.remaining : null,
    }))
  }

  /** Removes one fault or delay by its id; false when there is none (spent, removed or cleared). */
  remove(id: number): boolean {
    const before = this.#rules.length
    this.#rules = this.#rules.filter((rule) => rule.id !== id)
    return this.#rules.length < before
  }

  /** The disruption for one request of an operation, using up one of each rule's times. */
  take(operationId: OperationId): Disruption {
    // Most requests meet no rule: they share one empty answer instead of making their own.
    if (this.#rules.length === 0) return UNDISRUPTED
    const disruption: Disruption = {}
    for (let i = this.#rules.length - 1; i >= 0; i--) {
      const rule = this.#rules[i]!
      if (rule.target !== '*' && rule.target !== operationId) continue
      const useFault = rule.fault !== undefined && disruption.fault === undefined
      const useLatency = rule.latency !== undefined && disruption.latency === undefined
      if (!useFault && !useLatency) continue
      if (useFault) disruption.fault = rule.fault
      if (useLatency) disruption.latency = rule.latency
      if (--rule.remaining <= 0) this.#rules.splice(i, 1)
    }
    return disruption
  }

  #add(rule: Rule): () => void {
    this.#rules.push(rule)
    return () => {
      this.#rules = this.#rules.filter((r) => r !== rule)
    }
  }
}

function kindOf(rule: Rule): Pick<ActiveFault, 'kind' | 'status' | 'delayMs'> {
  if (rule.fault === undefined) return { kind: 'delay', delayMs: rule.latency! }
  if (typeof rule.fault === 'object') return { kind: 'status', status: rule.fault.status }
  return { kind: rule.fault }
}
