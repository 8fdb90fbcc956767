import { defineConfig } from 'vitest/config'

// `npm run test:browser`: the real-browser test, which needs Debian's chromium (.ci/run installs it).
export default defineConfig({
  test: { include: ['test/browser/**/*.test.ts'], testTimeout: 60_000 },
})
