// The contract suite as a library (`flashback-mock/contract`): run the document's scenario checks against any
// server from your own script or test. The command line is `npx flashback-mock contract --base-url URL ...`.
export { formatContractTable, runContractSuite, type ContractRow, type ContractSuiteOptions } from './run-suite.js'
export { expectResponseMatchesDocument } from './response-matcher.js'
