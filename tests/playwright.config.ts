// Playwright settings for the end-to-end tests. `cargo xtask test` builds
// the site, serves it on 127.0.0.1 and sets BACKLOG_URL and BACKLOG_SUB_URL.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.BACKLOG_URL;
if (!baseURL || !process.env.BACKLOG_SUB_URL) {
  throw new Error(
    'BACKLOG_URL or BACKLOG_SUB_URL is not set: run `cargo xtask test`, or serve the site ' +
      'with `cargo xtask serve` and `cargo xtask serve --base /backlog/` and set both to their URLs',
  );
}

export default defineConfig({
  testDir: 'e2e',
  // The machine has 2 cores, and each worker runs one Chromium.
  workers: 2,
  retries: 0,
  // The first page of a run starts Chromium and compiles the wasm module, which
  // can take more than the default 5 s on a busy 2-core machine.
  expect: { timeout: 10_000 },
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      // Debian's Chromium 156, which Playwright 1.64 was built for. Never run
      // `npx playwright install`: browsers come from apt-get only.
      executablePath: '/usr/lib/chromium/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
