import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TokenSigner, randomTokenSecret } from './tokens.js'

const olivia = { id: '770e8400-e29b-41d4-a716-446655440002', email: 'olivia.bennett@acme.com', orgId: 'acme' }
const john = { id: '550e8400-e29b-41d4-a716-446655440000', email: 'john.doe@acme.com', orgId: 'acme' }

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
const hs256 = (secret: string, unsigned: string) => createHmac('sha256', secret).update(unsigned).digest('base64url')

describe('TokenSigner', () => {
  const signer = new TokenSigner('the mock secret')

  it('mints an HS256 JWT carrying the claims clients decode, which any JWT library verifies with the secret', () => {
    const token = signer.mint(olivia)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(decode(payload)).toEqual({ sub: olivia.id, email: olivia.email, orgId: 'acme', iss: 'flashback-mock' })
    expect(signature).toBe(hs256('the mock secret', `${header}.${payload}`))
  })

  it('gives the same token for the same user under the same secret, in another signer too (a restart)', () => {
    expect(signer.mint(olivia)).toBe(signer.mint({ ...olivia }))
    expect(new TokenSigner('the mock secret').mint(olivia)).toBe(signer.mint(olivia))
    expect(signer.mint(john)).not.toBe(signer.mint(olivia))
  })

  it('verifies its own tokens to their claims', () => {
    expect(signer.verify(signer.mint(olivia))?.sub).toBe(olivia.id)
    expect(signer.verify(signer.mint(john))?.sub).toBe(john.id)
  })

  it("refuses John's token with Olivia's id put in its payload", () => {
    const [header, , signature] = signer.mint(john).split('.')
    const forged = `${header}.${encode({ sub: olivia.id, email: john.email, orgId: 'acme', iss: 'flashback-mock' })}.${signature}`
    expect(signer.verify(forged)).toBeUndefined()
  })

  it('refuses the unsigned format (alg none) built from what the API shows', () => {
    const claims = { sub: olivia.id, email: olivia.email, orgId: olivia.orgId, iss: 'flashback-mock' }
    expect(signer.verify(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`)).toBeUndefined()
    const [, payload, signature] = signer.mint(olivia).split('.')
    expect(signer.verify(`${encode({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`)).toBeUndefined()
  })

  it('refuses a token whose payload was changed after signing', () => {
    const [header, , signature] = signer.mint(john).split('.')
    const tampered = `${header}.${encode({ sub: john.id, email: john.email, orgId: 'globex', iss: 'flashback-mock' })}.${signature}`
    expect(signer.verify(tampered)).toBeUndefined()
  })

  it('refuses a wrong signature, a missing one and a truncated one', () => {
    const token = signer.mint(olivia)
    const unsigned = token.slice(0, token.lastIndexOf('.'))
    const signature = token.slice(token.lastIndexOf('.') + 1)
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)
    expect(signer.verify(`${unsigned}.${flipped}`)).toBeUndefined()
    expect(signer.verify(`${unsigned}.`)).toBeUndefined()
    expect(signer.verify(`${unsigned}.${signature.slice(0, -1)}`)).toBeUndefined()
    expect(signer.verify(`${token}.extra`)).toBeUndefined()
  })

  it('refuses a token signed with a guessed secret or by another mock', () => {
    const claims = { sub: olivia.id, email: olivia.email, orgId: olivia.orgId, iss: 'flashback-mock' }
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`
    for (const guess of ['secret', 'flashback-mock', 'the mock secre']) {
      expect(signer.verify(`${unsigned}.${hs256(guess, unsigned)}`)).toBeUndefined()
    }
    expect(signer.verify(new TokenSigner(randomTokenSecret()).mint(olivia))).toBeUndefined()
  })

  it('still verifies a token after verifying more than a thousand others since', () => {
    const first = signer.mint({ ...olivia })
    expect(signer.verify(first)?.sub).toBe(olivia.id)
    for (let i = 0; i < 1_100; i++) expect(signer.verify(signer.mint({ id: `u-${i}`, email: `u${i}@acme.com`, orgId: 'acme' }))?.sub).toBe(`u-${i}`)
    expect(signer.verify(first)?.sub).toBe(olivia.id)
  })

  it('refuses strings that are not tokens', () => {
    for (const text of ['', 'abc', 'a.b', 'a.b.c', '...', 'Bearer x']) expect(signer.verify(text)).toBeUndefined()
  })

  it('refuses an empty secret', () => {
    expect(() => new TokenSigner('')).toThrow('The token secret must not be empty')
  })
})

describe('randomTokenSecret', () => {
  it('differs on every call', () => {
    expect(randomTokenSecret()).not.toBe(randomTokenSecret())
    expect(randomTokenSecret()).toMatch(/^[\w-]{43}$/)
  })
})
