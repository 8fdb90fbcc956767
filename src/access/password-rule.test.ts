import { describe, expect, it } from 'vitest'
import { isStrongPassword } from './password-rule.js'

describe('the password rule', () => {
  it.each(['SecurePass123', 'Password123!', 'aB3aaaaa'])('accepts %s', (password) => {
    expect(isStrongPassword(password)).toBe(true)
  })

  it.each([
    ['alllowercase', 'no upper case or digit'],
    ['ALLUPPER123', 'no lower case'],
    ['NoDigitsHere', 'no digit'],
    ['Short1a', 'seven characters'],
  ])('refuses %s (%s)', (password) => {
    expect(isStrongPassword(password)).toBe(false)
  })
})
