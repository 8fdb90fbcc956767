import fc from 'fast-check'
import { worldOf, type FlashbackMock } from '../../src/public/create-flashback-mock.js'
import type { MfaRecord } from '../../src/data/account-records.js'
import type { OperationId } from '../../src/spec/document.js'
import { ACME, GLOBEX, UNKNOWN_ID, snapshot } from './world.js'
import { FORGERIES, forgeToken } from './forged-tokens.js'

/** One generated step. Indexes pick users from the model's current list at run time, new users included. */
export interface Step {
  caller: number
  op: OperationId
  target: number
  org: number
  variant: number
  role: number
  /** Below FORGERIES.length: the caller sends the target's token, built from listed data, instead of its own. */
  forge?: number
  /** 1 to 3: the caller uses the access token of its latest sign-in, if it has one; 0: its test token. */
  session?: number
  /** Minutes the mock's clock moves before the step. */
  minutes?: number
}

/** Per settings write: a valid body, another valid one, and one the docs' 400 answers. */
const SETTINGS_BODIES: Partial<Record<OperationId, unknown[]>> = {
  replaceUserSettings: [{ settings: { theme: 'dark' } }, { settings: {} }, { theme: 'dark' }],
  updateUserSettings: [{ theme: 'light' }, { notifications: { push: true } }, {}],
  deleteUserSettingsKeys: [{ keys: ['theme'] }, { keys: ['notifications.push', 'nothing'] }, { keys: [] }],
  replaceOrganizationSettings: [{ settings: { maxFileSize: '1GB' } }, { settings: {} }, { maxFileSize: '1GB' }],
  updateOrganizationSettings: [{ maxFileSize: '2GB' }, { security: { requireMFA: false } }, {}],
  deleteOrganizationSettingsKeys: [{ keys: ['maxFileSize'] }, { keys: ['security.requireMFA'] }, { keys: [] }],
}

/**
 * Every operation of the document with how often a step picks it: a `Record` over every operationId, so an
 * operation the model does not know fails `tsc` here. Generating a key makes a real RSA-2048 pair (a tenth
 * of a second or more): about one step in eleven, as before the weights were per operation.
 */
const STEP_WEIGHTS: Record<OperationId, number> = {
  getOrganization: 3, updateOrganization: 3, listOrganizationUsers: 3, createOrganizationUser: 3, getOrganizationUser: 3,
  updateOrganizationUser: 3, deleteOrganizationUser: 3, activateOrganizationUser: 3, getUserById: 3,
  getUserProfile: 3, loginUser: 3, refreshUserToken: 3, logoutUser: 3, registerUser: 3, listTokens: 3,
  revokeToken: 3, updateUserRole: 3, getUserQuota: 3, updateUser: 3, resendOrganizationUserInvitation: 3,
  getUserSettings: 3, replaceUserSettings: 3, updateUserSettings: 3, deleteUserSettingsKeys: 3, getOrganizationSettings: 3,
  replaceOrganizationSettings: 3, updateOrganizationSettings: 3, deleteOrganizationSettingsKeys: 3,
  enforceOrganizationMfa: 3, getMfaStatus: 3, deactivateUser: 3, listOrganizationKeys: 3, deleteOrganizationKeys: 3,
  deleteOrganizationKey: 3,
  generateOrganizationKey: 10,
  preVerifyEmail: 3, verifyEmail: 3, resendVerificationEmail: 3, activateUser: 3, requestPasswordReset: 3, resetPassword: 3,
  listSessions: 3, revokeSession: 3, revokeAllSessions: 2, updateSessionHeartbeat: 3, updateDeviceHeartbeat: 3,
  listDevices: 3, getDeviceDetails: 3, trustDevice: 3, untrustDevice: 3, removeDevice: 3,
  // The MFA calls: set-up steps often enough that sign-ins with MFA, lockouts and magic links are reached.
  getMfaMethods: 1, setupMfa: 5, verifyMfaSetup: 5, enableMfa: 5, disableMfa: 3, setPrimaryMfa: 2, resetMfa: 2,
  sendMagicLink: 3, activateMagicLink: 3, verifyMfaLogin: 5, getPasskeyAuthOptions: 2, completePasskeyRegistration: 2,
  // The provider sign-ins, made often enough that their refresh tokens are refreshed again.
  signInWithGoogle: 2, exchangeGoogleCode: 2, refreshGoogleToken: 2, signInWithGithub: 2, refreshGithubToken: 2,
  signInWithMicrosoft: 2, exchangeMicrosoftCode: 2, refreshMicrosoftToken: 2, signInWithWeb3: 2,
}
const weightedOperations = Object.entries(STEP_WEIGHTS).map(([id, weight]) => ({ weight, arbitrary: fc.constant(id as OperationId) }))
const PUBLIC: OperationId[] = [
  'loginUser', 'refreshUserToken', 'logoutUser', 'registerUser',
  'preVerifyEmail', 'verifyEmail', 'resendVerificationEmail', 'activateUser', 'requestPasswordReset', 'resetPassword',
  'activateMagicLink',
  'signInWithGoogle', 'exchangeGoogleCode', 'refreshGoogleToken', 'signInWithGithub', 'refreshGithubToken',
  'signInWithMicrosoft', 'exchangeMicrosoftCode', 'refreshMicrosoftToken', 'signInWithWeb3',
]
type ModelProvider = 'GOOGLE' | 'GITHUB' | 'MICROSOFT' | 'WEB3_STELLAR'
/** The provider sign-ins, by the provider they stand for and what they take: a consent's code, its access token, a signature. */
const PROVIDER_SIGN_INS: Partial<Record<OperationId, { provider: ModelProvider; takes: 'code' | 'token' | 'signature' }>> = {
  signInWithGoogle: { provider: 'GOOGLE', takes: 'token' },
  exchangeGoogleCode: { provider: 'GOOGLE', takes: 'code' },
  signInWithGithub: { provider: 'GITHUB', takes: 'code' },
  signInWithMicrosoft: { provider: 'MICROSOFT', takes: 'token' },
  exchangeMicrosoftCode: { provider: 'MICROSOFT', takes: 'code' },
  signInWithWeb3: { provider: 'WEB3_STELLAR', takes: 'signature' },
}
/** The provider refreshes, and whether the provider replaces the refresh token on each (GitHub and Microsoft do). */
const PROVIDER_REFRESHES: Partial<Record<OperationId, { provider: ModelProvider; rotates: boolean }>> = {
  refreshGoogleToken: { provider: 'GOOGLE', rotates: false },
  refreshGithubToken: { provider: 'GITHUB', rotates: true },
  refreshMicrosoftToken: { provider: 'MICROSOFT', rotates: true },
}
/** A consent's code works 10 minutes, a provider's access token 1 hour. */
const PROVIDER_CODE_MS = 10 * 60_000
const PROVIDER_TOKEN_MS = 60 * 60_000
/** What the limited token of a sign-in waiting for its MFA step may call. */
const MFA_STEP: OperationId[] = ['getMfaStatus', 'getMfaMethods', 'sendMagicLink', 'getPasskeyAuthOptions', 'verifyMfaLogin']
type Method = 'GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY'
const METHODS: Method[] = ['GOOGLE_AUTH', 'MAGIC_LINK', 'PASSKEY']
/** The client's defaults: 5 failures in a row lock verification for 15 minutes. */
const MAX_ATTEMPTS = 5
const LOCKOUT_MS = 15 * 60_000
const WRONG_CODE = 'not-a-code'
/** The calls that answer with a new sign-in of the user they name. */
const SIGN_INS: OperationId[] = ['loginUser', 'registerUser', 'verifyEmail', 'activateUser', ...(Object.keys(PROVIDER_SIGN_INS) as OperationId[])]
/** The register page: writes are blocked until the caller's e-mail is verified. */
const BLOCKED_UNTIL_VERIFIED: OperationId[] = [
  'createOrganizationUser', 'updateOrganizationUser', 'deleteOrganizationUser', 'activateOrganizationUser', 'updateOrganization',
  'updateUser', 'updateUserRole', 'resendOrganizationUserInvitation', 'replaceOrganizationSettings', 'updateOrganizationSettings',
  'deleteOrganizationSettingsKeys', 'enforceOrganizationMfa', 'generateOrganizationKey', 'deleteOrganizationKeys', 'deleteOrganizationKey',
]
type EmailKind = 'verification' | 'invitation' | 'password-reset' | 'magic-link'
/** How long each e-mail's token works: 24 hours (the register page), 7 days, 1 hour, 10 minutes (the client's magicLinkExpiry). */
const EMAIL_LIFETIME_MS: Record<EmailKind, number> = { verification: 24 * 60 * 60_000, invitation: 7 * 24 * 60 * 60_000, 'password-reset': 60 * 60_000, 'magic-link': 10 * 60_000 }
const PASSWORD = 'Password123!'
const HOUR_MS = 60 * 60_000
const ROLES = [0, 1, 2, 3, 254, 255]
const ORGS = [ACME, GLOBEX, UNKNOWN_ID]
const OWNER = 255

export const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  caller: fc.nat(40),
  op: fc.oneof(...weightedOperations),
  target: fc.nat(40),
  org: fc.nat(2),
  variant: fc.nat(2),
  role: fc.nat(ROLES.length - 1),
  // About one step in five is sent with a forged token.
  forge: fc.nat(15),
  session: fc.nat(3),
  minutes: fc.constantFrom(0, 0, 0, 30, 61),
})

/**
 * Steps of the MFA calls and the calls around them (sign-in, refresh, enforcement, the status; resets are left to
 * the general steps, which would undo most set-ups here): long enough
 * runs of them reach confirmed setups, sign-ins that wait for their MFA step, magic links and lockouts.
 */
export const mfaStepArbitrary: fc.Arbitrary<Step> = fc.record({
  caller: fc.nat(40),
  op: fc.constantFrom<OperationId>(
    'getMfaMethods', 'setupMfa', 'verifyMfaSetup', 'enableMfa', 'disableMfa', 'setPrimaryMfa', 'sendMagicLink', 'verifyMfaLogin',
    'verifyMfaSetup', 'enableMfa', 'verifyMfaLogin', 'verifyMfaLogin', 'loginUser', 'loginUser', 'activateMagicLink', 'activateMagicLink',
    'enforceOrganizationMfa', 'getMfaStatus', 'getUserProfile', 'refreshUserToken', 'revokeToken',
    'getPasskeyAuthOptions', 'completePasskeyRegistration',
  ),
  target: fc.nat(40),
  org: fc.nat(2),
  // Mostly TOTP and right codes (variant 0), so that set-ups get confirmed; wrong codes often enough to lock.
  variant: fc.constantFrom(0, 0, 0, 1, 1, 2),
  role: fc.nat(ROLES.length - 1),
  forge: fc.nat(15),
  session: fc.nat(3),
  minutes: fc.constantFrom(0, 0, 0, 0, 1, 16),
})

/**
 * Steps of the provider sign-ins and refreshes, with the calls around them (MFA set-up, deactivation, the profile, a
 * write that waits for a verified e-mail): long enough runs refresh rotated tokens again, sign newcomers in, and reach
 * users who sign in with MFA or are deactivated.
 */
export const providerStepArbitrary: fc.Arbitrary<Step> = fc.record({
  caller: fc.nat(40),
  op: fc.constantFrom<OperationId>(
    'signInWithGoogle', 'exchangeGoogleCode', 'refreshGoogleToken', 'signInWithGithub', 'refreshGithubToken',
    'signInWithMicrosoft', 'exchangeMicrosoftCode', 'refreshMicrosoftToken', 'signInWithWeb3', 'refreshUserToken',
    'setupMfa', 'verifyMfaSetup', 'enableMfa', 'verifyMfaLogin', 'deactivateUser', 'getUserProfile', 'updateOrganization',
  ),
  target: fc.nat(40),
  org: fc.nat(2),
  variant: fc.constantFrom(0, 0, 0, 1, 2),
  role: fc.nat(ROLES.length - 1),
  forge: fc.constant(FORGERIES.length),
  session: fc.nat(3),
  minutes: fc.constantFrom(0, 0, 0, 0, 5, 11, 61),
})

interface ModelUser {
  id: string
  orgId: string | null
  role: number | null
  deleted: boolean
  email: string
  /** A LOCAL user with a password (not a Google user). */
  canSignIn: boolean
  /** Whether the user has validated their e-mail (users created through the API have not). */
  validated: boolean
  /** Signs in with e-mail and password (not a provider): only such a user is sent a password reset. */
  local: boolean
  /** What register answered as verificationTokenId. */
  verificationId?: string
  mfa: ModelMfa
}

/** A user's MFA as the model sees it. */
interface ModelMfa {
  /** GOOGLE_AUTH has a TOTP secret (set up, not yet disabled or reset). */
  secret: boolean
  /** MAGIC_LINK has an address (set up, not yet disabled or reset). */
  link: boolean
  verified: Method[]
  enabled: Method[]
  primary?: Method
  failures: number
  lockedUntil: number
}

const noMfa = (): ModelMfa => ({ secret: false, link: false, verified: [], enabled: [], failures: 0, lockedUntil: -Infinity })

/** A fixture user's MFA: a method without its secret (or address) is status only, never asked for at sign-in. */
const modelMfaOf = (mfa: MfaRecord): ModelMfa => ({
  ...noMfa(),
  enabled: [...mfa.enabledMethods] as Method[],
  primary: mfa.primaryMethod as Method | undefined,
  verified: [...(mfa.verifiedMethods ?? [])] as Method[],
  secret: mfa.totpSecret !== undefined,
  link: mfa.magicLinkEmail !== undefined,
})

/** An e-mail the model expects in the outbox, with the token the mock put in it. */
interface ModelEmail {
  email: string
  kind: EmailKind
  token: string
  expiresAt: number
  /** Neither used nor replaced by a newer e-mail of its kind. */
  live: boolean
}

/** One sign-in as the model sees it: the docs' 1-hour access token, and a refresh token that works once. */
interface ModelSession {
  userId: string
  tokenId: string
  access: string
  accessIssuedAt: number
  refresh: string
  /** Refresh tokens already used: a rotated token never works again, and using one ends the session. */
  used: string[]
  /** Whether its refresh token works. */
  live: boolean
  /** Ended whole (reuse, deactivation, deletion, a new password): its access token stops working too. */
  ended: boolean
  /** The id and fingerprint the mock gave the device it came from. */
  deviceId: string
  fingerprint: string
  /** Waiting for its MFA step: a limited access token, and no refresh token handed out. */
  pending?: boolean
}

/** A provider's refresh token from a sign-in's authState. */
interface ModelProviderToken {
  provider: ModelProvider
  token: string
  /** Not yet replaced by a refresh (GitHub's and Microsoft's are replaced at each). */
  live: boolean
}

/** The provider's side of a sign-in step, as the step made it before the clock moved. */
interface ModelProviderCredential {
  /** The e-mail the provider vouches for. */
  email: string
  /** When the provider issued it, on the model's clock. */
  issuedAt: number
  /** Issued by this provider and never used (false: another provider's, an unknown one, a nonce used or a forged signature). */
  fits: boolean
}

/** The rules, written again from the docs and the README, independently of src/. */
class ReferenceModel {
  users: ModelUser[]
  sessions: ModelSession[] = []
  /** The provider refresh tokens sign-ins have handed out, oldest first. */
  providerTokens: ModelProviderToken[] = []
  /** The web3 bodies that have signed in: each nonce works once. */
  web3Bodies: object[] = []
  /** Minutes the clock has moved, in ms. */
  now = 0
  /** How many keys each organization holds (none in the fixture); at most five. */
  keys = new Map<string, number>()
  /** The e-mails sent, oldest first. */
  emails: ModelEmail[] = []
  /** The e-mails a step's change sends, matched against the outbox once it has run. */
  sending: { email: string; kind: EmailKind }[] = []
  /** The user whose MFA the MFA steps mostly work on: the first to start a setup, while it has one under way. */
  mfaUser?: ModelUser
  /** Which organizations enforce MFA (the fixture: Acme). */
  enforced = new Map<string, boolean>()
  constructor(mock: FlashbackMock) {
    this.users = mock.db.users.all().map((u) => ({
      id: u.id, orgId: u.orgId, role: u.orgRole, deleted: u.deletedAt !== null, email: u.email.toLowerCase(),
      canSignIn: u.authMethod === 'LOCAL' && u.password !== null, validated: u.validated, local: u.authMethod === 'LOCAL',
      mfa: modelMfaOf(worldOf(mock).store.account.mfaOf(u.id)),
    }))
    for (const organization of mock.db.organizations.all()) this.enforced.set(organization.id, organization.mfaEnforced)
  }

  isEnforced(user: ModelUser): boolean {
    return user.orgId !== null && this.enforced.get(user.orgId) === true
  }

  /** The methods a sign-in of the user must be followed by: enabled (or, where enforced, confirmed) ones the mock can check. */
  signInMethods(user: ModelUser): Method[] {
    const { mfa } = user
    const candidates = new Set([...mfa.enabled, ...(this.isEnforced(user) ? mfa.verified : [])])
    return METHODS.filter((m) => candidates.has(m) && ((m === 'GOOGLE_AUTH' && mfa.secret) || (m === 'MAGIC_LINK' && mfa.link)))
  }

  /** A failed code or link: counted, and the fifth in a row locks verification (429). The store changes on purpose. */
  failure(user: ModelUser): Prediction {
    const failures = user.mfa.failures + 1
    const locks = failures >= MAX_ATTEMPTS
    return { status: locks ? 429 : 400, changesOnRefusal: true, apply: () => {
      if (locks) Object.assign(user.mfa, { failures: 0, lockedUntil: this.now + LOCKOUT_MS })
      else user.mfa.failures = failures
    } }
  }

  /** The MFA calls of a signed-in caller. */
  predictMfa(step: Step, caller: ModelUser, target: ModelUser | undefined, request: Request): Prediction {
    const { mfa } = caller
    const method = request.method === 'POST' ? (request.body as { mfaType?: Method } | undefined)?.mfaType : undefined
    const locked = this.now < mfa.lockedUntil
    const without = (list: Method[], m: Method) => list.filter((x) => x !== m)
    switch (step.op) {
      case 'setupMfa': {
        if (mfa.enabled.includes(method!)) return { status: 400 }
        // A passkey's setup gives options; the model's requests never complete one (see completePasskeyRegistration).
        if (method === 'PASSKEY') return { status: 200, apply: () => void (mfa.verified = without(mfa.verified, method)) }
        return { status: 200, apply: () => {
          // The first to start a setup stays the focus while it has MFA under way.
          if (!this.mfaUser || this.mfaUser.deleted || !(this.mfaUser.mfa.secret || this.mfaUser.mfa.link)) this.mfaUser = caller
          mfa.verified = without(mfa.verified, method!)
          if (method === 'GOOGLE_AUTH') mfa.secret = true
          else { mfa.link = true; this.send(caller.email, 'magic-link') }
        } }
      }
      case 'verifyMfaSetup': {
        if (method !== 'GOOGLE_AUTH' || !mfa.secret) return { status: 400 }
        if (locked) return { status: 429 }
        if (request.wrongCode) return this.failure(caller)
        return { status: 200, apply: () => Object.assign(mfa, { verified: [...without(mfa.verified, method), method], failures: 0, lockedUntil: -Infinity }) }
      }
      case 'enableMfa': {
        if (mfa.enabled.includes(method!)) return { status: 200 }
        if (!mfa.verified.includes(method!)) return { status: 400 }
        return { status: 200, apply: () => Object.assign(mfa, { enabled: [...mfa.enabled, method!], primary: mfa.primary ?? method }) }
      }
      case 'disableMfa': {
        if (!mfa.enabled.includes(method!)) return { status: 400 }
        if (mfa.enabled.length === 1 && this.isEnforced(caller)) return { status: 403 }
        return { status: 200, apply: () => {
          const enabled = without(mfa.enabled, method!)
          Object.assign(mfa, { enabled, verified: without(mfa.verified, method!), primary: mfa.primary === method ? enabled[0] : mfa.primary })
          if (method === 'GOOGLE_AUTH') mfa.secret = false
          if (method === 'MAGIC_LINK') mfa.link = false
        } }
      }
      case 'setPrimaryMfa':
        if (!mfa.enabled.includes(method!)) return { status: 400 }
        return { status: 200, apply: () => void (mfa.primary = method) }
      case 'resetMfa': {
        const { resetUserId } = request.body as { resetUserId?: unknown }
        if (resetUserId !== undefined && typeof resetUserId !== 'string') return { status: 400 }
        const whose = resetUserId === undefined || resetUserId === caller.id ? caller : target
        if (whose !== caller) {
          if ((caller.role ?? -1) < 254) return { status: 403 }
          if (!whose || whose.deleted || caller.orgId === null || whose.orgId !== caller.orgId) return { status: 404 }
        }
        return { status: 200, apply: () => void (whose!.mfa = noMfa()) }
      }
      case 'sendMagicLink': {
        if (!mfa.link || !(mfa.enabled.includes('MAGIC_LINK') || mfa.verified.includes('MAGIC_LINK'))) return { status: 400 }
        return { status: 200, apply: () => this.send(caller.email, 'magic-link') }
      }
      case 'verifyMfaLogin': {
        if (!this.signInMethods(caller).includes(method!)) return { status: 400 }
        if (locked) return { status: 429 }
        const link = request.emailToken
        const good = method === 'GOOGLE_AUTH' ? !request.wrongCode : this.holder(link, ['magic-link']) === caller
        if (!good) return this.failure(caller)
        return { status: 200, apply: () => {
          Object.assign(mfa, { failures: 0, lockedUntil: -Infinity })
          if (method === 'MAGIC_LINK') link!.live = false
        } }
      }
      case 'getPasskeyAuthOptions':
      case 'completePasskeyRegistration':
        // Nobody of the model registers a passkey: no options to give, and the registration sent names a challenge
        // no setup gave (or there is none under way), refused before the credential is looked at.
        return { status: 400 }
      default:
        // getMfaMethods
        return { status: 200 }
    }
  }

  send(email: string, kind: EmailKind): void {
    this.sending.push({ email: email.toLowerCase(), kind })
  }

  /** The outbox's new messages are the model's: each replaces the live token of its user and kind. */
  received(messages: { to: string; kind: EmailKind; token: string }[]): string | null {
    const expected = JSON.stringify(this.sending)
    const got = JSON.stringify(messages.map((m) => ({ email: m.to.toLowerCase(), kind: m.kind })))
    this.sending = []
    if (expected !== got) return `the outbox got ${got} where the model expects ${expected}`
    for (const message of messages) {
      const email = message.to.toLowerCase()
      for (const old of this.emails) if (old.email === email && old.kind === message.kind) old.live = false
      this.emails.push({ email, kind: message.kind, token: message.token, expiresAt: this.now + EMAIL_LIFETIME_MS[message.kind], live: true })
    }
    return null
  }

  /** The active user a live, unexpired token of one of the kinds belongs to. */
  holder(token: ModelEmail | undefined, kinds: EmailKind[]): ModelUser | undefined {
    if (!token || !token.live || !kinds.includes(token.kind) || this.now >= token.expiresAt) return undefined
    const user = this.users.find((u) => u.email === token.email)
    return user && !user.deleted ? user : undefined
  }

  latestSession(userId: string): ModelSession | undefined {
    return this.sessions.filter((s) => s.userId === userId).at(-1)
  }

  /** Ends every session of a user, access tokens included. */
  endSessionsOf(userId: string): void {
    for (const session of this.sessions) if (session.userId === userId) Object.assign(session, { live: false, ended: true })
  }

  /** The caller's live sessions from the device of the session a request names (none: not the caller's device). */
  liveOnDevice(caller: ModelUser, named: ModelSession | undefined): ModelSession[] {
    if (!named || named.userId !== caller.id) return []
    return this.sessions.filter((s) => s.userId === caller.id && s.live && s.deviceId === named.deviceId)
  }

  /**
   * A provider sign-in: a credential that fits and is live signs the vouched e-mail's user in, making one (a verified
   * OWNER of a new organization) if the e-mail is no user's, and verifying an existing user's e-mail.
   */
  predictProviderSignIn(step: Step, request: Request): Prediction {
    const { takes } = PROVIDER_SIGN_INS[step.op]!
    const credential = request.providerCredential!
    const age = this.now - credential.issuedAt
    const lifetime = takes === 'code' ? PROVIDER_CODE_MS : takes === 'token' ? PROVIDER_TOKEN_MS : Infinity
    if (!credential.fits || age >= lifetime) return { status: 401 }
    const user = this.users.find((u) => u.email === credential.email.toLowerCase())
    if (user?.deleted) return { status: 401 }
    return { status: 200, apply: () => {
      if (user) user.validated = true
      if (takes === 'signature') this.web3Bodies.push(request.body as object)
    } }
  }

  /** A provider refresh: a live refresh token of that provider renews; a replaced, unknown or other provider's one is a 401. */
  predictProviderRefresh(step: Step, request: Request): Prediction {
    const { provider, rotates } = PROVIDER_REFRESHES[step.op]!
    const held = request.providerToken
    if (!held || !held.live || held.provider !== provider) return { status: 401 }
    return { status: 200, apply: () => { if (rotates) held.live = false } }
  }

  /** The sign-in calls: the caller's bearer token plays no part. */
  predictPublic(step: Step, target: ModelUser | undefined, request: Request): Prediction {
    if (PROVIDER_SIGN_INS[step.op]) return this.predictProviderSignIn(step, request)
    if (PROVIDER_REFRESHES[step.op]) return this.predictProviderRefresh(step, request)
    switch (step.op) {
      case 'activateMagicLink': {
        // The link of a MAGIC_LINK setup confirms it, once; after a disable or a reset it no longer does.
        const user = this.holder(request.emailToken, ['magic-link'])
        if (!user || !user.mfa.link) return { status: 400 }
        return { status: 200, apply: () => {
          user.mfa.verified = [...user.mfa.verified.filter((m) => m !== 'MAGIC_LINK'), 'MAGIC_LINK']
          request.emailToken!.live = false
        } }
      }
      case 'loginUser': {
        if (!target || target.deleted || !target.canSignIn || step.variant === 1) return { status: 401 }
        return { status: 200 }
      }
      case 'refreshUserToken':
      case 'logoutUser': {
        const session = request.session
        // A rotated refresh token used again ends its whole session (refresh and logout alike).
        if (session && !session.ended && session.used.includes(request.refreshToken!)) {
          return { status: 401, apply: () => Object.assign(session, { live: false, ended: true }) }
        }
        if (!session || request.refreshToken !== session.refresh || !session.live) return { status: 401 }
        if (step.op === 'refreshUserToken' && this.users.find((u) => u.id === session.userId)!.deleted) return { status: 401 }
        return { status: 200 }
      }
      case 'preVerifyEmail':
        return { status: this.holder(request.emailToken, ['verification', 'invitation']) ? 200 : 400 }
      case 'verifyEmail': {
        const user = this.holder(request.emailToken, ['verification', 'invitation'])
        if (!user) return { status: 400 }
        return { status: 200, apply: () => { user.validated = true; request.emailToken!.live = false } }
      }
      case 'activateUser': {
        const user = this.holder(request.emailToken, ['invitation'])
        if (!user || step.variant === 1) return { status: 400 }
        // The invitation's password is the fixture's, so the user signs in with it.
        return { status: 200, apply: () => { Object.assign(user, { validated: true, canSignIn: true }); request.emailToken!.live = false } }
      }
      case 'resetPassword': {
        const user = this.holder(request.emailToken, ['password-reset'])
        if (!user || step.variant === 1) return { status: 400 }
        // The new password is the fixture's: the user signs in with it again, and every session ends.
        return { status: 200, apply: () => { user.canSignIn = true; request.emailToken!.live = false; this.endSessionsOf(user.id) } }
      }
      case 'requestPasswordReset':
        return { status: 200, apply: () => { if (target && !target.deleted && target.local) this.send(target.email, 'password-reset') } }
      case 'resendVerificationEmail': {
        const user = request.verificationOf
        if (!user) return { status: 404 }
        if (user.deleted || user.validated) return { status: 400 }
        return { status: 200, apply: () => this.send(user.email, 'verification') }
      }
      default: {
        // registerUser
        if (step.variant === 2) return { status: 400 }
        if (this.users.some((u) => u.email === request.email!.toLowerCase())) return { status: 400 }
        return { status: 201, apply: () => this.send(request.email!, 'verification') }
      }
    }
  }

  activeOwners(orgId: string | null) {
    return this.users.filter((u) => u.orgId === orgId && u.role === OWNER && !u.deleted).length
  }

  /** The status the rules give, and the change they make on success. */
  predict(step: Step, caller: ModelUser, target: ModelUser | undefined, request: Request): Prediction {
    if (PUBLIC.includes(step.op)) return this.predictPublic(step, target, request)
    if (caller.deleted) return { status: 401 }
    if (request.accessIssuedAt !== undefined && this.now - request.accessIssuedAt >= HOUR_MS) return { status: 401 }
    if (request.accessEnded) return { status: 401 }
    if (request.accessPending && !MFA_STEP.includes(step.op)) return { status: 401 }
    if (MFA_OPERATIONS.includes(step.op)) return this.predictMfa(step, caller, target, request)
    const member = caller.orgId !== null
    // Before anything but the caller's role: a role too low is a 403 as well.
    if (BLOCKED_UNTIL_VERIFIED.includes(step.op) && member && !caller.validated) return { status: 403 }
    const rank = caller.role ?? -1
    const isOwner = caller.role === OWNER
    const sameOrg = target !== undefined && member && target.orgId === caller.orgId
    const mayManage = (t: ModelUser) => isOwner || t.id === caller.id || (t.role ?? 0) < rank
    switch (step.op) {
      case 'getUserProfile':
      case 'listTokens':
        return { status: 200 }
      case 'revokeToken': {
        const session = request.session
        if (!session || session.userId !== caller.id || !session.live) return { status: 404 }
        return { status: 200, apply: () => void (session.live = false) }
      }
      case 'listSessions':
      case 'listDevices':
        return { status: 200 }
      case 'revokeSession':
      case 'updateSessionHeartbeat': {
        // Only a live session of the caller's own; revoking ends its access token too.
        const session = request.session
        if (!session || session.userId !== caller.id || !session.live) return { status: 404 }
        if (step.op === 'updateSessionHeartbeat') return { status: 200 }
        return { status: 200, apply: () => void Object.assign(session, { live: false, ended: true }) }
      }
      case 'revokeAllSessions':
        return { status: 200, apply: () => this.endSessionsOf(caller.id) }
      case 'trustDevice':
      case 'updateDeviceHeartbeat':
      case 'getDeviceDetails':
      case 'untrustDevice':
      case 'removeDevice': {
        // A device is the caller's while one of its live sessions comes from it; removing it ends those sessions.
        if (step.op === 'trustDevice' && step.variant === 1) return { status: 400 }
        const sessions = this.liveOnDevice(caller, request.session)
        if (!sessions.length) return { status: 404 }
        if (step.op !== 'removeDevice') return { status: 200 }
        return { status: 200, apply: () => { for (const session of sessions) Object.assign(session, { live: false, ended: true }) } }
      }
      case 'getUserQuota':
        // Only Acme has a subscription in the default fixture; a registration gives its new organization a free trial.
        return { status: caller.orgId === ACME || this.users.some((u) => u.verificationId && u.orgId === caller.orgId && caller.orgId !== null) ? 200 : 404 }
      case 'getOrganization': {
        if (request.orgId === UNKNOWN_ID) return { status: 404 }
        return { status: request.orgId === caller.orgId ? 200 : 403 }
      }
      case 'updateOrganization': {
        if (member && rank < 254) return { status: 403 }
        if (step.variant !== 0) return { status: 400 }
        if (request.orgId === UNKNOWN_ID) return { status: 404 }
        return { status: request.orgId === caller.orgId ? 200 : 403 }
      }
      case 'listOrganizationUsers':
        return { status: member && rank >= 2 ? 200 : 403 }
      case 'getUserById': {
        if (!member) return { status: 403 }
        if (!target) return { status: 404 }
        return { status: sameOrg ? 200 : 403 }
      }
      case 'createOrganizationUser': {
        if (!member || rank < 2) return { status: 403 }
        const role = request.role!
        if (step.variant === 2 || !ROLES.includes(role) || role === 3) return { status: 400 }
        if (!isOwner && role >= rank) return { status: 403 }
        if (this.users.some((u) => u.email === request.email!.toLowerCase())) return { status: 400 }
        return { status: 201, apply: () => {
          this.users.push({ id: '', orgId: caller.orgId, role, deleted: false, email: request.email!.toLowerCase(), validated: false, canSignIn: true, local: true, mfa: noMfa() })
          this.send(request.email!, 'invitation')
        } }
      }
      case 'updateUserRole': {
        // The role page: the organization-user update's rule, through another door.
        if (!member || rank < 2) return { status: 403 }
        const newRole = (request.body as { orgRole?: number }).orgRole
        if (newRole === undefined || newRole === 3) return { status: 400 }
        if (!target) return { status: 404 }
        if (!sameOrg || !mayManage(target)) return { status: 403 }
        if (newRole !== target.role) {
          if (!isOwner && (target.id === caller.id || newRole >= rank)) return { status: 403 }
          if (target.role === OWNER && !target.deleted && this.activeOwners(target.orgId) === 1) return { status: 400 }
        }
        return { status: 200, apply: () => void (target.role = newRole) }
      }
      case 'getUserSettings':
      case 'getMfaStatus':
        return { status: 200 }
      case 'listOrganizationKeys':
      case 'generateOrganizationKey':
      case 'deleteOrganizationKeys':
      case 'deleteOrganizationKey': {
        // ADMINISTRATORS or OWNER of the organization in the path; the key deleted by id is never one of them (404).
        if (member && rank < 254) return { status: 403 }
        if (request.orgId === UNKNOWN_ID) return { status: 404 }
        if (request.orgId !== caller.orgId) return { status: 403 }
        const orgId = request.orgId!
        const held = this.keys.get(orgId) ?? 0
        if (step.op === 'generateOrganizationKey') return held >= 5 ? { status: 400 } : { status: 200, apply: () => void this.keys.set(orgId, held + 1) }
        if (step.op === 'deleteOrganizationKeys') return { status: 200, apply: () => void this.keys.set(orgId, 0) }
        return { status: step.op === 'deleteOrganizationKey' ? 404 : 200 }
      }
      case 'deactivateUser':
        // Oneself, soft-deleted; never the last active OWNER.
        if (caller.role === OWNER && this.activeOwners(caller.orgId) === 1) return { status: 400 }
        return { status: 200, apply: () => { caller.deleted = true; this.endSessionsOf(caller.id) } }
      case 'enforceOrganizationMfa': {
        // The docs answer a user without organization 400; enforcing needs ADMINISTRATORS or OWNER.
        if (!member) return { status: 400 }
        if (rank < 254) return { status: 403 }
        if (step.variant === 2) return { status: 400 }
        return { status: 200, apply: () => void this.enforced.set(caller.orgId!, step.variant === 0) }
      }
      case 'replaceUserSettings':
      case 'updateUserSettings':
      case 'deleteUserSettingsKeys':
        return { status: step.variant === 2 ? 400 : 200 }
      case 'getOrganizationSettings':
        return { status: member ? 200 : 404 }
      case 'replaceOrganizationSettings':
      case 'updateOrganizationSettings':
      case 'deleteOrganizationSettingsKeys': {
        // Organization settings writes: ADMINISTRATORS or OWNER; none without an organization (404).
        if (!member) return { status: 404 }
        if (rank < 254) return { status: 403 }
        return { status: step.variant === 2 ? 400 : 200 }
      }
      case 'updateUser': {
        // Basic data: oneself always (without an organization too), others from WORKSPACES on (and only below
        // one's rank); a password only one's own.
        if (step.variant === 2) return { status: 400 }
        if (!target) return { status: 404 }
        const self = target.id === caller.id
        if (!member && !self) return { status: 403 }
        if (!member) return { status: 200, apply: () => { if (step.variant === 1) { target.canSignIn = false; this.endSessionsOf(target.id) } } }
        if (!sameOrg || (!self && rank < 2) || !mayManage(target)) return { status: 403 }
        if (step.variant === 1 && !self) return { status: 403 }
        // A new password: the fixture's no longer signs in (the old one does not work after the change).
        // A new password also ends every session of the user.
        return { status: 200, apply: () => { if (step.variant === 1) { target.canSignIn = false; this.endSessionsOf(target.id) } } }
      }
      default: {
        // The operations on /organization/users/{userId}.
        if (!member || rank < 2) return { status: 403 }
        if (step.op === 'updateOrganizationUser' && ((request.body as { orgRole?: number }).orgRole === 3 || step.variant === 2)) return { status: 400 }
        if (!target) return { status: 404 }
        if (!sameOrg) return { status: 403 }
        if (step.op === 'getOrganizationUser') return { status: 200 }
        if (!mayManage(target)) return { status: 403 }
        if (step.op === 'deleteOrganizationUser') {
          if (target.id === caller.id || target.deleted) return { status: 400 }
          if (target.role === OWNER && this.activeOwners(target.orgId) === 1) return { status: 400 }
          return { status: 200, apply: () => { target.deleted = true; this.endSessionsOf(target.id) } }
        }
        if (step.op === 'resendOrganizationUserInvitation') {
          if (target.deleted || target.validated) return { status: 400 }
          return { status: 200, apply: () => this.send(target.email, 'invitation') }
        }
        if (step.op === 'activateOrganizationUser') {
          if (!target.deleted) return { status: 400 }
          return { status: 200, apply: () => void (target.deleted = false) }
        }
        const newRole = (request.body as { orgRole?: number }).orgRole
        if (newRole !== undefined && newRole !== target.role) {
          if (!isOwner && (target.id === caller.id || newRole >= rank)) return { status: 403 }
          if (target.role === OWNER && !target.deleted && this.activeOwners(target.orgId) === 1) return { status: 400 }
        }
        return { status: 200, apply: () => void (newRole !== undefined && (target.role = newRole)) }
      }
    }
  }
}

/** What the rules say of a step: its status, the change it makes, and whether a refusal changes the store on purpose. */
interface Prediction {
  status: number
  apply?: () => void
  /** A failed MFA code or link is counted toward the lockout, refusal though it is. */
  changesOnRefusal?: boolean
}

const MFA_OPERATIONS: OperationId[] = [
  'getMfaMethods', 'setupMfa', 'verifyMfaSetup', 'enableMfa', 'disableMfa', 'setPrimaryMfa', 'resetMfa', 'sendMagicLink', 'verifyMfaLogin',
  'getPasskeyAuthOptions', 'completePasskeyRegistration',
]
/** A registration no setup asked for: well formed, so it reaches the mock's rules. */
const STRAY_PASSKEY = { id: 'c3RyYXk', rawId: 'c3RyYXk', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'oA' } }

interface Request {
  method: string
  params: Record<string, string>
  orgId?: string
  email?: string
  role?: number
  body?: unknown
  /** The sign-in a refresh, logout or revoke names (none: an unknown token). */
  session?: ModelSession
  refreshToken?: string
  /** When the caller's access token was issued, if it calls with one. */
  accessIssuedAt?: number
  /** Whether that access token's session has been ended whole. */
  accessEnded?: boolean
  /** Whether that access token is the limited one of a sign-in waiting for its MFA step. */
  accessPending?: boolean
  /** The sign-in whose access token the caller sends, if any. */
  callerSession?: ModelSession
  /** The TOTP code sent is a wrong one (else the caller's current code, read once the clock has moved). */
  wrongCode?: boolean
  /** The e-mail whose token the request sends (none: an unknown token). */
  emailToken?: ModelEmail
  /** The registrant whose verificationTokenId the request names (none: an unknown id). */
  verificationOf?: ModelUser
  /** A provider sign-in's code, token or signature. */
  providerCredential?: ModelProviderCredential
  /** The provider refresh token a provider refresh sends (none: an unknown one). */
  providerToken?: ModelProviderToken
}

const OTHER_PROVIDER: Record<Exclude<ModelProvider, 'WEB3_STELLAR'>, 'google' | 'github' | 'microsoft'> = { GOOGLE: 'github', GITHUB: 'microsoft', MICROSOFT: 'google' }
const PROVIDER_NAME = { GOOGLE: 'google', GITHUB: 'github', MICROSOFT: 'microsoft' } as const

/**
 * The body of a provider step, made through the world's provider (`mock.providers`) before the clock moves. Sign-ins:
 * variant 0 the provider's credential for the target (an unknown target: a newcomer's e-mail); 1 one of another
 * provider, or for web3 a body that has signed in already; 2 an unknown code or token, or a signature of another
 * nonce. Refreshes: variants 0 and 1 a refresh token sign-ins handed out (live or replaced, of any provider); 2 an unknown one.
 */
async function providerRequest(step: Step, model: ReferenceModel, mock: FlashbackMock, target: ModelUser | undefined): Promise<Request> {
  const refresh = PROVIDER_REFRESHES[step.op]
  if (refresh) {
    const held = step.variant === 2 || !model.providerTokens.length ? undefined : model.providerTokens[step.target % model.providerTokens.length]
    return { method: 'POST', params: {}, providerToken: held, body: { refresh_token: held?.token ?? 'not-a-refresh-token' } }
  }
  const { provider, takes } = PROVIDER_SIGN_INS[step.op]!
  const email = target?.email ?? `newcomer.${++counter}@provider.example`
  const issuedAt = model.now
  if (provider === 'WEB3_STELLAR') {
    const replay = step.variant === 1 && model.web3Bodies.length ? model.web3Bodies[step.target % model.web3Bodies.length] : undefined
    if (replay) return { method: 'POST', params: {}, body: replay, providerCredential: { email, issuedAt, fits: false } }
    const wallet = await mock.providers.stellarWallet(email)
    const body = await wallet.signInBody(`model-nonce-${++counter}`)
    const forged = step.variant === 2 ? { ...body, signature: await wallet.sign('another-nonce') } : body
    return { method: 'POST', params: {}, body: forged, providerCredential: { email, issuedAt, fits: step.variant !== 2 } }
  }
  const grant = step.variant === 1 ? mock.providers.grant(OTHER_PROVIDER[provider], email) : mock.providers.grant(PROVIDER_NAME[provider], email)
  const credential = step.variant === 2 ? `unknown-${++counter}` : grant[takes as 'code' | 'token']
  return { method: 'POST', params: {}, body: takes === 'code' ? { code: credential } : { token: credential }, providerCredential: { email, issuedAt, fits: step.variant === 0 } }
}

let counter = 0

function requestFor(step: Step, model: ReferenceModel, target: ModelUser | undefined, pickedTargetId: string): Request {
  const role = ROLES[step.role]!
  const session = model.sessions.length ? model.sessions[step.target % model.sessions.length] : undefined
  switch (step.op) {
    case 'loginUser': {
      // One target in eight is unknown: its e-mail is no user's.
      const email = target ? target.email.toUpperCase() : `nobody.${++counter}@acme.com`
      return { method: 'POST', params: {}, body: { email, password: step.variant === 1 ? 'Password123?' : PASSWORD } }
    }
    case 'refreshUserToken':
    case 'logoutUser': {
      // The session's current refresh token; with variant 1, one it already used (if any); an unknown one without a
      // session, or for a sign-in waiting for its MFA step (whose refresh token nobody has).
      const refreshToken = !session || session.refresh === undefined ? 'not-a-refresh-token' : step.variant === 1 && session.used.length ? session.used.at(-1)! : session.refresh
      const field = step.role % 2 ? 'refresh_token' : 'refreshToken'
      return { method: 'POST', params: {}, session: refreshToken === 'not-a-refresh-token' ? undefined : session, refreshToken, body: { [field]: refreshToken } }
    }
    case 'registerUser': {
      const email = step.variant === 1 && target ? target.email.toUpperCase() : `founder.${++counter}@newco.example`
      const password = step.variant === 2 ? 'weakpassword' : PASSWORD
      return { method: 'POST', params: {}, email, body: { email, password, firstName: 'Foun', lastName: 'Der', companyName: 'NewCo', isBusiness: step.org === 0 } }
    }
    case 'preVerifyEmail':
    case 'verifyEmail':
    case 'activateUser':
    case 'resetPassword': {
      // Variant 0: a live e-mail of the kind the call takes (or any e-mail, if none is); variant 1: any e-mail of
      // the outbox, live, used, replaced or expired; variant 2: an unknown token.
      const kinds: EmailKind[] = step.op === 'resetPassword' ? ['password-reset'] : step.op === 'activateUser' ? ['invitation'] : ['verification', 'invitation']
      const live = model.emails.filter((e) => e.live && kinds.includes(e.kind))
      const pool = step.variant === 0 && live.length ? live : model.emails
      const emailToken = step.variant === 2 || !pool.length ? undefined : pool[step.target % pool.length]
      const token = emailToken?.token ?? 'not-an-email-token'
      const holder = emailToken && model.users.find((u) => u.email === emailToken.email)
      if (step.op === 'resetPassword') return { method: 'POST', params: {}, emailToken, body: { token, newPassword: step.variant === 1 ? 'weakpassword' : PASSWORD } }
      if (step.op !== 'activateUser') return { method: 'POST', params: {}, emailToken, body: step.op === 'verifyEmail' ? { token, password: PASSWORD } : { token } }
      // Variant 1 names another user than the invited one (or another address).
      const uid = step.variant === 1 ? pickedTargetId : (holder?.id ?? UNKNOWN_ID)
      const email = step.variant === 1 ? `other.${++counter}@acme.com` : (holder?.email ?? `nobody.${++counter}@acme.com`)
      const registrationInfo = { email, password: PASSWORD, firstName: 'Invi', lastName: 'Ted', companyName: 'Acme', isBusiness: true }
      return { method: 'POST', params: {}, emailToken, body: { uid, token, registrationInfo } }
    }
    case 'resendVerificationEmail': {
      const registrants = model.users.filter((u) => u.verificationId)
      const verificationOf = step.variant === 2 || !registrants.length ? undefined : registrants[step.target % registrants.length]
      return { method: 'POST', params: { verificationTokenId: verificationOf?.verificationId ?? UNKNOWN_ID }, verificationOf }
    }
    case 'requestPasswordReset': {
      const email = target ? target.email.toUpperCase() : `nobody.${++counter}@acme.com`
      return { method: 'POST', params: {}, body: { email } }
    }
    case 'revokeToken':
      return { method: 'DELETE', params: { tokenId: step.variant === 2 || !session ? UNKNOWN_ID : session.tokenId }, ...(step.variant === 2 ? {} : { session }) }
    case 'listTokens':
    case 'listSessions':
    case 'listDevices':
    case 'revokeAllSessions':
      return { method: 'GET', params: {} }
    case 'revokeSession':
    case 'updateSessionHeartbeat':
      return { method: 'POST', params: { sessionId: step.variant === 2 || !session ? UNKNOWN_ID : session.tokenId }, ...(step.variant === 2 ? {} : { session }) }
    case 'updateDeviceHeartbeat':
    case 'getDeviceDetails':
    case 'untrustDevice':
    case 'removeDevice':
      return { method: 'POST', params: { deviceId: step.variant === 2 || !session ? UNKNOWN_ID : session.deviceId }, ...(step.variant === 2 ? {} : { session }) }
    case 'trustDevice': {
      // Variant 0: the fingerprint of a session's device; 1: no fingerprint; 2: one no device has.
      const fingerprint = step.variant === 2 || !session ? 'not-a-fingerprint' : session.fingerprint
      return { method: 'POST', params: {}, body: step.variant === 1 ? {} : { fingerprint }, ...(step.variant === 0 ? { session } : {}) }
    }
    case 'getOrganization':
      return { method: 'GET', params: { orgId: ORGS[step.org]! }, orgId: ORGS[step.org]! }
    case 'updateOrganization': {
      const body = [{ city: 'Metropolis' }, { domain: 'ignored.example' }, { is_business: 'yes' }][step.variant]
      return { method: 'PUT', params: { orgId: ORGS[step.org]! }, orgId: ORGS[step.org]!, body }
    }
    case 'createOrganizationUser': {
      const email = step.variant === 1 && target ? target.email.toUpperCase() : `prop.${++counter}@acme.com`
      const body = { email, firstName: 'Prop', lastName: 'Erty', orgRole: role, ...(step.variant === 2 ? {} : { password: 'Password123!' }) }
      return { method: 'POST', params: {}, email, role, body }
    }
    case 'updateOrganizationUser': {
      const body = [{ name: 'Renamed' }, { orgRole: role }, { nickname: 'x' }][step.variant]
      return { method: 'PUT', params: { userId: pickedTargetId }, body }
    }
    case 'replaceUserSettings':
    case 'updateUserSettings':
    case 'deleteUserSettingsKeys':
    case 'replaceOrganizationSettings':
    case 'updateOrganizationSettings':
    case 'deleteOrganizationSettingsKeys':
      return { method: 'POST', params: {}, body: SETTINGS_BODIES[step.op]![step.variant] }
    case 'getUserSettings':
    case 'getOrganizationSettings':
    case 'getMfaStatus':
    case 'deactivateUser':
      return { method: 'GET', params: {} }
    case 'listOrganizationKeys':
    case 'generateOrganizationKey':
    case 'deleteOrganizationKeys':
      return { method: 'GET', params: { idOrg: ORGS[step.org]! }, orgId: ORGS[step.org]! }
    case 'deleteOrganizationKey':
      return { method: 'DELETE', params: { idOrg: ORGS[step.org]!, idKey: 'key-unknown' }, orgId: ORGS[step.org]! }
    case 'enforceOrganizationMfa':
      return { method: 'POST', params: {}, body: [{ enforced: true }, { enforced: false }, { enforced: 'yes' }][step.variant] }
    case 'getMfaMethods':
      return { method: 'GET', params: {} }
    case 'setupMfa':
    case 'enableMfa':
    case 'disableMfa':
    case 'setPrimaryMfa':
      return { method: 'POST', params: {}, body: { mfaType: METHODS[step.variant]! } }
    case 'verifyMfaSetup':
      // Variant 0: the right code (filled in once the clock has moved); 1: a wrong one; 2: MAGIC_LINK, confirmed elsewhere.
      return step.variant === 2
        ? { method: 'POST', params: {}, body: { mfaType: 'MAGIC_LINK' } }
        : { method: 'POST', params: {}, wrongCode: step.variant === 1, body: { mfaType: 'GOOGLE_AUTH', code: WRONG_CODE } }
    case 'resetMfa':
      return { method: 'POST', params: {}, body: [{ enable: true }, { resetUserId: pickedTargetId, enable: false }, { resetUserId: 42 }][step.variant] }
    case 'sendMagicLink':
    case 'getPasskeyAuthOptions':
      return { method: 'POST', params: {} }
    case 'completePasskeyRegistration':
      return { method: 'POST', params: {}, body: { credential: STRAY_PASSKEY, challenge: 'c3RyYXk' } }
    case 'activateMagicLink':
    case 'verifyMfaLogin': {
      // A magic link: variant 0 or 2 a live one (of anybody) if any, else any; or an unknown token. For verify-login
      // variants 0 and 1 are TOTP codes (right, wrong), variant 2 a link.
      const links = model.emails.filter((e) => e.kind === 'magic-link')
      const live = links.filter((e) => e.live)
      const pool = live.length && step.variant !== 1 ? live : links
      const emailToken = pool.length && step.target % 5 !== 4 ? pool[step.target % pool.length] : undefined
      const token = emailToken?.token ?? 'not-a-magic-link'
      if (step.op === 'activateMagicLink') return { method: 'POST', params: {}, emailToken, body: { token } }
      if (step.variant === 2) return { method: 'POST', params: {}, emailToken, body: { mfaType: 'MAGIC_LINK', token } }
      return { method: 'POST', params: {}, wrongCode: step.variant === 1, body: { mfaType: 'GOOGLE_AUTH', code: WRONG_CODE } }
    }
    case 'updateUser': {
      const body = [{ name: 'Renamed', lastName: 'Again' }, { password: 'NewPassword1' }, { nickname: 'x' }][step.variant]
      return { method: 'PUT', params: { userId: pickedTargetId }, body }
    }
    case 'updateUserRole': {
      const body = [{ orgRole: role }, { orgRole: role }, { role }][step.variant]
      return { method: 'PUT', params: { userId: pickedTargetId }, body }
    }
    case 'listOrganizationUsers':
    case 'getUserProfile':
    case 'getUserQuota':
      return { method: 'GET', params: {} }
    default:
      return { method: 'GET', params: { userId: pickedTargetId } }
  }
}

/** The live sign-ins of every user, as text: a refused request must not start or end one. */
function liveSessions(mock: FlashbackMock, model: ReferenceModel): string {
  const sessions = worldOf(mock).sessions
  return JSON.stringify(model.users.map((u) => sessions.liveSessionsOf(u.id).map((s) => [s.id, s.refreshTokens])))
}

export interface StepFailure {
  step: Step
  problem: string
}

/** Runs steps against the mock's core, checking every invariant after every step. Returns the first failure. */
export async function runSteps(mock: FlashbackMock, steps: Step[]): Promise<StepFailure | null> {
  await mock.reset()
  const model = new ReferenceModel(mock)
  const tokens = new Set(mock.users().map((u) => u.token))
  for (const step of steps) {
    // Two callers in three are active managers, and most targets share the caller's organization,
    // so writes succeed often enough; one target in eight is unknown, so 404s are reached too.
    const managers = model.users.filter((u) => (u.role ?? 0) >= 2 && !u.deleted)
    // One caller in six has not verified their e-mail, a registrant (an OWNER) first: its writes are the ones the
    // register page blocks.
    const unverified = model.users.filter((u) => !u.validated && !u.deleted).sort((a, b) => (b.role ?? 0) - (a.role ?? 0))
    const callers = step.caller % 6 === 1 && unverified.length ? unverified.slice(0, 1)
      : step.caller % 3 === 0 || managers.length === 0 ? model.users : managers
    // Three MFA steps (and sign-ins) in four are by (of) the user whose MFA is under way, so that setups are confirmed and
    // enabled, sign-ins wait for their MFA step, and lockouts are reached.
    const mfaUser = model.mfaUser && !model.mfaUser.deleted && step.caller % 4 !== 3 ? model.mfaUser : undefined
    const caller = (MFA_OPERATIONS.includes(step.op) && mfaUser) || callers[step.caller % callers.length]!
    const colleagues = model.users.filter((u) => u.orgId === caller.orgId && u.orgId !== null)
    const targets = step.target % 8 < 5 && colleagues.length ? colleagues : model.users
    const signsIn = step.op === 'loginUser' || PROVIDER_SIGN_INS[step.op] !== undefined
    const target = signsIn && mfaUser ? mfaUser : step.target % 8 === 7 ? undefined : targets[step.target % targets.length]
    const targetId = target?.id ?? UNKNOWN_ID
    const providerStep = PROVIDER_SIGN_INS[step.op] ?? PROVIDER_REFRESHES[step.op]
    const request = providerStep ? await providerRequest(step, model, mock, target) : requestFor(step, model, target, targetId)
    if (step.minutes) {
      mock.clock.advance(step.minutes * 60_000)
      model.now += step.minutes * 60_000
    }
    // Most steps of a signed-in caller use the access token of its latest sign-in, expired or not.
    const signedIn = (step.session ?? 0) >= 1 ? model.latestSession(caller.id) : undefined
    if (signedIn) Object.assign(request, { accessIssuedAt: signedIn.accessIssuedAt, accessEnded: signedIn.ended, accessPending: signedIn.pending === true, callerSession: signedIn })
    // The right TOTP code is the one the caller's authenticator shows now, after the clock has moved.
    const code = request.body as { code?: string } | undefined
    if (!providerStep && code?.code !== undefined && !request.wrongCode && caller.mfa.secret) code.code = mock.totp(caller.email)
    const before = snapshot(mock)
    const outboxBefore = mock.outbox.messages().length
    const sessionsBefore = liveSessions(mock, model)
    const roles = new Map(mock.db.users.all().map((u) => [u.id, u.orgRole]))
    const callerRole = caller.role
    // A forger poses as the target, or as an OWNER of its organization when the target is itself or unknown.
    const forgery = FORGERIES[step.forge ?? FORGERIES.length]
    const others = model.users.filter((u) => u.id !== caller.id)
    const victim = (target && target.id !== caller.id ? target : undefined) ??
      others.find((u) => u.orgId === caller.orgId && u.role === OWNER) ?? others[0]!
    const ownToken = mock.tokenFor(caller.id)
    const token = forgery ? forgeToken(forgery, { id: victim.id, email: victim.email, orgId: victim.orgId }, ownToken) : ownToken
    const result = await worldOf(mock).core.run(step.op, {
      params: request.params,
      authorization: `Bearer ${forgery || !signedIn ? token : signedIn.access}`,
      contentType: request.body === undefined ? null : 'application/json',
      body: request.body === undefined ? null : JSON.stringify(request.body),
    })
    const by = forgery ? `${caller.email} with a forged (${forgery}) token of ${victim.email}` : caller.email
    const fail = (problem: string) => ({ step, problem: `${problem} (${step.op} by ${by} on ${target?.email ?? 'unknown'}: ${result.status} ${JSON.stringify(result.body).slice(0, 200)})` })

    // A forged token acts as nobody; the sign-in calls ignore the bearer token, forged or not.
    const prediction = forgery && !PUBLIC.includes(step.op) ? { status: 401, apply: undefined } : model.predict(step, caller, target, request)
    if (result.status >= 500) return fail('a 5xx that nobody injected')
    if (result.status !== prediction.status) return fail(`the reference model predicts ${prediction.status}`)
    if (result.status >= 400 && !prediction.changesOnRefusal && snapshot(mock) !== before) return fail('a refused request changed the store')
    // The one refusal that ends a session is a rotated refresh token used again, which the model predicts.
    if (result.status >= 400 && !prediction.apply && liveSessions(mock, model) !== sessionsBefore) return fail('a refused request started or ended a session')
    prediction.apply?.()
    const mail = model.received(mock.outbox.messages().slice(outboxBefore))
    if (mail) return fail(mail)
    if (step.op === 'createOrganizationUser' && result.status === 201) {
      model.users.at(-1)!.id = (result.body as { data: { id: string } }).data.id
      model.users.at(-1)!.canSignIn = true
      tokens.add(mock.tokenFor(model.users.at(-1)!.id))
    }
    // The device of a new sign-in: the one of the user's live sessions (every sign-in here comes from the same
    // one), or a new one; a string says what is wrong.
    const deviceOf = (user: ModelUser, tokenId: string): { deviceId: string; fingerprint: string } | string => {
      const device = worldOf(mock).sessions.liveSession(user.id, tokenId)?.device
      if (!device) return 'a sign-in recorded no device'
      const sameDevice = model.sessions.find((x) => x.userId === user.id && x.live && x.tokenId !== tokenId)
      if (sameDevice && sameDevice.deviceId !== device.id) return 'a sign-in from a device the user is signed in from made another device'
      if (!sameDevice && model.sessions.some((x) => x.deviceId === device.id)) return 'a device the user had left came back with its old id'
      return { deviceId: device.id, fingerprint: device.fingerprint }
    }
    // Who acted: the caller, or for a sign-in the user signed in (the bearer token plays no part).
    let actor = caller
    const issued = result.body as { accessToken: string; refreshToken: string; tokenId: string; user?: { id: string; orgId: string }; verificationTokenId?: string }
    if (SIGN_INS.includes(step.op) && result.status < 300) {
      if (step.op === 'registerUser') {
        if ([ACME, GLOBEX].includes(issued.user!.orgId)) return fail('registration joined an existing organization')
        model.users.push({ id: issued.user!.id, orgId: issued.user!.orgId, role: OWNER, deleted: false, email: request.email!.toLowerCase(), canSignIn: true, validated: false, local: true, verificationId: issued.verificationTokenId, mfa: noMfa() })
        tokens.add(mock.tokenFor(issued.user!.id))
      }
      if (PROVIDER_SIGN_INS[step.op] && !model.users.some((u) => u.id === issued.user!.id)) {
        // A newcomer the provider vouched for: a verified OWNER of a new organization, who has no password.
        if ([ACME, GLOBEX].includes(issued.user!.orgId)) return fail('a provider sign-in made a user in an existing organization')
        const email = request.providerCredential!.email.toLowerCase()
        if (model.users.some((u) => u.email === email)) return fail('a provider sign-in made a second user of an e-mail')
        model.users.push({ id: issued.user!.id, orgId: issued.user!.orgId, role: OWNER, deleted: false, email, canSignIn: false, validated: true, local: false, mfa: noMfa() })
        tokens.add(mock.tokenFor(issued.user!.id))
      }
      actor = model.users.find((u) => u.id === issued.user!.id)!
      if (PROVIDER_SIGN_INS[step.op] && actor.email !== request.providerCredential!.email.toLowerCase()) return fail('a provider sign-in signed in another user than the one the provider vouched for')
      // A user with a method the mock can check signs in in two steps: a limited token, no refresh token.
      const pending = (step.op === 'loginUser' || PROVIDER_SIGN_INS[step.op] !== undefined) && model.signInMethods(actor).length > 0
      const providerRefresh = (issued as { authState?: { refreshToken: string | null } }).authState?.refreshToken
      const provider = PROVIDER_SIGN_INS[step.op]?.provider
      if (provider && provider !== 'WEB3_STELLAR' && providerRefresh) model.providerTokens.push({ provider, token: providerRefresh, live: true })
      if ((issued as { mfaRequired?: boolean }).mfaRequired !== (pending || undefined)) return fail(`the model expects mfaRequired ${pending}`)
      const device = deviceOf(actor, issued.tokenId)
      if (typeof device === 'string') return fail(device)
      model.sessions.push({ userId: actor.id, tokenId: issued.tokenId, access: issued.accessToken, accessIssuedAt: model.now, refresh: issued.refreshToken, used: [], live: true, ended: false, ...device, ...(pending ? { pending } : {}) })
    }
    if (step.op === 'verifyMfaLogin' && result.status === 200) {
      // The limited token's sign-in gets full access under the same id; any other token starts a sign-in.
      const full = result.body as { fullAccessToken: string; refreshToken: string; tokenId: string }
      const waiting = request.callerSession?.pending && request.callerSession.live ? request.callerSession : undefined
      if (waiting && full.tokenId !== waiting.tokenId) return fail('the MFA step started another sign-in')
      const tokens = { access: full.fullAccessToken, refresh: full.refreshToken, accessIssuedAt: model.now }
      if (waiting) Object.assign(waiting, tokens, { pending: false })
      else {
        const device = deviceOf(caller, full.tokenId)
        if (typeof device === 'string') return fail(device)
        model.sessions.push({ userId: caller.id, tokenId: full.tokenId, ...tokens, used: [], live: true, ended: false, ...device })
      }
    }
    if ((step.op === 'refreshUserToken' || step.op === 'logoutUser') && request.session) {
      actor = model.users.find((u) => u.id === request.session!.userId)!
    }
    if (step.op === 'refreshUserToken' && result.status === 200) {
      const session = request.session!
      session.used.push(session.refresh)
      Object.assign(session, { refresh: issued.refreshToken, access: issued.accessToken, accessIssuedAt: model.now })
    }
    if (step.op === 'logoutUser' && result.status === 200) request.session!.live = false
    if (PROVIDER_REFRESHES[step.op] && result.status === 200) {
      const renewed = (result.body as { refreshToken: string }).refreshToken
      const { provider, rotates } = PROVIDER_REFRESHES[step.op]!
      if (rotates === (renewed === request.providerToken!.token)) return fail(`the provider refresh ${rotates ? 'kept' : 'replaced'} its refresh token`)
      if (rotates) model.providerTokens.push({ provider, token: renewed, live: true })
    }
    const modelLive = JSON.stringify(model.users.map((u) => model.sessions.filter((x) => x.userId === u.id && x.live).map((x) => x.tokenId)))
    const mockLive = JSON.stringify(model.users.map((u) => worldOf(mock).sessions.liveSessionsOf(u.id).map((x) => x.id)))
    if (mockLive !== modelLive) return fail('the live sessions are not the ones the model expects')

    // No user, organization or token of another organization in an answer.
    const text = JSON.stringify(result.body)
    for (const user of model.users) {
      if (user.id && text.includes(user.id) && user.id !== actor.id && user.orgId !== actor.orgId) return fail(`leaked user ${user.email}`)
    }
    for (const orgId of [ACME, GLOBEX]) if (text.includes(orgId) && orgId !== actor.orgId) return fail(`leaked organization ${orgId}`)
    for (const token of tokens) if (text.includes(token)) return fail('leaked a token')
    for (const session of model.sessions) {
      if (session.userId !== actor.id && (text.includes(session.access) || text.includes(session.refresh))) return fail('leaked another user\'s session')
    }

    // Every organization keeps an active OWNER.
    for (const orgId of [ACME, GLOBEX]) {
      const owners = mock.db.users.all().filter((u) => u.orgId === orgId && u.orgRole === OWNER && u.deletedAt === null)
      if (owners.length === 0) return fail(`organization ${orgId} has no active OWNER`)
    }

    // Nobody gains a role above what the caller may give.
    for (const user of mock.db.users.all()) {
      const previous = roles.get(user.id)
      if (previous === undefined || previous === user.orgRole) continue
      const allowed = callerRole === OWNER || (user.id !== caller.id && (user.orgRole ?? 0) < (callerRole ?? -1) && (previous ?? 0) < (callerRole ?? -1))
      if (!allowed) return fail(`${user.email} went from role ${previous} to ${user.orgRole}`)
    }
    // Register and a provider's newcomer make an OWNER of a new organization; other creations are bounded by the caller's role.
    const created = mock.db.users.all().filter((u) => !roles.has(u.id) && step.op !== 'registerUser' && !PROVIDER_SIGN_INS[step.op])
    for (const user of created) {
      if (callerRole !== OWNER && (user.orgRole ?? 0) >= (callerRole ?? -1)) return fail(`${user.email} was created with role ${user.orgRole}`)
    }
  }
  return null
}

/** Runs random sequences against a mock until one breaks an invariant: the search a broken rule must not survive. */
export function searchForFailure(mock: FlashbackMock, seed: number) {
  return fc.check(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
      const failure = await runSteps(mock, steps)
      if (failure) throw new Error(failure.problem)
    }),
    { numRuns: 400, seed },
  )
}
