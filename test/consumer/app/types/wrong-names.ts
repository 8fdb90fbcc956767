// The package's types reach a consumer: the document's names are checked, not `any`.
import { createFlashbackMock, type components, type OperationId, type paths } from 'flashback-mock'
import { runContractSuite } from 'flashback-mock/contract'
import { apiDocument, listAssumptions, type Assumption } from 'flashback-mock/document'
import { createFlashbackServer } from 'flashback-mock/server'

const mock = createFlashbackMock()

// @ts-expect-error: the document has no schema of that name
export type Missing = components['schemas']['NoSuchSchema']

// @ts-expect-error: a typo in an operationId
mock.fail('listOrganizationUser', { status: 500 })

// @ts-expect-error: a schema's field keeps its type
export const wrongName: components['schemas']['Organization']['name'] = 42

// @ts-expect-error: a path the document does not have
export type NoPath = paths['/organization/user']

mock.fail('listOrganizationUsers', { status: 500 })
export const listUsers: OperationId = 'listOrganizationUsers'
export const organizationName: components['schemas']['Organization']['name'] = 'Acme'
export const suite: typeof runContractSuite = runContractSuite
export const server: typeof createFlashbackServer = createFlashbackServer
export const documentVersion: string = apiDocument.openapi
export const assumptions: Assumption[] = listAssumptions()
