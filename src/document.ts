// flashback-mock/document: the whole OpenAPI document and the mock's assumptions. Apart from the main
// entry, which runs on the document without its prose: a page that never reads these does not load them.
export { apiDocument } from './spec/full-document.js'
export { listAssumptions, type Assumption } from './spec/assumptions.js'
