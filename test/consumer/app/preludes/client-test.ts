// Context for the documentation's client-test snippets: a mock, vitest, a token of a real backend, and the
// reader's own client code.
import { expect, it } from 'vitest'
import { createFlashbackMock, expectResponseMatchesDocument } from 'flashback-mock'

const mock = createFlashbackMock()
/** A token of a user of the backend under test. */
declare const token: string
/** The reader's own code that invites a member through the API. */
declare function inviteMember(member: { email: string; firstName: string; lastName: string }): Promise<void>
