// The site built for `/backlog/`: deep links and filters survive a reload,
// as when a static host serves the app under a sub-path.
import { test, expect, EVERY_GOOD, cardLink, cardTitles, pageHeading, resultCount, searchBox, subUrl } from './fixtures';

test('sub-path home lists every good', async ({ page }) => {
  await page.goto(subUrl);

  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(cardLink(page, 'OpenCRVS')).toHaveAttribute('href', '/backlog/opencrvs');
  await cardLink(page, 'OpenCRVS').click();

  await expect(page).toHaveURL(`${subUrl}opencrvs`);
  await expect(pageHeading(page)).toHaveText('OpenCRVS');
});

test('sub-path deep link scrolls to project', async ({ page }) => {
  const section = page.locator('#project-2');
  const topIsInViewport = () =>
    section.evaluate((element) => {
      const top = element.getBoundingClientRect().top;
      return top >= 0 && top < window.innerHeight;
    });

  await page.goto(`${subUrl}primero#project-2`);
  await expect(pageHeading(page)).toHaveText('Primero');
  await expect.poll(topIsInViewport).toBe(true);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

  await page.reload();
  await expect(pageHeading(page)).toHaveText('Primero');
  await expect.poll(topIsInViewport).toBe(true);
});

test('sub-path reload keeps the search', async ({ page }) => {
  await page.goto(`${subUrl}?q=education`);
  await expect(searchBox(page)).toHaveValue('education');
  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning']);
  await expect(resultCount(page)).toHaveText('2 of 4 goods');

  await page.reload();

  await expect(searchBox(page)).toHaveValue('education');
  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning']);
});

test('sub-path tags page reloads', async ({ page }) => {
  await page.goto(`${subUrl}tags`);
  await expect(pageHeading(page)).toHaveText('Tags');

  await page.reload();

  await expect(pageHeading(page)).toHaveText('Tags');
});
