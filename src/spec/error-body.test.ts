import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { responseProblem } from '../operations/response-check.js'
import { errorBody } from './error-body.js'
import { getOperation } from './operations.js'

describe('errorBody', () => {
  it('builds each endpoint error shape from its schema', () => {
    expect(errorBody(getOperation('listOrganizationUsers'), 403, 'ignored')).toEqual({ success: false, data: [], total: 0 })
    expect(errorBody(getOperation('getOrganization'), 404, 'Organization not found')).toEqual({ success: false, data: null, message: 'Organization not found' })
    expect(errorBody(getOperation('updateOrganizationUser'), 400, 'Bad')).toEqual({ success: false, data: {}, message: 'Bad' })
    expect(errorBody(getOperation('deleteOrganizationUser'), 400, 'Bad')).toEqual({ success: false, message: 'Bad' })
    expect(errorBody(getOperation('getUserById'), 500, 'Internal server error', 'Database connection failed')).toEqual({
      success: false, message: 'Internal server error', error: 'Database connection failed',
    })
  })

  it("puts the message in error on the MFA pages, and the cause in message where errors carry an error_code (quota)", () => {
    expect(errorBody(getOperation('enforceOrganizationMfa'), 400, 'User not associated with an organization')).toEqual({ success: false, error: 'User not associated with an organization' })
    expect(errorBody(getOperation('getUserQuota'), 500, 'Internal server error', 'Database connection failed')).toEqual({
      success: false, error_code: 'INTERNAL_ERROR', message: 'Database connection failed',
    })
  })

  it('uses the operation own error shape for a status it does not document', () => {
    expect(errorBody(getOperation('listOrganizationUsers'), 413, 'Too large')).toEqual({ success: false, data: [], total: 0 })
    expect(errorBody(getOperation('getOrganization'), 400, 'Bad')).toEqual({ success: false, data: null, message: 'Bad' })
  })

  it('gives fresh objects, so a caller cannot alter the document', () => {
    const body = errorBody(getOperation('listOrganizationUsers'), 403, '')
    ;(body.data as unknown[]).push(1)
    expect(errorBody(getOperation('listOrganizationUsers'), 403, '')).toEqual({ success: false, data: [], total: 0 })
  })
})

describe('errorBody across realms', () => {
  it('builds const values in its own realm, even where structuredClone belongs to another one', async () => {
    // As under Jest: the global structuredClone makes its copies in another realm.
    const foreignClone = vm.runInNewContext('(value) => JSON.parse(JSON.stringify(value))') as typeof structuredClone
    const original = globalThis.structuredClone
    globalThis.structuredClone = foreignClone
    try {
      const body = errorBody(getOperation('listOrganizationUsers'), 403, '')
      expect(body.data).toBeInstanceOf(Array)
      expect(await responseProblem(getOperation('listOrganizationUsers'), 403, body)).toBeNull()
    } finally {
      globalThis.structuredClone = original
    }
  })
})
