// A failed request for the data shows an alert with a way to retry.
import { test, expect, EVERY_GOOD, cardTitles, startAppOnLoad } from './fixtures';

const DATA_URL = /\/backlog\.json(\?|$)/;

// The aborted request logs a network error, and the app may log why it failed.
test.use({ allowedConsoleError: /net::ERR_FAILED|backlog|failed to fetch/i });

test('data failure offers a retry', async ({ page }) => {
  await page.route(DATA_URL, (route) => route.abort());
  await startAppOnLoad(page);
  await page.goto('/');

  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  const retry = page.getByRole('button', { name: 'Try again' });
  await expect(retry).toBeVisible();
  await expect(cardTitles(page)).toHaveCount(0);

  await page.unroute(DATA_URL);
  await retry.click();

  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(alert).toHaveCount(0);
});
