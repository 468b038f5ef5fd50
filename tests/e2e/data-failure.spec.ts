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

const INDEX_URL = /\/backlog-index\.bin(\?|$)/;

test('the app uses the search index shipped beside the data', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const indexLoaded = page.waitForResponse((response) => INDEX_URL.test(response.url()) && response.ok());
  await page.goto('/?q=rapidpro');
  await indexLoaded;

  await expect(cardTitles(page)).toHaveText(['Primero']);
  expect(warnings.filter((text) => /search index/.test(text))).toEqual([]);
});

for (const [problem, answer] of [
  ['missing', { status: 404, body: '' }],
  ['damaged', { status: 200, contentType: 'application/octet-stream', body: 'DPGINDEX garbage' }],
] as const) {
  test(`a ${problem} search index is built in the browser instead`, async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route(INDEX_URL, (route) => route.fulfill(answer));
    await page.goto('/');
    await searchBox(page).fill('rapidpro');

    await expect(cardTitles(page)).toHaveText(['Primero']);
    expect(warnings.join('\n')).toMatch(/search index .* is not used because .* builds it in the browser/);
  });
}

test('a stalled search index holds up search only briefly', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  // The index request never gets a response.
  await page.route(INDEX_URL, () => {});
  await page.goto('/');
  await searchBox(page).fill('rapidpro');

  await expect(cardTitles(page)).toHaveText(['Primero'], { timeout: 10_000 });
  expect(warnings.join('\n')).toMatch(/search index did not arrive within 2 s/);
});
