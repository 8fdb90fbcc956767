import type { OperationId } from './spec/document.js'

/** What to do instead of answering: a status with the endpoint's documented body, a network error, or nothing ever. */
export type Fault = { status: number } | 'network-error' | 'no-response'

/** A delay in ms, or msw's realistic server delay. */
export type Latency = number | 'real'

export interface FaultOptions {
  /** How many requests it applies to; always when omitted. */
  times?: number
}

interface Rule {
  target: OperationId | '*'
  fault?: Fault
  latency?: Latency
  remaining: number
}

/** What a request gets before (or instead of) its answer. */
export interface Disruption {
  fault?: Fault
  latency?: Latency
}

/**
 * Injected faults and delays, per operation or for all (`'*'`), once, N times or always.
 * The newest rule for an operation wins; a delay and a fault combine.
 */
export class FaultPlan {
  #rules: Rule[] = []

  fail(target: OperationId | '*', fault: Fault, options: FaultOptions = {}): () => void {
    return this.#add({ target, fault, remaining: options.times ?? Infinity })
  }

  delay(target: OperationId | '*', latency: Latency, options: FaultOptions = {}): () => void {
    return this.#add({ target, latency, remaining: options.times ?? Infinity })
  }

  clear(): void {
    this.#rules = []
  }

  /** The disruption for one request of an operation, using up one of each rule's times. */
  take(operationId: OperationId): Disruption {
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
