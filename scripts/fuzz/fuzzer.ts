import fc from 'fast-check'
import type { OperationId } from '../../src/spec/document.js'
import { requestViolations, routeOf, stepProblem } from './rules.js'
import { requestFor, stepArbitrary, type FuzzRequest, type ListedUser, type Step } from './steps.js'
import { ANSWER_TIMEOUT_MS, sendRaw, sendThroughPrism, type FuzzResponse } from './transports.js'
import type { FuzzServer } from './targets.js'

export interface FuzzOptions {
  seed: number
  /** How many generated requests to send (control requests and shrinking not counted). */
  requests: number
  /** The longest run of steps from one reset mock. */
  stepsPerRun?: number
  /** Include malformed targets (`//[`, `http://[`…) that once ended the server (issue 10 item 1). Default: on. */
  malformedTargets?: boolean
  /** Use `.` and `..` as path parameters, which leave an empty segment (issue 10 item 6). Default: on. */
  dotSegments?: boolean
  /** Forge other users' tokens from the caller's own (issue 10 item 2). Default: on. */
  forgedTokens?: boolean
  /** Replays one run: the counterexample path a failing run printed. */
  path?: string
  progress?: (requestsSent: number) => void
}

export interface FuzzReport {
  seed: number
  requests: number
  /** How many answers had each status; `prism 4xx` are Prism's own answers to requests it could not forward. */
  statuses: Record<string, number>
  /** Requests Prism found to break the document: mutations doing their job, all answered without harm. */
  requestViolations: number
  faultsInjected: number
  ms: number
  /** The shrunk failing step, why it fails, and how to replay it; null when every step kept the rules. */
  failure: string | null
}

class StepFailure extends Error {
  override name = 'StepFailure'
}

const clip = (text: string, length = 240) => (text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text)

function describeRequest(request: FuzzRequest): string {
  const sender = request.headers.authorization !== undefined && request.callerId !== null ? `, sent with the credentials of user ${request.callerId}` : ''
  const lines = [`${request.method} ${clip(JSON.stringify(request.target).slice(1, -1), 200)} (${request.via === 'prism' ? 'through Prism' : 'raw socket, to the server'}${sender})`]
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${clip(value, 120)}`)
  if (request.body !== null) lines.push(`body: ${clip(JSON.stringify(request.body), 400)}`)
  return lines.join('\n    ')
}

const describeAnswer = (response: FuzzResponse) =>
  response.status === null ? `no answer: ${response.failure}` : `${response.status} ${clip(response.text, 400)}`

async function control(server: FuzzServer, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(server.url + path, {
    method,
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`)
  return response.json()
}

const listUsers = async (server: FuzzServer) => ((await control(server, 'GET', '/__mock/users')) as { users: ListedUser[] }).users

/**
 * Drives the server with seeded steps through Prism's validating proxy (and raw sockets for what Prism
 * cannot carry), resetting the mock before each run of steps and checking every answer and the users
 * after each step. On failure, fast-check shrinks the run to a minimal one.
 */
export async function runFuzz(server: FuzzServer, prismUrl: string, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now()
  const report: FuzzReport = { seed: options.seed, requests: 0, statuses: {}, requestViolations: 0, faultsInjected: 0, ms: 0, failure: null }
  let shrinking = false

  const runSteps = async (steps: Step[]) => {
    if (report.requests >= options.requests && !shrinking) return
    await control(server, 'POST', '/__mock/reset').catch(async () => {
      // The previous run ended the server (that run has failed already): start it again for this one.
      await server.exited(2_000)
      await server.restart()
      await control(server, 'POST', '/__mock/reset')
    })
    if (server.trouble()) await server.restart()
    await control(server, 'DELETE', '/__mock/faults')
    let users = await listUsers(server)
    const pendingFaults = new Map<OperationId, number[]>()
    const history: string[] = []
    for (const step of steps) {
      if (step.kind === 'fault') {
        await control(server, 'POST', '/__mock/faults', { operationId: step.operation.id, status: step.status, times: 1 })
        pendingFaults.set(step.operation.id, [...(pendingFaults.get(step.operation.id) ?? []), step.status])
        history.push(`inject ${step.status} once on ${step.operation.id}`)
        if (!shrinking) report.faultsInjected++
        continue
      }
      const request = requestFor(step, users)
      const response = request.via === 'prism' ? await sendThroughPrism(prismUrl, request) : await sendRaw(server.url, request)
      const route = routeOf(request)
      const pending = route?.kind === 'operation' ? pendingFaults.get(route.operation.id) : undefined
      const injectedStatus = pending?.[0] === response.status ? pending!.shift() : undefined
      if (!shrinking) {
        report.requests++
        const prismOwn = request.via === 'prism' && (response.headers['content-type'] ?? '').startsWith('application/problem+json')
        const key = response.status === null ? 'no answer' : `${prismOwn ? 'prism ' : ''}${response.status}`
        report.statuses[key] = (report.statuses[key] ?? 0) + 1
        report.requestViolations += requestViolations(response) > 0 ? 1 : 0
        if (report.requests % 1000 === 0) options.progress?.(report.requests)
      }
      const after = await listUsers(server).catch(() => null)
      if (after === null) await server.exited(2_000)
      const problem =
        server.trouble() ??
        (after === null ? 'the server stopped answering GET /__mock/users' : await stepProblem({ request, response, before: users, after, injectedStatus }))
      if (problem) {
        const earlier = history.length > 0 ? `\n  after these steps from a reset mock:\n${history.map((line, i) => `    ${i + 1}. ${line}`).join('\n')}` : ''
        throw new StepFailure(`${problem}\n  request: ${describeRequest(request)}\n  answer:  ${describeAnswer(response)}${earlier}`)
      }
      history.push(`${request.method} ${clip(request.target, 80)} → ${response.status}`)
      users = after!
    }
  }

  const steps = fc.array(stepArbitrary({ malformedTargets: options.malformedTargets ?? true, dotSegments: options.dotSegments ?? true, forgedTokens: options.forgedTokens ?? true }), {
    minLength: 1,
    maxLength: options.stepsPerRun ?? 20,
    size: 'max',
  })
  const property = fc.asyncProperty(steps, async (run) => {
    try {
      await runSteps(run)
    } catch (error) {
      // From the first failure on, every run is a shrinking attempt and must really run.
      shrinking = true
      throw error
    }
  })
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.path ? 1 : options.requests,
    ...(options.path ? { path: options.path } : {}),
  })
  report.ms = Date.now() - started
  if (details.failed) {
    const error = details.errorInstance
    const why = error instanceof StepFailure ? error.message : String(error instanceof Error ? error.stack : error)
    report.failure = [
      `Seed ${details.seed}, path ${details.counterexamplePath} (shrunk ${details.numShrinks} times). Replay: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath}${options.malformedTargets === false ? ' --no-malformed-targets' : ''}${options.dotSegments === false ? ' --no-dot-segments' : ''}${options.forgedTokens === false ? ' --no-forged-tokens' : ''}`,
      why,
    ].join('\n')
  }
  return report
}

/** The report as a few lines for a terminal or a test failure. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ')
  return [
    `${report.requests} requests, seed ${report.seed}, ${(report.ms / 1000).toFixed(1)} s`,
    `statuses: ${statuses}`,
    `requests breaking the document (Prism request violations): ${report.requestViolations}; faults injected: ${report.faultsInjected}`,
    report.failure ? `FAILED: ${report.failure}` : 'no 5xx that was not injected, no response breaking the document, no broken invariant',
  ].join('\n')
}
