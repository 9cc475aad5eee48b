import { defineConfig } from '@playwright/test';

// Run through `npm test` (which sets up the e2e database, builds the web app and seeds the
// demo tenant). The harness starts web + worker + inbound + mail sink (scripts/stack.mjs).
const port = Number(process.env.E2E_PORT ?? 3200);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: '../test-results/e2e-artifacts',
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://localhost:${port}`,
    // Specs select by English text: English is what an en-US browser gets (issue 14).
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: 'node scripts/stack.mjs',
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
