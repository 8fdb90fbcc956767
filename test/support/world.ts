import { worldOf, type FlashbackMock } from '../../src/public/create-flashback-mock.js'

/** The default fixture's people and organizations, by what tests call them. */
export const ACME = '123e4567-e89b-12d3-a456-426614174000'
export const GLOBEX = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

export const people = {
  owner: { id: '770e8400-e29b-41d4-a716-446655440002', email: 'olivia.bennett@acme.com' },
  administrator: { id: '880e8400-e29b-41d4-a716-446655440003', email: 'marcus.reed@acme.com' },
  workspaces: { id: '550e8400-e29b-41d4-a716-446655440000', email: 'john.doe@acme.com' },
  billing: { id: '990e8400-e29b-41d4-a716-446655440004', email: 'priya.patel@acme.com' },
  user: { id: '660e8400-e29b-41d4-a716-446655440001', email: 'jane.smith@acme.com' },
  /** Raphael Howell, a USER of Acme enrolled with TOTP in the fixture: signs in in two steps. */
  enrolledUser: { id: '201013b8-01f9-434b-b39f-d379d2017995', email: 'raphael_howell@acme.com' },
  deleted: { id: 'aa0e8400-e29b-41d4-a716-446655440005', email: 'tom.walsh@acme.com' },
  globexOwner: { id: 'b10e8400-e29b-41d4-a716-446655440010', email: 'hannah.schmidt@globex.io' },
  globexWorkspaces: { id: 'b20e8400-e29b-41d4-a716-446655440011', email: 'luis.ortega@globex.io' },
  globexUser: { id: 'b30e8400-e29b-41d4-a716-446655440012', email: 'amara.okafor@globex.io' },
  noOrganization: { id: 'c10e8400-e29b-41d4-a716-446655440020', email: 'nora.lindqvist@example.com' },
} as const

export type Person = keyof typeof people

/** Everything in the store, as text: equal snapshots mean nothing changed. */
export function snapshot(mock: FlashbackMock): string {
  const { organizations, users } = mock.db
  const { account, outbox } = worldOf(mock).store
  return JSON.stringify({ organizations: organizations.all(), users: users.all(), account, outbox: outbox.list() })
}
