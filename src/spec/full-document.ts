import type { OpenAPIV3_1 } from 'openapi-types'
import rawDocument from '../../openapi/flashback.openapi.json' with { type: 'json' }

/**
 * The Flashback Organization API contract, as transcribed in `openapi/flashback.openapi.json`: with the
 * docs' descriptions and examples and the mock's `x-mock-assumption`s. The mock itself runs on
 * `contractDocument`, the same without its prose, so a page that never reads this does not load it.
 * @example
 * import { apiDocument } from 'flashback-mock/document'
 * Object.keys(apiDocument.paths ?? {}) // ['/organization/{orgId}', ...]
 */
export const apiDocument = rawDocument as unknown as OpenAPIV3_1.Document
