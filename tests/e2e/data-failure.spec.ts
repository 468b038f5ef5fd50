// A failed request for the data shows an alert with a way to retry.
import { test, expect, cardTitles, EVERY_GOOD, searchBox } from './fixtures';

const DATA_URL = /\/backlog\.json(\?|$)/;

// The aborted request logs a network error, and the app may log why it failed.
test.use({ allowedConsoleError: /net::ERR_FAILED|backlog|failed to fetch/i });

test('data failure keeps the page and offers a retry', async ({ page }) => {
  await page.route(DATA_URL, (route) => route.abort());
  await page.goto('/');
  await searchBox(page).fill('rapidpro');

  // The prerendered page stays, with what the reader typed.
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not start');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(searchBox(page)).toHaveValue('rapidpro');

  await page.unroute(DATA_URL);
  await page.getByRole('button', { name: 'Try again' }).click();

  await expect(page.locator('.dpg-mount')).toBeVisible();
  await expect(cardTitles(page)).toHaveText(['Primero']);
  await expect(searchBox(page)).toHaveValue('rapidpro');
  await expect(alert).toHaveCount(0);
});
