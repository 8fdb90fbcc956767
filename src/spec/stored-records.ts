/**
 * JSON Schemas of what the store keeps. The organization is the document's own; a stored user is the
 * API's user plus what only the mock keeps (password, auth method), so its schema lives here.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

export const storedRecordSchemas = {
  organization: ref('Organization'),
  user: {
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
      password: { type: ['string', 'null'] },
      authMethod: { enum: ['LOCAL', 'GOOGLE', 'GITHUB', 'MICROSOFT', 'WEB3_STELLAR'] },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
} as const satisfies Record<string, object>
