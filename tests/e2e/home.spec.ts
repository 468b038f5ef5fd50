// The home page: the list of goods, the About card, header and footer.
import type { Page } from '@playwright/test';
import { test, expect, EVERY_GOOD, card, cardLink, cardTitles, pageHeading, resultCount, searchBox } from './fixtures';

test('home lists goods newest first', async ({ page }) => {
  await page.goto('/');

  await expect(page.locator('main#main').filter({ visible: true })).toBeVisible();
  await expect(pageHeading(page)).toHaveText('Digital Public Goods Backlog');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(resultCount(page)).toHaveText('4 of 4 goods');
  await expect(resultCount(page)).toHaveAttribute('role', 'status');
});

test('card links use the base path', async ({ page }) => {
  await page.goto('/');

  await expect(cardLink(page, 'OpenCRVS')).toHaveAttribute('href', '/opencrvs');
  await expect(cardLink(page, 'Curious Learning')).toHaveAttribute('href', '/curiouslearning');
});

test('cards show projects, technologies and tags', async ({ page }) => {
  const cases = [
    { title: 'OpenCRVS', projects: /(^|\D)1 project(?!s)/, technology: 'GraphQL', tag: 'Humanitarian' },
    { title: 'StoryWeaver', projects: /(^|\D)2 projects/, technology: 'ElasticSearch', tag: 'Education' },
    { title: 'Curious Learning', projects: /(^|\D)2 projects/, technology: 'HTML5', tag: 'Children' },
    { title: 'Primero', projects: /(^|\D)4 projects/, technology: 'Ruby on Rails', tag: 'Gender Equality' },
  ];
  await page.goto('/');

  for (const { title, projects, technology, tag } of cases) {
    const good = card(page, title);
    await expect(good, title).toContainText(projects);
    await expect(good, title).toContainText(technology);
    await expect(good, title).toContainText(tag);
    const image = good.locator('img');
    await expect(image, title).toHaveAttribute('width', /^\d+$/);
    await expect(image, title).toHaveAttribute('height', /^\d+$/);
  }
});

test('first card image loads', async ({ page }) => {
  await page.goto('/');

  const image = page.locator('article.card img').first();
  await expect(image).toBeVisible();
  const naturalWidth = () => image.evaluate((element: HTMLImageElement) => element.naturalWidth);
  await expect.poll(naturalWidth).toBeGreaterThan(0);
});

test('about card links to the About page', async ({ page }) => {
  await page.goto('/');

  const about = page.locator('section.about-card[aria-labelledby="about-title"]');
  await expect(about).toBeVisible();
  await expect(page.locator('#about-title')).toBeVisible();
  await about.locator('a[href="/backlog"]').first().click();

  await expect(page).toHaveURL(/\/backlog$/);
  await expect(pageHeading(page)).toHaveText('About the Backlog');
  await expect(page.getByRole('heading', { level: 2, name: 'How to contribute' })).toBeVisible();
});

test('header links reach every page', async ({ page }) => {
  await page.goto('/');
  const header = page.locator('header');

  await header.getByRole('link', { name: 'Tags', exact: true }).click();
  await expect(pageHeading(page)).toHaveText('Tags');

  await header.getByRole('link', { name: 'About', exact: true }).click();
  await expect(pageHeading(page)).toHaveText('About the Backlog');

  await header.getByRole('link', { name: 'Goods', exact: true }).click();
  await expect(pageHeading(page)).toHaveText('Digital Public Goods Backlog');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
});

test('footer names the licence and the source', async ({ page }) => {
  await page.goto('/');
  const footer = page.locator('footer');

  await expect(footer).toContainText('CC BY-SA 4.0');
  const licence = footer.locator('a[href*="creativecommons.org/licenses/by-sa/4.0"]');
  await expect(licence).toHaveCount(1);
  await expect(footer).toContainText(/source/i);
  const otherLinks = footer.getByRole('link').filter({ hasNotText: 'CC BY-SA 4.0' });
  await expect(otherLinks.first()).toHaveAttribute('href', /^https:\/\//);
});

test('prerendered page loads no app until the reader reaches for a control', async ({ page }) => {
  const appFiles: string[] = [];
  page.on('request', (request) => {
    if (/(\.wasm|backlog\.json|dpg-backlog-[^/]*\.js)$/.test(request.url())) {
      appFiles.push(request.url());
    }
  });
  await page.goto('/');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await page.waitForLoadState('networkidle');

  // The first view is the HTML and its images; the page reads and links
  // without the app.
  expect(appFiles).toEqual([]);
  await expect(page.locator('.dpg-mount')).toHaveCount(0);
  await expect(cardLink(page, 'Primero')).toHaveAttribute('href', '/primero');
  await searchBox(page).focus();
  await expect(page.locator('.dpg-mount')).toBeVisible();
  expect(appFiles.some((url) => url.endsWith('.wasm'))).toBe(true);
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(page.locator('[data-dpg-backlog] > .dpg-backlog')).toHaveCount(0);
});

test('text typed before the app starts is searched, with the focus kept', async ({ page }) => {
  const releaseData = await holdData(page);
  await page.goto('/');

  await searchBox(page).pressSequentially('rapidpr');
  await expect(page.locator('.dpg-mount')).toBeHidden();
  releaseData();
  await expect(page.locator('.dpg-mount')).toBeVisible();
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('rapidpr');
  await expect(cardTitles(page)).toHaveText(['Primero']);
  await page.keyboard.type('o');
  await expect(searchBox(page)).toHaveValue('rapidpro');
  await expect(page).toHaveURL(/\?q=rapidpro$/);
});

test('the caret stays where the reader left it at the takeover', async ({ page }) => {
  const releaseData = await holdData(page);
  await page.goto('/');

  await searchBox(page).pressSequentially('healthcare');
  for (let step = 0; step < 4; step++) {
    await page.keyboard.press('ArrowLeft');
  }
  releaseData();
  await expect(page.locator('.dpg-mount')).toBeVisible();
  await page.keyboard.type(' ');
  await expect(searchBox(page)).toHaveValue('health care');
});

test('campaign parameters leave the app waiting', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) {
      wasm.push(request.url());
    }
  });
  await page.goto('/?utm_source=newsletter');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await page.waitForLoadState('networkidle');
  expect(wasm).toEqual([]);
});

test('skip link stays on a page without the app', async ({ page }) => {
  await page.goto('/primero');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.locator('main#main')).toBeFocused();
  await expect(pageHeading(page)).toHaveText('Primero');
  await expect(page).toHaveURL(/\/primero$/);
});

test('a tag ticked before the app starts filters the list', async ({ page }) => {
  const releaseData = await holdData(page);
  await page.goto('/');

  await page.getByRole('checkbox', { name: /^Children/ }).check();
  releaseData();
  await expect(page.locator('.dpg-mount')).toBeVisible();
  await expect(resultCount(page)).toHaveText('3 of 4 goods');
  await expect(page.getByRole('checkbox', { name: /^Children/ })).toBeChecked();
  await expect(page).toHaveURL(/\?tag=Children$/);
});

test('without JavaScript the page reads and its form and links work', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await page.goto('/');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);

  await searchBox(page).fill('rapidpro');
  await searchBox(page).press('Enter');
  await expect(page).toHaveURL(/\?q=rapidpro/);
  await cardLink(page, 'Primero').click();
  await expect(pageHeading(page)).toHaveText('Primero');
  await context.close();
});

/**
 * Holds the app's request for the data until the returned function is
 * called, so a test can act on the page while the app is loading.
 */
async function holdData(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/backlog\.json(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
