// Context for the README's client-test snippet: a mock, vitest, a Response, and the reader's own client code.
import { expect, it } from 'vitest'
import { createFlashbackMock, expectResponseMatchesDocument } from 'flashback-mock'

const mock = createFlashbackMock()
declare const response: Response
/** The reader's own code that invites a member through the API. */
declare function inviteMember(member: { email: string; firstName: string; lastName: string }): Promise<void>
