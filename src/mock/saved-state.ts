import { fixtureProblems } from '../data/fixture-check.js'
import { isFixtureName, fixtureNames } from '../data/fixtures.js'
import type { Fixture } from '../data/fixture.js'
import { checkWorldName } from './world-name.js'
import type { WorldOrigin, WorldSnapshot } from './world.js'

/**
 * The saved state of a server's worlds (`--state FILE`): one JSON document, versioned, with each world's
 * state in named sections. Version 1:
 * `{ format: "flashback-mock/state", version: 1, savedAt, tokenSecret?, worlds: { NAME: { origin, sections } } }`,
 * sections `store`, `sessions`, `clock`, `random` and (optional, added later) `mail` (decisions/030).
 */
const STATE_FORMAT = 'flashback-mock/state'
const STATE_VERSION = 1

/** One world as saved: its name, what `reset()` goes back to, and its state. */
export interface SavedWorld {
  name: string
  origin: WorldOrigin
  snapshot: WorldSnapshot
}

export interface SavedState {
  savedAt: string
  /** The secret the server chose itself when started without `--token-secret`, so its tokens outlive a restart. */
  tokenSecret?: string
  worlds: SavedWorld[]
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
const isInt32 = (value: unknown) => Number.isInteger(value) && (value as number) >= -0x8000_0000 && (value as number) <= 0x7fff_ffff

/** One named part of a saved world: what it keeps, and every problem of a saved value of it. */
interface Section<K extends keyof WorldSnapshot> {
  save(snapshot: WorldSnapshot): WorldSnapshot[K]
  problems(value: unknown, at: string): string[]
  /** Added after version 1 first shipped: a file without it loads with that part empty. */
  optional?: true
}

const MESSAGE_TEXTS = ['to', 'kind', 'subject', 'token', 'link', 'sentAt']
const EMAIL_KINDS = ['verification', 'invitation', 'password-reset', 'magic-link']

function mailProblems(value: unknown, at: string): string[] {
  if (!isObject(value) || !Array.isArray(value.outbox) || !Array.isArray(value.tokens)) return [`${at} must be { "outbox": [...], "tokens": [...] }`]
  const messages = value.outbox.flatMap((m, i) =>
    isObject(m) && MESSAGE_TEXTS.every((name) => typeof m[name] === 'string') && EMAIL_KINDS.includes(m.kind as string) ? [] : [`${at}.outbox[${i}] is not an e-mail (${MESSAGE_TEXTS.join(', ')})`],
  )
  const tokens = value.tokens.flatMap((t, i) =>
    isObject(t) && typeof t.id === 'string' && typeof t.userId === 'string' && EMAIL_KINDS.includes(t.kind as string) && (t.token === null || typeof t.token === 'string') && Number.isFinite(t.expiresAt)
      ? []
      : [`${at}.tokens[${i}] is not an e-mail token (id, userId, kind, token, expiresAt)`],
  )
  return [...messages, ...tokens]
}

function storeProblems(value: unknown, at: string): string[] {
  if (!isObject(value)) return [`${at} must be an object`]
  const problems: string[] = []
  const list = (name: string, check: (item: unknown, where: string) => string[]) => {
    const items = value[name]
    if (!Array.isArray(items)) return void problems.push(`${at}.${name} must be an array`)
    items.forEach((item, i) => problems.push(...check(item, `${at}.${name}[${i}]`)))
  }
  // The records are checked as a fixture's are: the store's schemas, ids and e-mails used once, organizations known.
  if (Array.isArray(value.organizations) && Array.isArray(value.users)) {
    problems.push(...fixtureProblems({ organizations: value.organizations, users: value.users }).map((p) => `${at}.${p}`))
  }
  const withOrgId = (item: unknown, where: string) => (isObject(item) && typeof item.orgId === 'string' && typeof item.id === 'string' ? [] : [`${where} must be an object with "id" and "orgId"`])
  for (const name of ['organizations', 'users']) if (!Array.isArray(value[name])) problems.push(`${at}.${name} must be an array`)
  list('subscriptions', withOrgId)
  list('keys', withOrgId)
  const settings = value.settings
  if (!isObject(settings) || !isObject(settings.users) || !isObject(settings.organizations)) problems.push(`${at}.settings must be an object with "users" and "organizations"`)
  if (!isObject(value.mfa)) problems.push(`${at}.mfa must be an object`)
  return problems
}

const SESSION_NUMBERS = ['createdAt', 'refreshExpiresAt', 'refreshTokens', 'accessTokens', 'accessValidFrom', 'accessExpiresAt']

function sessionsProblems(value: unknown, at: string): string[] {
  if (!Array.isArray(value)) return [`${at} must be an array`]
  return value.flatMap((session, i) => {
    const ok =
      isObject(session) &&
      typeof session.id === 'string' &&
      typeof session.userId === 'string' &&
      SESSION_NUMBERS.every((name) => Number.isFinite(session[name])) &&
      (session.lastUsedAt === null || Number.isFinite(session.lastUsedAt)) &&
      (session.revokedAt === null || Number.isFinite(session.revokedAt)) &&
      (session.mfaPending === undefined || session.mfaPending === true)
    if (!ok) return [`${at}[${i}] is not a session (id, userId, ${SESSION_NUMBERS.join(', ')}, lastUsedAt, revokedAt, mfaPending?)`]
    return sessionOriginProblems(session, `${at}[${i}]`)
  })
}

const DEVICE_TYPES = ['DESKTOP', 'MOBILE', 'TABLET']

// Where a session comes from and its device: fields a file saved before devices were recorded does not have.
function sessionOriginProblems(session: Record<string, unknown>, at: string): string[] {
  const problems: string[] = []
  if (session.lastActivityAt !== undefined && !Number.isFinite(session.lastActivityAt)) problems.push(`${at}.lastActivityAt must be a number`)
  if (session.loginMethod !== undefined && typeof session.loginMethod !== 'string') problems.push(`${at}.loginMethod must be a string`)
  if (session.ipAddress !== undefined && session.ipAddress !== null && typeof session.ipAddress !== 'string') problems.push(`${at}.ipAddress must be a string or null`)
  const device = session.device
  if (device === undefined || device === null) return problems
  const isDevice =
    isObject(device) &&
    ['id', 'fingerprint', 'userAgent', 'os', 'browser'].every((name) => typeof device[name] === 'string') &&
    DEVICE_TYPES.includes(device.deviceType as string) &&
    Number.isFinite(device.createdAt) &&
    (device.trustedUntil === null || Number.isFinite(device.trustedUntil))
  if (!isDevice) problems.push(`${at}.device is not a device (id, fingerprint, userAgent, os, browser, deviceType ${DEVICE_TYPES.join('/')}, createdAt, trustedUntil)`)
  return problems
}

/**
 * The sections of version 1, by name. A part added to a world later (an outbox) is a new section: a file
 * without it loads with that part empty, so the version changes only when an existing section changes shape.
 */
const SECTIONS: { [K in keyof WorldSnapshot]-?: Section<K> } = {
  store: { save: (s) => s.store, problems: storeProblems },
  sessions: { save: (s) => s.sessions, problems: sessionsProblems },
  clock: {
    save: (s) => s.clock,
    problems: (value, at) => (isObject(value) && Number.isFinite(value.offsetMs) ? [] : [`${at} must be { "offsetMs": a number }`]),
  },
  random: {
    save: (s) => s.random,
    problems: (value, at) =>
      isObject(value) && Array.isArray(value.state) && value.state.length === 4 && value.state.every(isInt32) && value.state.some((n) => n !== 0)
        ? []
        : [`${at} must be { "state": four 32-bit integers, not all 0 }`],
  },
  mail: { save: (s) => s.mail, problems: mailProblems, optional: true },
}
const SECTION_NAMES = Object.keys(SECTIONS) as (keyof WorldSnapshot)[]

/** One world's entry of the document, as JSON text: made in the world's queue, where its records hold still. */
export function savedWorldText(origin: WorldOrigin, snapshot: WorldSnapshot): string {
  const sections = Object.fromEntries(SECTION_NAMES.map((name) => [name, SECTIONS[name].save(snapshot)]))
  return JSON.stringify({ origin, sections })
}

/** The whole document's text, from each world's `savedWorldText`. */
export function stateDocumentText(savedAt: Date, tokenSecret: string | undefined, worlds: ReadonlyArray<readonly [name: string, text: string]>): string {
  const head = JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, savedAt: savedAt.toISOString(), ...(tokenSecret === undefined ? {} : { tokenSecret }) })
  const body = worlds.map(([name, text]) => `\n    ${JSON.stringify(name)}: ${text}`).join(',')
  return `${head.slice(0, -1)},\n  "worlds": {${body}\n  }\n}\n`
}

// A long list is cut here: a file broken everywhere says so without a screenful.
const SHOWN_PROBLEMS = 10

/** A state document that cannot be loaded, with every problem found (or the one that stopped reading). */
export class SavedStateError extends Error {
  constructor(readonly problems: readonly string[]) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : ''
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`)
  }
}

function originProblems(value: unknown, at: string): string[] {
  if (!isObject(value)) return [`${at} must be { "fixture", "seed" }`]
  const problems: string[] = []
  if (!Number.isSafeInteger(value.seed)) problems.push(`${at}.seed must be an integer`)
  const fixture = value.fixture
  if (typeof fixture === 'string') {
    if (!isFixtureName(fixture)) problems.push(`${at}.fixture must be one of ${fixtureNames.join(', ')} or a fixture object, not "${fixture}"`)
  } else problems.push(...fixtureProblems(fixture).map((p) => `${at}.fixture: ${p}`))
  return problems
}

/**
 * Reads a state document's text, or throws a `SavedStateError` naming what makes it one this version cannot
 * load: not JSON, another format, another version, an unknown section, a record that breaks the store's schema.
 */
export function readStateDocument(text: string): SavedState {
  if (text.trim() === '') throw new SavedStateError(['it is empty'])
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new SavedStateError([`it is not JSON (${(error as Error).message})`])
  }
  if (!isObject(document) || document.format !== STATE_FORMAT) {
    throw new SavedStateError([`it is not a flashback-mock state file (it has no "format": "${STATE_FORMAT}")`])
  }
  if (document.version !== STATE_VERSION) {
    throw new SavedStateError([`it is a state file of version ${JSON.stringify(document.version)}, and this flashback-mock reads version ${STATE_VERSION}`])
  }
  const problems: string[] = []
  if (typeof document.savedAt !== 'string') problems.push('"savedAt" must be a date')
  if (document.tokenSecret !== undefined && (typeof document.tokenSecret !== 'string' || document.tokenSecret === '')) problems.push('"tokenSecret" must be a non-empty string')
  if (!isObject(document.worlds) || !isObject(document.worlds.default)) problems.push('"worlds" must be an object with at least the "default" world')
  const worlds: SavedWorld[] = []
  for (const [name, entry] of Object.entries(isObject(document.worlds) ? document.worlds : {})) {
    const at = `worlds[${JSON.stringify(name)}]`
    try {
      checkWorldName(name)
    } catch (error) {
      problems.push(`${at}: ${(error as Error).message}`)
    }
    if (!isObject(entry) || !isObject(entry.sections)) {
      problems.push(`${at} must be { "origin", "sections" }`)
      continue
    }
    const found = originProblems(entry.origin, `${at}.origin`)
    const sections = entry.sections
    for (const name of Object.keys(sections)) {
      if (!(SECTION_NAMES as string[]).includes(name)) found.push(`${at}.sections.${name} is a section this version does not know (it has ${SECTION_NAMES.join(', ')})`)
    }
    for (const name of SECTION_NAMES) {
      if (!(name in sections)) {
        if (!SECTIONS[name].optional) found.push(`${at}.sections.${name} is missing`)
      }
      else found.push(...SECTIONS[name].problems(sections[name], `${at}.sections.${name}`))
    }
    problems.push(...found)
    if (!found.length) worlds.push({ name, origin: entry.origin as { fixture: string | Fixture; seed: number } as WorldOrigin, snapshot: sections as unknown as WorldSnapshot })
  }
  if (problems.length) throw new SavedStateError(problems)
  return { savedAt: document.savedAt as string, ...(typeof document.tokenSecret === 'string' ? { tokenSecret: document.tokenSecret } : {}), worlds }
}
