#!/usr/bin/env node
// npx flashback-mock contract --base-url URL [--token-for-role ROLE=TOKEN ...] [--tokens-from-mock] [--allow-writes]
// (in this repository: npm run contract -- ...)
import { parseArgs } from 'node:util'
import { roleByName, type OrgRoleName } from '../access/roles.js'
import { formatContractTable, runContractSuite } from './run-suite.js'

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'token-for-role': { type: 'string', multiple: true, default: [] },
    'tokens-from-mock': { type: 'boolean', default: false },
    'allow-writes': { type: 'boolean', default: false },
  },
})

const baseUrl = values['base-url']
if (!baseUrl) {
  console.error('Usage: flashback-mock contract --base-url URL [--token-for-role ROLE=TOKEN ...] [--tokens-from-mock] [--allow-writes]')
  process.exit(2)
}

const tokens: Partial<Record<OrgRoleName, string>> = {}
for (const pair of values['token-for-role']) {
  const [role, token] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]
  if (roleByName(role) === undefined || !token) {
    console.error(`--token-for-role takes ROLE=TOKEN with ROLE one of USER, BILLING, WORKSPACES, ADMINISTRATORS, OWNER; got "${pair}"`)
    process.exit(2)
  }
  tokens[role as OrgRoleName] = token
}

if (values['tokens-from-mock']) {
  // A flashback-mock server lists its users: take one active user per role from the first OWNER's organization.
  const { users } = (await (await fetch(`${baseUrl.replace(/\/+$/, '')}/__mock/users`)).json()) as {
    users: { orgId: string | null; orgRole: number | null; deletedAt: string | null; token: string }[]
  }
  const orgId = users.find((u) => u.orgRole === 255 && !u.deletedAt)?.orgId
  for (const name of ['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATORS', 'OWNER'] as const) {
    const user = users.find((u) => u.orgId === orgId && u.orgRole === roleByName(name) && !u.deletedAt)
    if (user && !tokens[name]) tokens[name] = user.token
  }
}

const rows = await runContractSuite({ baseUrl, tokens, allowWrites: values['allow-writes'] })
console.log(formatContractTable(rows))
process.exit(rows.some((r) => r.outcome === 'fail') ? 1 : 0)
