// Context for the documentation's snippets inside a test: a mock, and vitest's expect.
import { expect } from 'vitest'
import { createFlashbackMock } from 'flashback-mock'

const mock = createFlashbackMock()
