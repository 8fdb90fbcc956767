import fc from 'fast-check'
import type { MockUser } from '../../src/index.js'
import { apiDocument } from '../../src/spec/full-document.js'
import { operationSpecs, type OperationSpec } from '../../src/spec/operations.js'
import { arbitraryFor, type JsonSchema } from './schema-arbitrary.js'

/** A user as `GET /__mock/users` lists it: the package's own `MockUser`. */
export type ListedUser = MockUser

/**
 * One generated step, as plain data. Users and organizations are picked by index into the mock's list
 * at the moment the step runs, so a step means "some user" whatever users earlier steps made.
 */
export type Step = ApiStep | RawStep | FaultStep

/** A request to a documented operation, sent through Prism's validating proxy. */
export interface ApiStep {
  kind: 'api'
  operation: OperationSpec
  caller: CallerPick
  params: ParamPick[]
  body: BodyPlan
  contentType: 'application/json' | 'text/plain' | null
}

/** A request Prism cannot carry (malformed JSON, odd targets, methods or Content-Types), sent on a raw socket. */
export interface RawStep {
  kind: 'raw'
  method: string
  target: { kind: 'odd'; value: string } | { kind: 'operation'; operation: OperationSpec; params: ParamPick[] }
  caller: CallerPick
  contentType: string | null
  body: string | null
}

/** Injects a documented error status, once, on an operation through `POST /__mock/faults`. */
export interface FaultStep {
  kind: 'fault'
  operation: OperationSpec
  status: number
}

export type CallerPick =
  | { kind: 'user'; pick: number }
  | { kind: 'none' }
  | { kind: 'header'; value: string }
  | { kind: 'altered'; pick: number; how: 'lowercase-scheme' | 'no-scheme' | 'truncated' | 'suffixed' | 'padded' }
  /** The caller's own token with another user's id, e-mail and organization written into its payload. */
  | { kind: 'forged'; pick: number; victim: number }

export type ParamPick = { kind: 'user'; pick: number } | { kind: 'org'; pick: number } | { kind: 'literal'; value: string }

export type Mutation =
  | { kind: 'none' }
  | { kind: 'wrong-type'; pick: number; value: unknown }
  | { kind: 'drop-field'; pick: number }
  | { kind: 'extra-field'; key: string; value: unknown }
  | { kind: 'huge-string'; pick: number; length: number }
  | { kind: 'odd-text'; pick: number; value: string }
  | { kind: 'not-an-object'; value: unknown }

export interface BodyPlan {
  value: unknown
  mutation: Mutation
}

/** The concrete request a step becomes once users are picked. */
export interface FuzzRequest {
  via: 'prism' | 'raw'
  method: string
  /** The user whose credentials the request started from (the forger, for a forged token), if any. */
  callerId: string | null
  /** The request target as sent: a path with query, or whatever odd text the step chose. */
  target: string
  headers: Record<string, string>
  body: string | null
}

/**
 * Request targets that `new URL(target, base)` cannot parse or reads as a host (issue 10 item 1).
 * Kept apart so a run can leave them out while the server still ends on them.
 */
export const MALFORMED_TARGETS = ['//[', '//%', 'http://[', '//x:99999/', '//a:b@[::1]x', '//user/profile']

const ODD_TARGETS = [
  '/organization/users/', '%', '/%', '/%zz', '/organization/%E0%A4%A', '/organization/users//activate',
  '/organization/users/%2e%2e', '/organization/users/..%2F..%2Fuser%2Fprofile', '/organization//users', '*',
  '/organization/users/%00', '/user/profile?x=%', '/user/profile#fragment', '/organization/users?limit=-1&limit=x',
  '/user/../organization/users', '/USER/PROFILE', '/organization/users/\u00e9', '/organisation/typo', '/',
]
const ODD_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE', 'get', 'FOO']
const ODD_CONTENT_TYPES = [
  null, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/merge-patch+json', '',
  'application/json, text/plain', 'APPLICATION/JSON',
]
const MALFORMED_BODIES = [
  '{', '{"orgRole":', '{"orgRole":255,}', "{'orgRole':255}", '{"orgRole":255}{"orgRole":0}', 'null', '[]', '"x"', '0',
  '\u0000', '\uFEFF{"name":"Bom"}', '{"__proto__":{"orgRole":255}}', '{"constructor":{"prototype":{"orgRole":255}}}',
  '{"orgRole":255,"orgRole":1}', '{"name":"a\\ud800"}', '{"orgRole":1e400}', '{"orgRole":-0}', '{"orgRole":254.0000000000001}',
  'orgRole=255', '--x\r\nContent-Disposition: form-data; name="orgRole"\r\n\r\n255\r\n--x--',
]
const ODD_HEADERS = ['Bearer', 'Bearer ', 'Bearer null', 'Basic dXNlcjpwYXNzd29yZA==', 'Token abc', `Bearer ${'x'.repeat(4096)}`, 'Bearer \u00e9\u00e9']
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'orgId', 'deletedAt', 'email', 'token', 'validated', 'role']

const pick = fc.nat(1000)

const callerArbitrary = (forgedTokens: boolean): fc.Arbitrary<CallerPick> => fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('user' as const), pick }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('header' as const), value: fc.constantFrom(...ODD_HEADERS) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('altered' as const),
      pick,
      how: fc.constantFrom('lowercase-scheme' as const, 'no-scheme' as const, 'truncated' as const, 'suffixed' as const, 'padded' as const),
    }),
  },
  { weight: forgedTokens ? 6 : 0, arbitrary: fc.record({ kind: fc.constant('forged' as const), pick, victim: pick }) },
)

/**
 * Path parameters that the URL resolves away (`.`, `..`) leave an empty segment: `PUT /organization/.`
 * reaches the server as `PUT /organization/`, which Prism routes to `{orgId}` and the server does not
 * (issue 10 item 6). Kept apart like the malformed targets.
 */
export const DOT_SEGMENT_IDS = ['.', '..']

const literalIdArbitrary = (dotSegments: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid(),
    fc.constantFrom('not-a-uuid', '0', '-1', 'null', 'undefined', ' ', '__proto__', 'constructor', '%', '?', '#', ...(dotSegments ? DOT_SEGMENT_IDS : [])),
    fc.integer({ min: 129, max: 6000 }).map((length) => 'a'.repeat(length)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((id) => dotSegments || !DOT_SEGMENT_IDS.includes(id)),
  )

const paramArbitrary = (dotSegments: boolean): fc.Arbitrary<ParamPick> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('user' as const), pick }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('org' as const), pick }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('literal' as const), value: literalIdArbitrary(dotSegments) }) },
  )

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wrong-type' as const), pick, value: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop-field' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra-field' as const),
      key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge-string' as const), pick, length: fc.constantFrom(101, 257, 10_000, 300_000, 1_100_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('odd-text' as const), pick, value: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', ' ', '\u0000', '\u202e', 'a\ud800b', '𝒜'.repeat(60))) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('not-an-object' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'object' || Array.isArray(v) || v === null)) }) },
)

const bodyArbitraries = new Map(
  operationSpecs.map((operation) => [
    operation.id,
    operation.requestBody ? arbitraryFor(operation.requestBody as JsonSchema, apiDocument) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  ]),
)

const apiStepArbitrary = (options: StepOptions): fc.Arbitrary<ApiStep> => fc.constantFrom(...operationSpecs).chain((operation) =>
  fc.record({
    kind: fc.constant('api' as const),
    operation: fc.constant(operation),
    caller: callerArbitrary(options.forgedTokens),
    params: fc.array(paramArbitrary(options.dotSegments), { minLength: operation.pathParams.length, maxLength: operation.pathParams.length }),
    body: fc.record({ value: bodyArbitraries.get(operation.id)!, mutation: mutationArbitrary }),
    contentType: fc.constantFrom<ApiStep['contentType']>('application/json', 'application/json', 'application/json', 'application/json', 'text/plain', null),
  }),
)

const rawTargetArbitrary = (options: StepOptions): fc.Arbitrary<RawStep['target']> =>
  fc.oneof(
    fc.record({ kind: fc.constant('odd' as const), value: fc.constantFrom(...ODD_TARGETS, ...(options.malformedTargets ? MALFORMED_TARGETS : [])) }),
    fc.constantFrom(...operationSpecs).chain((operation) =>
      fc.record({
        kind: fc.constant('operation' as const),
        operation: fc.constant(operation),
        params: fc.array(paramArbitrary(options.dotSegments), { minLength: operation.pathParams.length, maxLength: operation.pathParams.length }),
      }),
    ),
  )

const rawStepArbitrary = (options: StepOptions): fc.Arbitrary<RawStep> =>
  fc.record({
    kind: fc.constant('raw' as const),
    method: fc.constantFrom(...ODD_METHODS),
    target: rawTargetArbitrary(options),
    caller: callerArbitrary(options.forgedTokens),
    contentType: fc.constantFrom(...ODD_CONTENT_TYPES),
    body: fc.oneof(
      fc.constant(null),
      fc.constantFrom(...MALFORMED_BODIES),
      fc.constantFrom(...operationSpecs).chain((operation) => bodyArbitraries.get(operation.id)!).map((value) => JSON.stringify(value)),
      fc.string({ unit: 'binary', maxLength: 40 }),
    ),
  })

const faultStepArbitrary: fc.Arbitrary<FaultStep> = fc.constantFrom(...operationSpecs).chain((operation) =>
  fc.record({
    kind: fc.constant('fault' as const),
    operation: fc.constant(operation),
    status: fc.constantFrom(...[...operation.responses.keys()].filter((status) => status >= 400)),
  }),
)

export interface StepOptions {
  /** Send the `MALFORMED_TARGETS` (issue 10 item 1). */
  malformedTargets: boolean
  /** Use `.` and `..` as path parameters (issue 10 item 6). */
  dotSegments: boolean
  /** Forge other users' tokens from the caller's own and the listed users (issue 10 item 2). */
  forgedTokens: boolean
}

/** Steps of a run: mostly document-driven requests through Prism, some raw ones, a few injected faults. */
export function stepArbitrary(options: StepOptions): fc.Arbitrary<Step> {
  return fc.oneof(
    { weight: 14, arbitrary: apiStepArbitrary(options) },
    { weight: 5, arbitrary: rawStepArbitrary(options) },
    { weight: 1, arbitrary: faultStepArbitrary },
  )
}

const at = <T>(list: readonly T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length])

/**
 * What an outsider can do with a token shaped like a JWT: decode the payload of their own, write in
 * another listed user's id, e-mail and organization, and encode it again.
 */
function forge(token: string, forger: ListedUser, victim: ListedUser): string {
  const [header, payload, signature] = token.split('.')
  if (header === undefined || payload === undefined || signature === undefined) return token
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    const swap = new Map<unknown, unknown>([[forger.id, victim.id], [forger.email, victim.email], [forger.orgId, victim.orgId]])
    for (const [claim, value] of Object.entries(claims)) if (swap.has(value)) claims[claim] = swap.get(value)
    return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.')
  } catch {
    return token
  }
}

function authorization(caller: CallerPick, users: readonly ListedUser[]): string | null {
  if (caller.kind === 'none') return null
  if (caller.kind === 'header') return caller.value
  const user = at(users, caller.pick)
  const token = user?.token ?? 'no-users'
  if (caller.kind === 'user') return `Bearer ${token}`
  if (caller.kind === 'forged') {
    const victim = at(users, caller.victim)
    return `Bearer ${user && victim ? forge(token, user, victim) : token}`
  }
  switch (caller.how) {
    case 'lowercase-scheme':
      return `bearer ${token}`
    case 'no-scheme':
      return token
    case 'truncated':
      return `Bearer ${token.slice(0, -1)}`
    case 'suffixed':
      return `Bearer ${token}x`
    case 'padded':
      return `Bearer   ${token}  `
  }
}

function paramValue(param: ParamPick, users: readonly ListedUser[]): string {
  if (param.kind === 'literal') return param.value
  if (param.kind === 'user') return at(users, param.pick)?.id ?? 'no-users'
  const organizations = [...new Set(users.map((u) => u.orgId).filter((id): id is string => id !== null))]
  return at(organizations, param.pick) ?? 'no-organizations'
}

function operationPath(operation: OperationSpec, params: readonly ParamPick[], users: readonly ListedUser[]): string {
  let index = 0
  return operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(paramValue(params[index++]!, users)))
}

function keyAt(value: unknown, index: number, operation: OperationSpec): string {
  const present = value && typeof value === 'object' ? Object.keys(value) : []
  const documented = Object.keys((operation.requestBody as JsonSchema | undefined)?.properties ?? {})
  return at(present.length > 0 ? present : documented, index) ?? 'name'
}

/** The body a plan gives, as the JSON text sent. */
export function mutatedBody(plan: BodyPlan, operation: OperationSpec): string {
  const { mutation } = plan
  if (mutation.kind === 'not-an-object') return JSON.stringify(mutation.value)
  // A null-prototype copy keeps `__proto__` an ordinary key, as JSON.parse would read it.
  const body: Record<string, unknown> = Object.assign(Object.create(null), plan.value)
  switch (mutation.kind) {
    case 'none':
      break
    case 'wrong-type':
      body[keyAt(plan.value, mutation.pick, operation)] = mutation.value
      break
    case 'drop-field':
      delete body[keyAt(plan.value, mutation.pick, operation)]
      break
    case 'extra-field':
      body[mutation.key] = mutation.value
      break
    case 'huge-string':
      body[keyAt(plan.value, mutation.pick, operation)] = 'x'.repeat(mutation.length)
      break
    case 'odd-text':
      body[keyAt(plan.value, mutation.pick, operation)] = mutation.value
      break
  }
  return JSON.stringify(body)
}

/** Turns a step into the request it sends, picking users and organizations from the current list. */
export function requestFor(step: ApiStep | RawStep, users: readonly ListedUser[]): FuzzRequest {
  const auth = authorization(step.caller, users)
  const headers: Record<string, string> = auth === null ? {} : { authorization: auth }
  const callerId = 'pick' in step.caller ? (at(users, step.caller.pick)?.id ?? null) : null
  if (step.kind === 'api') {
    const hasBody = step.operation.requestBody !== undefined
    if (hasBody && step.contentType) headers['content-type'] = step.contentType
    return {
      via: 'prism',
      callerId,
      method: step.operation.method.toUpperCase(),
      target: operationPath(step.operation, step.params, users),
      headers,
      body: hasBody ? mutatedBody(step.body, step.operation) : null,
    }
  }
  if (step.contentType !== null) headers['content-type'] = step.contentType
  const target = step.target.kind === 'odd' ? step.target.value : operationPath(step.target.operation, step.target.params, users)
  return { via: 'raw', callerId, method: step.method, target, headers, body: step.body }
}
