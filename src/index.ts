export { createFlashbackMock, type CallAs, type FlashbackMock, type FlashbackMockOptions, type MockOutbox, type MockResponse } from './public/create-flashback-mock.js'
export type { EmailKind, OutboxFilter, OutboxMessage } from './data/outbox.js'
export { withFlashbackMock, type BoundaryServer } from './public/with-flashback-mock.js'
export { Roles, roleName, rolesAtOrBelow, isRole, type OrgRole, type OrgRoleName } from './access/roles.js'
export type { OperationId, RequestBody, ResponseBody } from './spec/document.js'
export type { components, operations, paths } from './spec/openapi.js'
export { ApiError, ContractViolation, FlashbackError, type ApiErrorCode } from './operations/errors.js'
export type { Fixture, GeneratedUsers } from './data/fixture.js'
export type { MockUser, MockUserMfa } from './mock/world.js'
export { expectResponseMatchesDocument } from './contract/response-matcher.js'
export { suggestOperations } from './spec/suggest.js'
export type { Violation, ViolationKind } from './operations/violations.js'
export type { UnhandledRequestStrategy } from './mock/unmatched.js'
export type { JournalEntry } from './operations/journal.js'
export type { Fault, FaultOptions, Latency } from './mock/faults.js'
export type { OtherHosts } from './adapters/fetch.js'
export type { Duration, MockClockControl } from './mock/clock.js'
export {
  createVirtualAuthenticator,
  type PasskeyAssertionJson,
  type PasskeyCreationOptionsJson,
  type PasskeyRegistrationJson,
  type PasskeyRequestOptionsJson,
  type VirtualAuthenticator,
  type VirtualPage,
  type VirtualPasskey,
} from './public/virtual-authenticator.js'
export type { MockProviders, OAuthProviderName, ProviderGrant, StellarWallet, Web3SignInBody } from './mock/providers.js'
export { newStellarKeypair, type StellarKeypair } from './data/stellar-keys.js'
