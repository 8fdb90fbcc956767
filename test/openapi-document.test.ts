import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { validate } from '@readme/openapi-parser'
import openapiTS, { astToString } from 'openapi-typescript'
import { describe, expect, it } from 'vitest'
import { listAssumptions } from '../src/spec/assumptions.js'
import { apiDocument } from '../src/spec/full-document.js'
import { operationSpecs } from '../src/spec/operations.js'
import { bodyValidatorFor, loadBodyValidators, loadResponseValidators } from '../src/spec/validator.js'
import { runtimeDocumentPath, runtimeDocumentSource, withoutProse } from '../scripts/generate-runtime-document.js'
import { bodyValidatorModuleSource, controlValidatorModuleSource, generatedBodyValidatorsPath, generatedControlValidatorsPath, generatedResponseValidatorsPath, generatedValidatorsPath, responseValidatorModuleSource, validatorModuleSource } from '../scripts/generate-validators.js'

/** The account operations (role page, basic data, quota, settings, MFA enforcement, keys, invitations). */
const ACCOUNT_OPERATIONS = [
  'PUT /user/{userId}/role updateUserRole',
  'GET /user/quota getUserQuota',
  'PUT /user/{userId} updateUser',
  'POST /organization/users/{userId}/resend-invitation resendOrganizationUserInvitation',
  'GET /settings/user getUserSettings',
  'POST /settings/user replaceUserSettings',
  'PUT /settings/user updateUserSettings',
  'DELETE /settings/user deleteUserSettingsKeys',
  'GET /settings/organization getOrganizationSettings',
  'POST /settings/organization replaceOrganizationSettings',
  'PUT /settings/organization updateOrganizationSettings',
  'DELETE /settings/organization deleteOrganizationSettingsKeys',
  'POST /mfa/organization/enforce enforceOrganizationMfa',
  'GET /mfa/status getMfaStatus',
  'GET /organization/{idOrg}/key listOrganizationKeys',
  'POST /organization/{idOrg}/key generateOrganizationKey',
  'DELETE /organization/{idOrg}/key deleteOrganizationKeys',
  'DELETE /organization/{idOrg}/key/{idKey} deleteOrganizationKey',
  'POST /user/deactivate deactivateUser',
]

const documentPath = new URL('../openapi/flashback.openapi.json', import.meta.url)

/** Every media-type example in the document with the schema it illustrates. */
function examples(): { where: string; schema: object; value: unknown }[] {
  const found: { where: string; schema: object; value: unknown }[] = []
  const visit = (where: string, media: any) => {
    for (const [name, example] of Object.entries<any>(media?.examples ?? {})) {
      found.push({ where: `${where} (${name})`, schema: media.schema, value: example.value })
    }
  }
  for (const [path, item] of Object.entries<any>(apiDocument.paths ?? {})) {
    for (const [method, operation] of Object.entries<any>(item)) {
      visit(`${method.toUpperCase()} ${path} request`, operation.requestBody?.content?.['application/json'])
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        visit(`${method.toUpperCase()} ${path} ${status}`, response.content?.['application/json'])
      }
    }
  }
  for (const [name, response] of Object.entries<any>(apiDocument.components?.responses ?? {})) {
    visit(`components.responses.${name}`, response.content?.['application/json'])
  }
  return found
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a maintained parser', async () => {
    const result = await validate(JSON.parse(readFileSync(documentPath, 'utf8')))
    expect(result.valid ? [] : result.errors).toEqual([])
    expect(result.warnings).toEqual([])
    expect(apiDocument.openapi).toBe('3.1.0')
  })

  it.each(['flashback', 'control'])('is lint-clean under Redocly recommended rules, with no warning kept: %s', (name) => {
    const lint = spawnSync('node_modules/.bin/redocly', ['lint', `openapi/${name}.openapi.json`, '--format=stylish'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    })
    const output = lint.stdout + lint.stderr
    expect(lint.status, output).toBe(0)
    expect(output).toContain('Your API description is valid')
    expect(output).not.toMatch(/You have \d+ warning|\d+:\d+\s+warning/)
  })

  it('declares the operations of the Organization and User docs, of sign-in, of the account pages, of the account e-mails, of sessions and devices and of MFA, each with an operationId', () => {
    expect(operationSpecs.map((o) => `${o.method.toUpperCase()} ${o.path} ${o.id}`).sort()).toEqual([
      ...ACCOUNT_OPERATIONS,
      'DELETE /organization/users/{userId} deleteOrganizationUser',
      'DELETE /token/{tokenId} revokeToken',
      'GET /organization/users listOrganizationUsers',
      'GET /organization/users/{userId} getOrganizationUser',
      'GET /organization/{orgId} getOrganization',
      'GET /token listTokens',
      'GET /user/profile getUserProfile',
      'GET /user/{userId} getUserById',
      'POST /organization/users createOrganizationUser',
      'POST /organization/users/{userId}/activate activateOrganizationUser',
      'POST /user/login loginUser',
      'POST /user/logout logoutUser',
      'POST /user/refresh refreshUserToken',
      'POST /user/register registerUser',
      'POST /user/pre-verify-email preVerifyEmail',
      'POST /user/verify-email verifyEmail',
      'POST /user/resend-verification/{verificationTokenId} resendVerificationEmail',
      'POST /user/activate activateUser',
      'POST /user/request-reset-password requestPasswordReset',
      'POST /user/reset-password resetPassword',
      'GET /mfa/methods getMfaMethods',
      'POST /mfa/setup setupMfa',
      'POST /mfa/verify-setup verifyMfaSetup',
      'POST /mfa/enable enableMfa',
      'POST /mfa/disable disableMfa',
      'POST /mfa/primary setPrimaryMfa',
      'POST /mfa/reset resetMfa',
      'POST /mfa/magic-link/send sendMagicLink',
      'POST /mfa/magic-link/activate activateMagicLink',
      'POST /mfa/passkey/auth-options getPasskeyAuthOptions',
      'POST /mfa/passkey/complete-registration completePasskeyRegistration',
      'POST /mfa/verify-login verifyMfaLogin',
      'PUT /organization/users/{userId} updateOrganizationUser',
      'PUT /organization/{orgId} updateOrganization',
      'GET /sessions listSessions',
      'POST /sessions/{sessionId}/revoke revokeSession',
      'POST /sessions/revoke-all revokeAllSessions',
      'POST /sessions/{sessionId}/heartbeat updateSessionHeartbeat',
      'POST /devices/{deviceId}/heartbeat updateDeviceHeartbeat',
      'GET /devices listDevices',
      'GET /devices/{deviceId} getDeviceDetails',
      'POST /devices/trust trustDevice',
      'POST /devices/{deviceId}/untrust untrustDevice',
      'DELETE /devices/{deviceId} removeDevice',
      'POST /auth/google signInWithGoogle',
      'POST /auth/google/exchange exchangeGoogleCode',
      'POST /auth/google/refresh refreshGoogleToken',
      'POST /auth/github signInWithGithub',
      'POST /auth/github/refresh refreshGithubToken',
      'POST /auth/microsoft signInWithMicrosoft',
      'POST /auth/microsoft/exchange exchangeMicrosoftCode',
      'POST /auth/microsoft/refresh refreshMicrosoftToken',
      'POST /auth/web3 signInWithWeb3',
    ].sort())
  })

  it('uses HTTP bearer auth and the production server', () => {
    expect(apiDocument.components?.securitySchemes?.BearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(apiDocument.servers?.[0]?.url).toBe('https://backend.flashback.tech')
  })

  const bearerOperations = operationSpecs.filter((o) => o.access.authentication === 'bearer')
  it.each(bearerOperations.map((o) => [o.id, o] as const))('declares a 401 and an access rule on %s', (_, operation) => {
    expect(operation.responses.has(401)).toBe(true)
    expect(operation.access.organization).toMatch(/^(caller|target-user|path-organization|none)$/)
  })

  it('lets exactly the sign-in calls (with a provider too) and the e-mails\' token calls (a magic link\'s too) go without a bearer token, with no role or organization rule', () => {
    const open = operationSpecs.filter((o) => o.access.authentication === 'none')
    expect(open.map((o) => o.id).sort()).toEqual([
      'activateMagicLink', 'activateUser', 'exchangeGoogleCode', 'exchangeMicrosoftCode', 'loginUser', 'logoutUser', 'preVerifyEmail',
      'refreshGithubToken', 'refreshGoogleToken', 'refreshMicrosoftToken', 'refreshUserToken', 'registerUser', 'requestPasswordReset',
      'resendVerificationEmail', 'resetPassword', 'signInWithGithub', 'signInWithGoogle', 'signInWithMicrosoft', 'signInWithWeb3', 'verifyEmail',
    ])
    for (const operation of open) expect(operation.access).toMatchObject({ minRole: null, organization: 'none' })
  })

  it.each(examples().map((e) => [e.where, e] as const))('has an example that matches its schema: %s', async (_, example) => {
    // Request bodies and responses are each compiled into a module of their own, loaded on demand.
    await loadBodyValidators()
    const check = / request \(/.test(example.where) ? bodyValidatorFor(example.schema) : (await loadResponseValidators())(example.schema)
    expect(check(example.value), JSON.stringify(check.errors)).toBe(true)
  })

  it('keeps each endpoint error shape as documented', () => {
    const shape = (id: string, status: number) => operationSpecs.find((o) => o.id === id)!.responses.get(status)
    expect(shape('listOrganizationUsers', 403)).toEqual({ $ref: '#/components/schemas/OrgUserListError' })
    expect(shape('getOrganization', 404)).toEqual({ $ref: '#/components/schemas/OrganizationError' })
    expect(shape('updateOrganizationUser', 403)).toEqual({ $ref: '#/components/schemas/OrgUserUpdateError' })
    expect(shape('deleteOrganizationUser', 403)).toEqual({ $ref: '#/components/schemas/Error' })
  })

  it('matches the TypeScript types generated from it (run `npm run generate:types` after editing it)', async () => {
    const generated = astToString(await openapiTS(documentPath, { defaultNonNullable: false }))
    const committed = readFileSync(new URL('../src/spec/openapi.ts', import.meta.url), 'utf8')
    const body = (text: string) => text.slice(text.indexOf('export type paths'))
    expect(body(committed)).toBe(body(generated))
  })

  it('ships the document the mock runs on: itself without its prose (run `npm run generate:document` after editing it)', () => {
    expect(readFileSync(runtimeDocumentPath, 'utf8')).toBe(runtimeDocumentSource())
  })

  it('drops only prose: a property named like a keyword, extensions and titles stay', () => {
    const node = {
      description: 'gone',
      'x-mock-assumption': 'gone',
      'x-access': { minRole: 'USER', messages: { description: 'kept' } },
      properties: { description: { type: 'string', description: 'gone', example: 'gone' }, examples: { type: 'array' } },
      oneOf: [{ const: 0, title: 'USER', description: 'gone' }],
      responses: { '200': { description: 'gone', content: { 'application/json': { schema: { type: 'object' }, examples: { documented: {} } } } } },
    }
    expect(withoutProse(node)).toEqual({
      'x-access': { minRole: 'USER', messages: { description: 'kept' } },
      properties: { description: { type: 'string' }, examples: { type: 'array' } },
      oneOf: [{ const: 0, title: 'USER' }],
      responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } },
    })
  })

  it('ships the validators compiled from the document it runs on (run `npm run generate` after editing it)', () => {
    expect(readFileSync(generatedValidatorsPath, 'utf8')).toBe(validatorModuleSource())
    expect(readFileSync(generatedBodyValidatorsPath, 'utf8')).toBe(bodyValidatorModuleSource())
    expect(readFileSync(generatedResponseValidatorsPath, 'utf8')).toBe(responseValidatorModuleSource())
  })

  it('ships the control API validators compiled from openapi/control.openapi.json (run `npm run generate:validators`)', () => {
    expect(readFileSync(generatedControlValidatorsPath, 'utf8')).toBe(controlValidatorModuleSource())
  })

  it('marks assumptions, and docs/assumptions.md lists every one of them (run `npm run docs:assumptions`)', () => {
    const page = readFileSync(new URL('../docs/assumptions.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
    const all = listAssumptions()
    expect(all.length).toBeGreaterThan(20)
    for (const { text } of all) expect(page).toContain(text.replace(/\s+/g, ' '))
  })
})
