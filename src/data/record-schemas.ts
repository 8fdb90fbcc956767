import type { StandardSchemaV1 } from '@standard-schema/spec'
import { validatorFor, describeValidationError } from '../spec/validator.js'
import { storedRecordSchemas } from '../spec/stored-records.js'
import type { components } from '../spec/document.js'
import type { OrgRole } from '../access/roles.js'

export type OrganizationRecord = components['schemas']['Organization']

export type AuthMethod = 'LOCAL' | 'GOOGLE' | 'GITHUB' | 'MICROSOFT' | 'WEB3_STELLAR'

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
  /** Null for a user of an OAuth provider (or invited without one): login answers NO_PASSWORD_SET. */
  password: string | null
  authMethod: AuthMethod
  createdAt: string
}

/** Wraps a JSON Schema (validated by ajv's precompiled code) as a Standard Schema, which is what @msw/data collections take. */
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

export const organizationSchema = standardSchema<OrganizationRecord>(storedRecordSchemas.organization)
export const userSchema = standardSchema<UserRecord>(storedRecordSchemas.user)
