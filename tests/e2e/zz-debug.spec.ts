import { test } from './fixtures';
test('debug embed page', async ({ page }) => {
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('requestfinished', (r) => console.log('req', r.url()));
  page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
  await page.goto('/embed');
  await page.waitForTimeout(3000);
  console.log(await page.locator('.dpg-mount').count(), page.url());
});
