import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatReport, runFuzz } from '../scripts/fuzz/fuzzer.js'
import { stepProblem, type Observation } from '../scripts/fuzz/rules.js'
import type { ListedUser } from '../scripts/fuzz/steps.js'
import { inProcessServer, startPrism, type FuzzServer, type RunningPrism } from '../scripts/fuzz/targets.js'

// The long run is `npm run fuzz`; this short one keeps the same checks in every test run.
const SEED = 20261128
const REQUESTS = 300

/** An in-process server on `engine` behind its own Prism, for the tests of one describe block. */
function fuzzTarget(engine: 'core' | 'msw') {
  const target = {} as { server: FuzzServer; prism: RunningPrism }
  beforeAll(async () => {
    // Unknown routes are much of what a fuzzer sends: their warnings would fill the test output.
    const warn = console.warn
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).startsWith('[flashback-mock] No operation')) warn(...args)
    })
    target.server = await inProcessServer({ engine, seed: 1 })
    target.prism = await startPrism(target.server.url)
  }, 90_000)
  afterAll(async () => {
    vi.restoreAllMocks()
    target.prism?.stop()
    await target.server?.stop()
  })
  return target
}

describe('a seeded fuzz run over the standalone server through Prism', () => {
  const target = fuzzTarget('core')

  it('answers 300 generated and mutated requests with no unexpected 5xx, no answer breaking the document and no broken role rule', async () => {
    const report = await runFuzz(target.server, target.prism.url, { seed: SEED, requests: REQUESTS })
    expect(report.failure, formatReport(report)).toBeNull()
    expect(report.requests).toBeGreaterThanOrEqual(REQUESTS)
    // A run proves something only if it both succeeded at changes and was refused, and sent bad requests.
    const seen = Object.keys(report.statuses)
    expect(seen).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']))
    expect(report.requestViolations).toBeGreaterThan(0)
  }, 120_000)

  // Issue 10 item 1: `new URL(request.url)` once threw outside the server's error boundary for these targets.
  it('survives request targets such as //[ and http://[ sent on a raw socket (issue 10 item 1)', async () => {
    const report = await runFuzz(target.server, target.prism.url, { seed: SEED, requests: REQUESTS, malformedTargets: true })
    expect(report.failure, formatReport(report)).toBeNull()
  }, 120_000)

  // Issue 10 item 2: a token is rebuilt from a user's id, e-mail and organization, all of which the list shows.
  // Turn this into `it` once tokens cannot be forged.
  it('never lets a caller act as another user by editing the payload of their own token (issue 10 item 2)', async () => {
    const report = await runFuzz(target.server, target.prism.url, { seed: SEED, requests: REQUESTS, forgedTokens: true })
    expect(report.failure, formatReport(report)).toBeNull()
  }, 120_000)
})

describe('a seeded fuzz run over the standalone server on the msw engine through Prism', () => {
  const target = fuzzTarget('msw')

  // Found by this run: any TRACE request answered 500 on the msw engine (the Fetch API's Request refuses the
  // method), where the core engine answers 405; methods fetch cannot carry now go through the pipeline.
  it('answers 300 generated and mutated requests with no unexpected 5xx, no answer breaking the document and no broken role rule', async () => {
    const report = await runFuzz(target.server, target.prism.url, { seed: SEED, requests: REQUESTS })
    expect(report.failure, formatReport(report)).toBeNull()
  }, 120_000)
})

const OWNER = 255
const WORKSPACES = 2
const user = (id: string, orgRole: number | null, extra: Partial<ListedUser> = {}): ListedUser => ({
  id, email: `${id}@acme.test`, name: id, lastName: 'Test', orgId: 'acme', orgRole, deletedAt: null, token: `token-${id}`,
  mfa: { enabledMethods: [], primaryMethod: null, twoStepSignIn: false, totp: false }, ...extra,
})
const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, text: JSON.stringify(body) })
const updated = (target: ListedUser) => json(200, {
  success: true,
  message: 'User updated successfully',
  data: { id: target.id, email: target.email, name: target.name, lastName: target.lastName, orgId: target.orgId, orgRole: target.orgRole, validated: true, deletedAt: null, orgRoleDescription: 'OWNER', orgRoles: [0, 1, 2, 254, 255] },
})

function roleUpdate(caller: ListedUser, target: ListedUser, orgRole: number, status = 200): Observation {
  const after = { ...target, orgRole }
  return {
    request: {
      via: 'prism', callerId: caller.id, method: 'PUT', target: `/organization/users/${target.id}`,
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ orgRole }),
    },
    response: status === 200 ? updated(after) : json(status, { success: false, data: {}, message: 'Insufficient permissions to update users' }),
    before: [caller, target],
    after: [caller, after],
    injectedStatus: undefined,
  }
}

describe("the fuzzer's rules", () => {
  const owner = user('owner', OWNER)
  const john = user('john', WORKSPACES)
  const jane = user('jane', 0)

  it('accept an OWNER raising a USER to ADMINISTRATORS', async () => {
    expect(await stepProblem(roleUpdate(owner, jane, 254))).toBeNull()
  })

  it('flag a WORKSPACES caller who made himself OWNER', async () => {
    expect(await stepProblem(roleUpdate(john, john, OWNER))).toMatch(/role of .*john.* became 255/)
  })

  it('flag a refused request that still changed a user', async () => {
    expect(await stepProblem(roleUpdate(john, jane, 1, 403))).toMatch(/answered 403 changed users/)
  })

  it('flag an organization left without an active OWNER', async () => {
    const observation = roleUpdate(owner, owner, 0)
    expect(await stepProblem({ ...observation, before: [owner], after: [{ ...owner, orgRole: 0 }] })).toMatch(/no longer has an active OWNER/)
  })

  it('flag a 500 that was not injected, and accept one that was', async () => {
    const observation = { ...roleUpdate(owner, jane, 0), response: json(500, { success: false, data: {}, message: 'Internal server error' }), after: [owner, jane] }
    expect(await stepProblem(observation)).toMatch(/not injected/)
    expect(await stepProblem({ ...observation, injectedStatus: 500 })).toBeNull()
  })

  it('flag a response Prism found to break the document', async () => {
    const observation = roleUpdate(owner, jane, 1)
    const violations = [{ location: ['response', 'body', 'data'], severity: 'Error', code: 'required', message: "must have required property 'orgRoles'" }]
    observation.response.headers = { ...observation.response.headers, 'sl-violations': JSON.stringify(violations) } as typeof observation.response.headers
    expect(await stepProblem(observation)).toMatch(/breaks the document \(Prism\)/)
  })

  it('flag a 2xx to a request Prism found to break the document, but not to a lowercase "bearer" scheme', async () => {
    const observation = roleUpdate(owner, jane, 1)
    const violation = (code: string | number, message: string) => ({
      ...observation.response,
      headers: { ...observation.response.headers, 'sl-violations': JSON.stringify([{ location: ['request', 'body', 'orgRole'], severity: 'Error', code, message }]) },
    })
    expect(await stepProblem({ ...observation, response: violation('type', 'Request body property orgRole must be integer') })).toMatch(/answered 200 to a request the document forbids/)
    expect(await stepProblem({ ...observation, response: violation(401, 'Invalid security scheme used') })).toBeNull()
  })

  it('flag a body that breaks the document for its operation and status', async () => {
    const observation = { ...roleUpdate(owner, jane, 1), response: json(200, { success: true }) }
    expect(await stepProblem(observation)).toMatch(/updateOrganizationUser 200: response body breaks the document/)
  })

  it('flag a connection closed without an answer', async () => {
    const observation = { ...roleUpdate(owner, jane, 1), response: { status: null, headers: {}, text: '', failure: 'the connection closed without an answer' } }
    expect(await stepProblem(observation)).toMatch(/no answer/)
  })
})
