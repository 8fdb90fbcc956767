import type { RelyingParty } from '../data/passkeys.js'
import type { Session, SessionStore } from '../data/sessions.js'
import type { FlashbackStore } from '../data/store.js'
import type { OrganizationRecord, UserRecord } from '../data/record-schemas.js'
import type { OperationId, PathParams, RequestBody, ResponseBody } from '../spec/document.js'
import type { OperationSpec } from '../spec/operations.js'
import type { operations } from '../spec/openapi.js'
import type { Target } from './authorize.js'
import type { JournalCaller } from './journal.js'

/** What the operation core needs from a request, whatever carried it (msw, node:http, fetch, a test). */
export interface OperationInput {
  params: Record<string, string>
  /** The raw `Authorization` header. */
  authorization: string | null
  /** The raw `Content-Type` header. */
  contentType: string | null
  /** The raw body text, already within the size limit; null or empty when there is none. */
  body: string | null
  /** The raw `User-Agent` header: a sign-in without `deviceInfo` records the device from it. */
  userAgent?: string | null
}

/** Status and JSON body: what every adapter turns into its own response. */
export interface OperationResult {
  status: number
  body: unknown
  /** Set when the request broke the contract (see `Violation`). */
  violation?: 'unauthenticated' | 'invalid-request'
  /** Who called, once authenticated. */
  caller?: JournalCaller
}

/** Clock and id source of one mock: seeded, so two runs with one seed create the same ids. */
export interface MockServices {
  /** The mock's clock (`mock.clock`), which tests may move. */
  now(): Date
  newId(): string
  /** Where the app lives: the links of the e-mails the mock keeps in its outbox lead there. */
  appUrl: string
  /** Who passkeys are made for: the rpId, and the origins whose pages may use them. */
  relyingParty: RelyingParty
}

/**
 * The operations that need no bearer token (`x-access.authentication: none`): their resolvers get no
 * caller. The core refuses to start if this list and the document disagree.
 */
export const PUBLIC_OPERATIONS = [
  'loginUser',
  'refreshUserToken',
  'logoutUser',
  'registerUser',
  'preVerifyEmail',
  'verifyEmail',
  'resendVerificationEmail',
  'activateUser',
  'requestPasswordReset',
  'resetPassword',
  'activateMagicLink',
  'signInWithGoogle',
  'exchangeGoogleCode',
  'refreshGoogleToken',
  'signInWithGithub',
  'refreshGithubToken',
  'signInWithMicrosoft',
  'exchangeMicrosoftCode',
  'refreshMicrosoftToken',
  'signInWithWeb3',
] as const satisfies readonly OperationId[]
export type PublicOperationId = (typeof PUBLIC_OPERATIONS)[number]

type SuccessStatus<K extends OperationId> = Extract<keyof operations[K]['responses'], 200 | 201>

/** A successful answer of operation K, typed from the document. */
export type Reply<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S; body: ResponseBody<K, S> }
}[SuccessStatus<K>]

/**
 * Everything a resolver gets: an authenticated, authorized caller (none for a public operation),
 * checked parameters and a validated body.
 */
export interface OperationContext<K extends OperationId> {
  operation: OperationSpec
  caller: K extends PublicOperationId ? null : UserRecord
  params: PathParams<K>
  body: RequestBody<K>
  store: FlashbackStore
  services: MockServices
  /** Sign-in sessions: access and refresh tokens. */
  sessions: SessionStore
  /** The request's `User-Agent` header, if it had one. */
  userAgent: string | null
  /** The sign-in the caller's access token belongs to; undefined for a test token or a public operation. */
  callerSession?: Session
  /** The target `x-access` names, loaded and checked before the resolver runs. */
  target: Target
  /** What the resolver's `prepare` made outside the write queue (see `withPreparation`); undefined if it failed. */
  prepared?: unknown
}

/** What a resolver expects `x-access` to have loaded; the core checks the two agree when it starts. */
export type TargetKind = 'none' | 'target-user' | 'path-organization'

export type Resolver<K extends OperationId> = ((ctx: OperationContext<K>) => Reply<K> | Promise<Reply<K>>) & {
  target?: TargetKind
  prepare?: (ctx: OperationContext<K>) => Promise<unknown>
}

/**
 * A write whose slow part (an RSA key) is made before it enters the write queue, so nobody else waits for it.
 * `prepare` gets the checked context, refuses as the resolver would (synchronously) and starts the slow part;
 * the core then runs the resolver in the queue, checks and all, with its result as `ctx.prepared`.
 * @example
 * generateOrganizationKey: withPreparation(resolver, (ctx) => { checkRoom(ctx); return generateRsaKeyPair() })
 */
export function withPreparation<K extends OperationId>(resolver: Resolver<K>, prepare: (ctx: OperationContext<K>) => Promise<unknown>): Resolver<K> {
  return Object.assign((ctx: OperationContext<K>) => resolver(ctx), { target: resolver.target, prepare })
}

/**
 * A resolver of an operation whose `x-access` targets a user by a path parameter: it receives that
 * user, already found (404), in the caller's organization (403) and, if managed, of lower rank (403).
 * @example
 * getOrganizationUser: onTargetUser((ctx, user) => ({ status: 200, body: presentUser(user) }))
 */
export function onTargetUser<K extends OperationId>(
  resolve: (ctx: OperationContext<K>, user: UserRecord) => Reply<K> | Promise<Reply<K>>,
): Resolver<K> {
  return Object.assign((ctx: OperationContext<K>) => resolve(ctx, (ctx.target as { user: UserRecord }).user), { target: 'target-user' as const })
}

/** A resolver of an operation whose `x-access` targets the organization in the path: it receives it, checked. */
export function onPathOrganization<K extends OperationId>(
  resolve: (ctx: OperationContext<K>, organization: OrganizationRecord) => Reply<K> | Promise<Reply<K>>,
): Resolver<K> {
  return Object.assign((ctx: OperationContext<K>) => resolve(ctx, (ctx.target as { organization: OrganizationRecord }).organization), {
    target: 'path-organization' as const,
  })
}
