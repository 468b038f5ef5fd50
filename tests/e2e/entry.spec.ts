// Entry pages: cover figure, rendered markdown, project sections, tag links,
// the About entry and unknown slugs.
import { test, expect, cardLink, cardTitles, pageHeading } from './fixtures';

test('opening OpenCRVS shows its project', async ({ page }) => {
  await page.goto('/');

  await cardLink(page, 'OpenCRVS').click();

  await expect(page).toHaveURL(/\/opencrvs$/);
  await expect(pageHeading(page)).toHaveText('OpenCRVS');
  const projects = page.locator('section.project');
  await expect(projects).toHaveCount(1);
  // The heading may end with a permalink to its section, so only its start is fixed.
  await expect(page.locator('section#project-1.project h2')).toHaveText(
    /^Project 1: Implement "Correct Record" functionality\b/,
  );
});

test('entry renders cover and markdown', async ({ page }) => {
  await page.goto('/opencrvs');

  const figure = page.locator('main figure');
  await expect(figure.locator('img')).toBeVisible();
  // OpenCRVS has an empty caption, so the figure has no figcaption.
  await expect(figure.locator('figcaption')).toHaveCount(0);
  await expect(page.locator('main a[href="https://github.com/opencrvs/opencrvs-core"]').first()).toBeVisible();
  await expect(page.locator('main strong', { hasText: 'Website' })).toBeVisible();
});

test('entry caption is shown', async ({ page }) => {
  await page.goto('/primero');

  await expect(pageHeading(page)).toHaveText('Primero');
  await expect(page.locator('main figure figcaption')).toContainText('Tinsley Galyean');
});

test('entry lists every project', async ({ page }) => {
  await page.goto('/primero');

  await expect(page.locator('section.project h2')).toHaveText([
    /^Project 1: Primero Platform integration with RapidPro\b/,
    /^Project 2: Develop Primero GDPR compliance tools\b/,
    /^Project 3: Primero user customization package\b/,
    /^Project 4: Integrate Rapid Pro Courier Message Broker Module with Primero\b/,
  ]);
  for (const number of [1, 2, 3, 4]) {
    await expect(page.locator(`section#project-${number}.project`)).toHaveCount(1);
  }
});

test('entry tags link to the filtered list', async ({ page }) => {
  await page.goto('/primero');

  const children = page.locator('main a[href$="?tag=Children"]');
  await expect(children).toHaveCount(1);
  await expect(children).toHaveAttribute('href', '/?tag=Children');
  await children.click();

  await expect(pageHeading(page)).toHaveText('Digital Public Goods Backlog');
  await expect(page.getByRole('checkbox', { name: /^Children\b/ })).toBeChecked();
  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning', 'Primero']);
});

test('about page is an entry', async ({ page }) => {
  await page.goto('/backlog');

  await expect(pageHeading(page)).toHaveText('About the Backlog');
  await expect(page.getByRole('heading', { level: 2, name: 'How to add projects to the backlog' })).toBeVisible();
  await expect(page.locator('main figure figcaption')).toContainText('Aeioux');
});

test('unknown slug shows not found', async ({ page, baseURL }) => {
  await page.goto('/no-such-good');

  const main = page.locator('main#main').filter({ visible: true });
  await expect(main).toContainText(/not found/i);
  const links = await main.locator('a').evaluateAll((anchors) =>
    anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
  );
  expect(links, 'links in the not-found page').toContain(baseURL);
});
