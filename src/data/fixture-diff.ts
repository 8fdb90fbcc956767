import type { Fixture } from './fixture.js'

function countChanges<R extends { id: string }>(before: readonly R[], after: readonly R[]): { added: number; removed: number; changed: number } {
  const old = new Map(before.map((record) => [record.id, JSON.stringify(record)]))
  const kept = new Set<string>()
  let added = 0
  let changed = 0
  for (const record of after) {
    const text = old.get(record.id)
    if (text === undefined) added++
    else {
      kept.add(record.id)
      if (text !== JSON.stringify(record)) changed++
    }
  }
  return { added, removed: old.size - kept.size, changed }
}

// "2 users added, 1 removed": the noun once, after the first count.
function describe(noun: string, nouns: string, { added, removed, changed }: ReturnType<typeof countChanges>): string | undefined {
  const counts = ([[added, 'added'], [removed, 'removed'], [changed, 'changed']] as const).filter(([count]) => count > 0)
  if (!counts.length) return undefined
  return counts.map(([count, what], i) => (i === 0 ? `${count} ${count === 1 ? noun : nouns} ${what}` : `${count} ${what}`)).join(', ')
}

/**
 * What changed from one fixture to the next, by record id, as a phrase: "2 users added, 1 removed; 1 organization
 * changed". Generated users are counted by their specs, since they are made from the seed.
 * @example
 * fixtureChanges(before, after) // '2 users added, 1 removed'
 */
export function fixtureChanges(before: Fixture, after: Fixture): string {
  const users = describe('user', 'users', countChanges(before.users, after.users))
  const organizations = describe('organization', 'organizations', countChanges(before.organizations, after.organizations))
  const rest = (['generatedUsers', 'subscriptions', 'settings', 'mfa'] as const).filter((part) => JSON.stringify(before[part]) !== JSON.stringify(after[part]))
  const phrases = [users, organizations, ...(rest.length ? [`${rest.join(', ')} changed`] : [])].filter(Boolean)
  return phrases.length ? phrases.join('; ') : 'no record changed'
}
