import { describe, expect, it } from 'vitest'
import type { UserRecord } from '../data/record-schemas.js'
import { jsonText } from './json-text.js'
import { presentUser, presentUserList, presentUsers } from './present.js'

const record = (id: string, name: string): UserRecord =>
  ({ id, email: `${id}@acme.com`, name, lastName: 'Doe', orgId: 'org', orgRole: 2, validated: true, deletedAt: null, password: 'x', authMethod: 'LOCAL', createdAt: '2026-01-01T00:00:00.000Z' }) as UserRecord

describe('presentUserList', () => {
  it('answers the same users with the same body, and shows a changed user at once', () => {
    const users = [record('a', 'Ann'), record('b', 'Bob')]
    const first = presentUserList(users.map(presentUser))
    expect(presentUserList(users.map(presentUser))).toBe(first)
    expect(jsonText(first)).toBe(JSON.stringify({ success: true, data: users.map(presentUser), total: 2 }))

    users[1] = { ...users[1]!, name: 'Bea' }
    const changed = presentUserList(users.map(presentUser))
    expect(changed).not.toBe(first)
    expect(JSON.parse(jsonText(changed)).data[1].name).toBe('Bea')
    expect(presentUserList(users.slice(0, 1).map(presentUser)).total).toBe(1)
  })
})

describe('presentUsers', () => {
  it('answers the same array of records with the same body, and shows a record changed in place at once', () => {
    const users = Object.freeze([record('a', 'Ann'), record('b', 'Bob')])
    const first = presentUsers(users)
    expect(presentUsers(users)).toBe(first)
    expect(jsonText(first)).toBe(JSON.stringify({ success: true, data: users.map(presentUser), total: 2 }))

    users[1]!.name = 'Bea'
    const changed = presentUsers(users)
    expect(changed).not.toBe(first)
    expect(JSON.parse(jsonText(changed)).data.map((u: { name: string }) => u.name)).toEqual(['Ann', 'Bea'])
  })
})
