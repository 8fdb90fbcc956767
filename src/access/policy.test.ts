import { describe, expect, it } from 'vitest'
import { readAccessRule } from '../spec/access-rule.js'
import { checkCaller, checkOrganization, checkOthers, checkRoleChange, checkTarget, checkTargetUserOrganization, type Principal } from './policy.js'
import { Roles, type OrgRole } from './roles.js'

const member = (id: string, orgRole: OrgRole | null, orgId: string | null = 'acme', validated = true): Principal => ({ id, orgId, orgRole, validated })
const manageUsers = readAccessRule('test', { minRole: 'WORKSPACES', organization: 'target-user', target: 'userId', manageTarget: true, deniedMessage: 'no' }, ['userId'])
const { USER, BILLING, WORKSPACES, ADMINISTRATORS, OWNER } = Roles

describe('checkCaller', () => {
  it.each([
    [USER, 'role-too-low'], [BILLING, 'role-too-low'], [WORKSPACES, null], [ADMINISTRATORS, null], [OWNER, null],
  ] as const)('gives a caller of role %i on a WORKSPACES operation: %s', (role, reason) => {
    expect(checkCaller(manageUsers, member('me', role))?.reason ?? null).toBe(reason)
  })

  it('refuses a caller without an organization, except where the organization in the path decides later', () => {
    expect(checkCaller(manageUsers, member('me', null, null))).toEqual({ reason: 'no-organization' })
    const viewOrganization = readAccessRule('test', { minRole: 'USER', organization: 'path-organization', target: 'orgId', deniedMessage: null }, ['orgId'])
    expect(checkCaller(viewOrganization, member('me', null, null))).toBeNull()
  })
})

describe('checkOrganization', () => {
  it('allows only the caller organization', () => {
    expect(checkOrganization(member('me', OWNER), 'acme')).toBeNull()
    expect(checkOrganization(member('me', OWNER), 'globex')).toEqual({ reason: 'other-organization' })
    expect(checkOrganization(member('me', OWNER), null)).toEqual({ reason: 'other-organization' })
  })
})

describe('checkTarget', () => {
  it.each([
    [WORKSPACES, BILLING, null], [WORKSPACES, WORKSPACES, 'target-rank'], [WORKSPACES, OWNER, 'target-rank'],
    [ADMINISTRATORS, WORKSPACES, null], [ADMINISTRATORS, ADMINISTRATORS, 'target-rank'], [OWNER, OWNER, null],
  ] as const)('lets role %i act on role %i: %s', (caller, target, reason) => {
    expect(checkTarget(manageUsers, member('me', caller), member('them', target))?.reason ?? null).toBe(reason)
  })

  it('lets anyone act on themselves (what they may change is checked by checkRoleChange)', () => {
    expect(checkTarget(manageUsers, member('me', WORKSPACES), member('me', WORKSPACES))).toBeNull()
  })
})

describe('checkRoleChange', () => {
  it.each([
    [WORKSPACES, BILLING, null], [WORKSPACES, WORKSPACES, 'assigned-rank'], [ADMINISTRATORS, WORKSPACES, null],
    [ADMINISTRATORS, ADMINISTRATORS, 'assigned-rank'], [ADMINISTRATORS, OWNER, 'assigned-rank'], [OWNER, OWNER, null],
  ] as const)('lets role %i assign role %i to someone else: %s', (caller, role, reason) => {
    expect(checkRoleChange(member('me', caller), member('them', USER), role)?.reason ?? null).toBe(reason)
  })

  it('refuses a change of one own role except to an OWNER, and lets a role stay as it is', () => {
    expect(checkRoleChange(member('me', ADMINISTRATORS), member('me', ADMINISTRATORS), OWNER)).toEqual({ reason: 'own-role' })
    expect(checkRoleChange(member('me', ADMINISTRATORS), member('me', ADMINISTRATORS), ADMINISTRATORS)).toBeNull()
    expect(checkRoleChange(member('me', OWNER), member('me', OWNER), USER)).toBeNull()
  })
})

describe('checkOthers', () => {
  const basicData = readAccessRule('test', { minRole: 'USER', organization: 'target-user', target: 'userId', othersMinRole: 'WORKSPACES', deniedMessage: 'no' }, ['userId'])

  it.each([
    [USER, 'role-too-low'], [BILLING, 'role-too-low'], [WORKSPACES, null], [ADMINISTRATORS, null], [OWNER, null],
  ] as const)('gives role %i acting on another user: %s', (role, reason) => {
    expect(checkOthers(basicData, member('me', role), member('them', USER))?.reason ?? null).toBe(reason)
  })

  it('lets any role act on itself, and changes nothing for a rule without othersMinRole', () => {
    expect(checkOthers(basicData, member('me', USER), member('me', USER))).toBeNull()
    expect(checkOthers(manageUsers, member('me', USER), member('them', USER))).toBeNull()
  })
})

describe('checkCaller on a write blocked before verification', () => {
  const blockedWrite = readAccessRule('test', { minRole: 'WORKSPACES', organization: 'caller', verifiedEmail: true, deniedMessage: 'no' })

  it('refuses a caller whose e-mail is not verified, and lets a verified one through', () => {
    expect(checkCaller(blockedWrite, member('me', OWNER, 'acme', false))).toEqual({ reason: 'unverified-email' })
    expect(checkCaller(blockedWrite, member('me', OWNER, 'acme', true))).toBeNull()
  })

  it('names a role too low before the e-mail, and ignores the e-mail where the rule does not block', () => {
    expect(checkCaller(blockedWrite, member('me', USER, 'acme', false))).toEqual({ reason: 'role-too-low' })
    expect(checkCaller(manageUsers, member('me', WORKSPACES, 'acme', false))).toBeNull()
  })
})

describe('checkTargetUserOrganization', () => {
  const basicData = readAccessRule('test', { minRole: 'USER', organization: 'target-user', target: 'userId', othersMinRole: 'WORKSPACES', deniedMessage: 'no' }, ['userId'])

  it('lets a user without an organization act on itself where anyone may, and on nobody else', () => {
    expect(checkCaller(basicData, member('me', null, null))).toBeNull()
    expect(checkTargetUserOrganization(basicData, member('me', null, null), member('me', null, null))).toBeNull()
    expect(checkTargetUserOrganization(basicData, member('me', null, null), member('them', USER))).toEqual({ reason: 'no-organization' })
  })

  it('still needs the same organization where the rule lets nobody act on itself alone', () => {
    expect(checkTargetUserOrganization(manageUsers, member('me', null, null), member('me', null, null))).toEqual({ reason: 'no-organization' })
    expect(checkTargetUserOrganization(manageUsers, member('me', WORKSPACES), member('them', USER, 'globex'))).toEqual({ reason: 'other-organization' })
  })
})
