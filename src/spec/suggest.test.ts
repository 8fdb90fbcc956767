import { describe, expect, it } from 'vitest'
import { suggestOperations } from './suggest.js'

describe('suggestOperations', () => {
  it.each([
    ['GET', '/organization/user/42', 'GET /organization/users/{userId}'],
    ['GET', '/organisation/users', 'GET /organization/users'],
    ['POST', '/organization/users/42/activte', 'POST /organization/users/{userId}/activate'],
    ['GET', '/users/profile', 'GET /user/profile'],
  ])('suggests the closest operation for %s %s', (method, path, best) => {
    expect(suggestOperations(method, path)[0]).toBe(best)
  })
})
