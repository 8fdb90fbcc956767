import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Fixture } from './fixture.js'
import { organizationSchema, userSchema } from './record-schemas.js'

const FIXTURE_KEYS = ['organizations', 'users', 'generatedUsers', 'subscriptions', 'settings', 'mfa']

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/** What a record schema says is wrong with a value, one message each. */
function schemaProblems(schema: StandardSchemaV1, value: unknown): string[] {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) throw new TypeError('A record schema of the store must validate synchronously')
  return (result.issues ?? []).map((issue) => issue.message)
}

/** `users[3] ("ada@acme.com")`: where a record is, and which one, so a long file can be searched for it. */
function recordAt(list: string, index: number, record: unknown, label: string): string {
  const shown = isObject(record) && typeof record[label] === 'string' ? ` (${JSON.stringify(record[label])})` : ''
  return `${list}[${index}]${shown}`
}

/**
 * Every problem of a fixture, each naming where it is: its shape, every organization and user against the
 * store's schemas, repeated ids and e-mails, and every organization a user, `generatedUsers` or `subscriptions`
 * names that the fixture does not have. Empty for a fixture the mock loads. What a fixture file is checked
 * with at start and on each reload (`--watch`), so a team sees all its mistakes at once.
 * @example
 * fixtureProblems({ organizations: [], users: [{ id: 'u1' }] }) // ['users[0]: must have required property "email"', ...]
 */
export function fixtureProblems(value: unknown): string[] {
  if (!isObject(value)) return ['a fixture is a JSON object with "organizations" and "users" arrays']
  const problems: string[] = []
  for (const key of Object.keys(value)) {
    if (!FIXTURE_KEYS.includes(key) && !key.startsWith('$')) problems.push(`unknown key "${key}": a fixture has ${FIXTURE_KEYS.join(', ')}`)
  }
  const organizations = Array.isArray(value.organizations) ? value.organizations : []
  const users = Array.isArray(value.users) ? value.users : []
  if (!Array.isArray(value.organizations)) problems.push('"organizations" must be an array')
  if (!Array.isArray(value.users)) problems.push('"users" must be an array')
  const orgIds = new Set<string>()
  organizations.forEach((organization, i) => {
    const at = recordAt('organizations', i, organization, 'id')
    for (const problem of schemaProblems(organizationSchema, organization)) problems.push(`${at}: ${problem}`)
    if (!isObject(organization) || typeof organization.id !== 'string') return
    if (orgIds.has(organization.id)) problems.push(`${at}: the id is used by an earlier organization`)
    orgIds.add(organization.id)
  })
  const userIds = new Set<string>()
  const emails = new Set<string>()
  users.forEach((user, i) => {
    const at = recordAt('users', i, user, 'email')
    for (const problem of schemaProblems(userSchema, user)) problems.push(`${at}: ${problem}`)
    if (!isObject(user)) return
    if (typeof user.id === 'string') {
      if (userIds.has(user.id)) problems.push(`${at}: the id "${user.id}" is used by an earlier user`)
      userIds.add(user.id)
    }
    if (typeof user.email === 'string') {
      if (emails.has(user.email.toLowerCase())) problems.push(`${at}: the e-mail is used by an earlier user (e-mails are compared in any case)`)
      emails.add(user.email.toLowerCase())
    }
    if (typeof user.orgId === 'string' && !orgIds.has(user.orgId)) problems.push(`${at}: orgId names unknown organization "${user.orgId}"`)
  })
  const namesKnownOrganization = (list: 'generatedUsers' | 'subscriptions') => {
    const entries = value[list]
    if (entries === undefined) return
    if (!Array.isArray(entries)) return void problems.push(`"${list}" must be an array`)
    entries.forEach((entry, i) => {
      if (!isObject(entry) || typeof entry.orgId !== 'string') return void problems.push(`${list}[${i}]: must be an object with an "orgId"`)
      if (!orgIds.has(entry.orgId)) problems.push(`${list}[${i}]: names unknown organization "${entry.orgId}"`)
      if (list === 'generatedUsers' && !(Number.isSafeInteger(entry.count) && (entry.count as number) >= 0)) {
        problems.push(`${list}[${i}]: "count" must be an integer, 0 or more`)
      }
    })
  }
  namesKnownOrganization('generatedUsers')
  namesKnownOrganization('subscriptions')
  if (value.settings !== undefined) {
    if (!isObject(value.settings)) problems.push('"settings" must be an object with "users" and "organizations"')
    else {
      for (const part of ['users', 'organizations'] as const) {
        const settings = value.settings[part]
        if (settings === undefined) continue
        if (!isObject(settings)) problems.push(`settings.${part} must be an object of settings by id`)
        else for (const [id, one] of Object.entries(settings)) if (!isObject(one)) problems.push(`settings.${part}["${id}"] must be an object`)
      }
    }
  }
  if (value.mfa !== undefined && !isObject(value.mfa)) problems.push('"mfa" must be an object of MFA methods by user id')
  return problems
}

/** A fixture, or the error naming every problem of it (one per line after the first). */
export function checkedFixture(value: unknown): Fixture {
  const problems = fixtureProblems(value)
  if (problems.length) throw new FixtureError(problems)
  return value as Fixture
}

/**
 * A fixture the mock cannot load, with every problem found (`server.reloadFixture` throws it).
 * @example
 * try {
 *   await server.reloadFixture(JSON.parse(readFileSync('./team.json', 'utf8')))
 * } catch (error) {
 *   if (error instanceof FixtureError) for (const problem of error.problems) console.error(problem)
 * }
 */
export class FixtureError extends Error {
  readonly problems: readonly string[]

  constructor(problems: readonly string[]) {
    super(`${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}`)
    this.problems = problems
  }
}
