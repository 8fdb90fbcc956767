import type { OpenAPIV3_1 } from 'openapi-types'
import { contractDocument } from './document.js'
import type { components } from './openapi.js'

export type OrgRole = components['schemas']['OrgRole']
export type OrgRoleName = components['schemas']['OrgRoleDescription']

export interface RoleDefinition {
  value: OrgRole
  name: OrgRoleName
}

/** The roles of the document's `OrgRole` schema (`oneOf` of `const` + `title`), ascending. */
function readRoles(): RoleDefinition[] {
  const schema = contractDocument.components?.schemas?.OrgRole as OpenAPIV3_1.SchemaObject | undefined
  const variants = (schema?.oneOf ?? []) as OpenAPIV3_1.SchemaObject[]
  if (!variants.length) throw new Error('The document declares no OrgRole values')
  return variants
    .map((v) => ({ value: v.const as OrgRole, name: v.title as OrgRoleName }))
    .sort((a, b) => a.value - b.value)
}

/** Every defined role, ascending by value. */
export const roleDefinitions: readonly RoleDefinition[] = readRoles()
