import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 20_000,
    // test/concurrent-mocks.test.ts runs eight tests at once (vitest's default is five).
    maxConcurrency: 8,
  },
})
