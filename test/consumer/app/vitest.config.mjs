import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['readme/vitest/**/*.test.ts'] } })
