import type { StandardSchemaV1 } from '@standard-schema/spec'
import { validatorFor, describeValidationError } from '../spec/validator.js'
import type { components } from '../spec/document.js'
import type { OrgRole } from '../access/roles.js'

export type OrganizationRecord = components['schemas']['Organization']

export type AuthMethod = 'LOCAL' | 'GOOGLE' | 'GITHUB' | 'MICROSOFT'

/** A stored user: the API's user fields plus what only the mock keeps (never sent in a response). */
export interface UserRecord {
  id: string
  email: string
  name: string
  lastName: string
  orgId: string | null
  orgRole: OrgRole | null
  validated: boolean
  deletedAt: string | null
  password: string
  authMethod: AuthMethod
  createdAt: string
}

/** A bearer token and the user it belongs to. */
export interface TokenRecord {
  token: string
  userId: string
}

/** Wraps a JSON Schema (validated by ajv) as a Standard Schema, which is what @msw/data collections take. */
function standardSchema<T>(jsonSchema: object): StandardSchemaV1<T, T> {
  const validate = validatorFor(jsonSchema)
  return {
    '~standard': {
      version: 1,
      vendor: 'flashback-mock',
      validate(value) {
        if (validate(value)) return { value: value as T }
        return { issues: (validate.errors ?? []).map((e) => ({ message: describeValidationError(e) })) }
      },
    },
  }
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

export const organizationSchema = standardSchema<OrganizationRecord>(ref('Organization'))

export const userSchema = standardSchema<UserRecord>({
  type: 'object',
  required: ['id', 'email', 'name', 'lastName', 'orgId', 'orgRole', 'validated', 'deletedAt', 'password', 'authMethod', 'createdAt'],
  properties: {
    id: { type: 'string', minLength: 1 },
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    lastName: { type: 'string' },
    orgId: { type: ['string', 'null'] },
    orgRole: { oneOf: [ref('OrgRole'), { type: 'null' }] },
    validated: { type: 'boolean' },
    deletedAt: { type: ['string', 'null'], format: 'date-time' },
    password: { type: 'string' },
    authMethod: { enum: ['LOCAL', 'GOOGLE', 'GITHUB', 'MICROSOFT'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
})

export const tokenSchema = standardSchema<TokenRecord>({
  type: 'object',
  required: ['token', 'userId'],
  properties: { token: { type: 'string', minLength: 1 }, userId: { type: 'string', minLength: 1 } },
})
