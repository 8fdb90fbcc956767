import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { documentationFiles } from '../scripts/readme-blocks.js'
import { apiClientMethods } from '../scripts/official-client-methods.js'

/** The public methods of the official client's `ApiClient`, taken from its source (see the file for the commit). */
const client = JSON.parse(readFileSync(new URL('./official-client-methods.json', import.meta.url), 'utf8')) as {
  commit: string
  class: string
  methods: string[]
}
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

/** The names in backticks in the first column of the "client method" table of docs/operations.md. */
function clientCallsTableNames(): string[] {
  const page = read('docs/operations.md')
  const start = page.indexOf('| client method |')
  expect(start, 'docs/operations.md has the client-calls table').toBeGreaterThan(0)
  const lines = page.slice(start).split('\n')
  const rows = lines.slice(2, lines.findIndex((line) => !line.startsWith('|'))) // after the header and its rule
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!))
}

describe("the official client's names in the documentation", () => {
  it('lists methods taken from a known commit of the client', () => {
    expect(client.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(client.class).toBe('ApiClient')
    expect(client.methods).toEqual([...client.methods].sort())
    expect(client.methods).toEqual(expect.arrayContaining(['userLogin', 'userRefresh', 'userLogout', 'revokeToken', 'getOrganizationUsers']))
  })

  it("names in the client-calls table only methods the client's source has", () => {
    const names = clientCallsTableNames()
    expect(names.length).toBeGreaterThan(40)
    expect(names.filter((name) => !client.methods.includes(name))).toEqual([])
  })

  it("names every method of the client in the client-calls table, answered or listed as another API's", () => {
    const names = new Set(clientCallsTableNames())
    expect(client.methods.filter((name) => !names.has(name))).toEqual([])
  })

  it('calls the client by its class name, ApiClient, everywhere', () => {
    const texts = [...documentationFiles(), 'src/adapters/base-url.ts', 'openapi/flashback.openapi.json'].map((path) => ({ path, text: read(path) }))
    expect(texts.filter(({ text }) => /new FlashbackClient\b/.test(text)).map(({ path }) => path)).toEqual([])
    expect(read('README.md')).toContain("new ApiClient('http://127.0.0.1:4010')")
  })

  it("gives the tests' account client the official client's method names", () => {
    const names = [...read('test/support/account-client.ts').matchAll(/^ {2}([a-z]\w*) = \(/gm)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(10)
    expect(names.filter((name) => !client.methods.includes(name))).toEqual([])
  })

  it("takes the public methods of ApiClient from the client's source, arrow properties and declarations alike", () => {
    const source = [
      'export class HttpError extends Error {',
      '  public notThis = () => 1',
      '}',
      'export class ApiClient implements IApiClient {',
      '  private makeRequest = async <T>(path: string): Promise<T> => {',
      '  public userLogin = async (data: LoginBody): Promise<LoginResponse> => {',
      '  public createStorageRepo(data: CreateRepoRequest): Promise<CreateRepoResponse>;',
      '  public async validateNewRepoUnits(',
      '  public setDebug = (debug: boolean) => {',
      '    public nested = () => 2',
    ].join('\n')
    expect(apiClientMethods(source)).toEqual(['createStorageRepo', 'setDebug', 'userLogin', 'validateNewRepoUnits'])
  })
})
