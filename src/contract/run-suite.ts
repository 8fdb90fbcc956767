import type { OrgRoleName } from '../access/roles.js'
import { responseProblem } from '../operations/response-check.js'
import { getOperation } from '../spec/operations.js'
import { contractChecks, type CheckContext, type ContractCheck } from './checks.js'

export interface ContractSuiteOptions {
  baseUrl: string
  /** Bearer tokens by role name; checks that need a role with no token are skipped. */
  tokens: Partial<Record<OrgRoleName, string>>
  /** Run the checks that change state (create, update, delete). Off by default. */
  allowWrites?: boolean
  /** The fetch to use (defaults to the global one, so an msw `setupServer` in the process answers). */
  fetch?: typeof fetch
  checks?: ContractCheck[]
}

export interface ContractRow {
  check: string
  operation: string
  expected: number
  observed: number | null
  outcome: 'pass' | 'fail' | 'skipped'
  problem?: string
}

/**
 * Runs the scenario checks against any server and reports, per check, the status expected by the
 * document and the one observed; a row passes only when both agree and the body matches the schema.
 * @example
 * const rows = await runContractSuite({ baseUrl: 'https://staging.example', tokens: { OWNER: token } })
 */
export async function runContractSuite(options: ContractSuiteOptions): Promise<ContractRow[]> {
  const send = options.fetch ?? fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const ctx: CheckContext = {
    baseUrl,
    found: {},
    email: `contract.check.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`,
    token(...roles) {
      const role = roles.find((r) => options.tokens[r])
      if (!role) throw new Error(`no token for ${roles.join(' or ')}`)
      return options.tokens[role]!
    },
    call(method, path, token, body) {
      const headers: Record<string, string> = { Accept: 'application/json' }
      if (token) headers.Authorization = `Bearer ${token}`
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      return send(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    },
  }
  const rows: ContractRow[] = []
  for (const check of options.checks ?? contractChecks) {
    const operation = getOperation(check.operationId)
    const row = { check: check.name, operation: `${operation.method.toUpperCase()} ${operation.path}`, expected: check.expected }
    const missingRole = check.roles && !check.roles.some((r) => options.tokens[r])
    if (missingRole || (check.writes && !options.allowWrites)) {
      const problem = missingRole ? `needs a token for ${check.roles!.join(' or ')}` : 'writes: pass --allow-writes'
      rows.push({ ...row, observed: null, outcome: 'skipped', problem })
      continue
    }
    try {
      const response = await check.run(ctx)
      const text = await response.text()
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        // Not JSON: the schema check below reports it.
      }
      const problem = response.status !== check.expected
        ? `expected ${check.expected}, got ${response.status}`
        : await responseProblem(operation, response.status, body)
      rows.push({ ...row, observed: response.status, outcome: problem ? 'fail' : 'pass', ...(problem ? { problem } : {}) })
    } catch (error) {
      rows.push({ ...row, observed: null, outcome: 'fail', problem: (error as Error).message })
    }
  }
  return rows
}

/** The rows as a fixed-width table, with a closing count. */
export function formatContractTable(rows: ContractRow[]): string {
  const header = ['check', 'operation', 'expected', 'observed', 'result']
  const cells = rows.map((r) => [r.check, r.operation, String(r.expected), r.observed === null ? '-' : String(r.observed), r.outcome + (r.problem ? `: ${r.problem}` : '')])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.slice().map((c) => (i === 4 ? 0 : c[i]!.length))))
  const line = (c: string[]) => c.map((cell, i) => (i === 4 ? cell : cell.padEnd(widths[i]!))).join('  ')
  const count = (o: ContractRow['outcome']) => rows.filter((r) => r.outcome === o).length
  return [line(header), ...cells.map(line), '', `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`].join('\n')
}
