import { describe, expect, it } from 'vitest'
import { matchRoute } from './router.js'

const idOf = (method: string, path: string) => {
  const route = matchRoute(method, path)
  return route.kind === 'operation' ? route.operation.id : route.kind
}

describe('matchRoute', () => {
  it('never lets /organization/{orgId} take /organization/users', () => {
    expect(idOf('GET', '/organization/users')).toBe('listOrganizationUsers')
    expect(idOf('PUT', '/organization/users')).toBe('method-not-allowed')
    expect(idOf('DELETE', '/organization/users')).toBe('method-not-allowed')
    expect(idOf('PUT', '/organization/acme')).toBe('updateOrganization')
  })

  it('prefers /user/profile over /user/{userId}', () => {
    expect(idOf('GET', '/user/profile')).toBe('getUserProfile')
    expect(idOf('GET', '/user/abc')).toBe('getUserById')
  })

  it('lists the allowed methods for a path that does not take the method', () => {
    expect(matchRoute('PATCH', '/organization/users/abc')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PUT', 'DELETE'] })
  })

  it('decodes parameters and keeps undecodable ones as they are', () => {
    expect(matchRoute('GET', '/user/a%20b')).toMatchObject({ params: { userId: 'a b' } })
    expect(matchRoute('GET', '/user/%E0%A4%A')).toMatchObject({ params: { userId: '%E0%A4%A' } })
  })

  it('finds nothing outside the document', () => {
    expect(idOf('GET', '/workspaces')).toBe('not-found')
    expect(idOf('GET', '/organization/users/abc/activate/now')).toBe('not-found')
  })
})


describe('matchRoute and empty segments', () => {
  it('reads a trailing slash as an empty parameter, so the documented 400 is reachable', () => {
    expect(matchRoute('GET', '/organization/users/')).toMatchObject({ kind: 'operation', params: { userId: '' } })
    expect(idOf('DELETE', '/organization/users/')).toBe('deleteOrganizationUser')
    expect(idOf('POST', '/organization/users//activate')).toBe('activateOrganizationUser')
    expect(idOf('POST', '/organization/users/')).toBe('method-not-allowed')
  })

  it('reads a leading double slash as a path, never as a host', () => {
    expect(idOf('GET', '//user/profile')).toBe('not-found')
    expect(idOf('GET', '/user//profile')).toBe('not-found')
    expect(idOf('GET', '/')).toBe('not-found')
  })
})

describe('matchRoute and the sign-in paths', () => {
  it('never lets /user/{userId} take /user/login, /user/refresh, /user/logout or /user/register', () => {
    expect(idOf('POST', '/user/login')).toBe('loginUser')
    expect(idOf('POST', '/user/refresh')).toBe('refreshUserToken')
    expect(idOf('POST', '/user/logout')).toBe('logoutUser')
    expect(idOf('POST', '/user/register')).toBe('registerUser')
    expect(idOf('GET', '/user/login-history')).toBe('getUserById')
  })

  it('answers a method a literal path does not take with a 405 naming that path\'s methods, not /user/{userId}\'s', () => {
    expect(matchRoute('GET', '/user/login')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] })
    expect(matchRoute('DELETE', '/user/refresh')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] })
    expect(matchRoute('POST', '/user/profile')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] })
    expect(matchRoute('POST', '/token')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] })
    expect(matchRoute('GET', '/token/abc')).toEqual({ kind: 'method-not-allowed', allowed: ['DELETE'] })
  })
})

describe('paths the organization keys share with the users', () => {
  it('gives /organization/users/{x} to the user operations and /organization/{idOrg}/key to the keys', () => {
    const keys = matchRoute('GET', '/organization/123/key')
    expect(keys.kind === 'operation' && [keys.operation.id, keys.params]).toEqual(['listOrganizationKeys', { idOrg: '123' }])
    const user = matchRoute('GET', '/organization/users/key')
    expect(user.kind === 'operation' && [user.operation.id, user.params]).toEqual(['getOrganizationUser', { userId: 'key' }])
    expect(matchRoute('POST', '/organization/users/key')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PUT', 'DELETE'] })
  })
})
