// `npm run test:e2e`: four Playwright workers against one `flashback-mock` server, each test in a world of
// its own (flashback-mock/playwright), and the console's tests (console.spec.ts), one of them against a second
// server that has a control token. Chromium is Debian's (CHROMIUM_PATH to use another).
import { defineConfig } from '@playwright/test'
import type { FlashbackMockOptions } from '../../src/playwright.js'
import { GUARDED_PORT, GUARDED_TOKEN } from './guarded-server.js'

const MOCK_PORT = 4411
const APP_PORT = 4412
const mockUrl = `http://127.0.0.1:${MOCK_PORT}`

export default defineConfig<FlashbackMockOptions>({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 4,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../.playwright-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    mockUrl,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  webServer: [
    { command: `node --import tsx src/cli.ts --port ${MOCK_PORT}`, cwd: '../..', url: `${mockUrl}/__mock/worlds`, reuseExistingServer: false, stdout: 'ignore' },
    {
      command: `node --import tsx src/cli.ts --port ${GUARDED_PORT} --quiet --control-token ${GUARDED_TOKEN}`,
      cwd: '../..',
      url: `http://127.0.0.1:${GUARDED_PORT}/__mock/`,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    { command: `node test/e2e/app-server.mjs ${APP_PORT} ${mockUrl}`, cwd: '../..', url: `http://127.0.0.1:${APP_PORT}/health`, reuseExistingServer: false },
  ],
})
