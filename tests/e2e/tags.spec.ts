// The tags page: one section per tag with its count and its entries.
import { test, expect, pageHeading } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const TAGS = [
  { name: 'Children', count: 3, entries: ['Curious Learning', 'Primero', 'StoryWeaver'] },
  { name: 'Education', count: 2, entries: ['Curious Learning', 'StoryWeaver'] },
  { name: 'Humanitarian', count: 2, entries: ['OpenCRVS', 'Primero'] },
  { name: 'Gender Equality', count: 1, entries: ['Primero'] },
];

test('tags page lists entries per tag', async ({ page }) => {
  await page.goto('/tags');

  await expect(pageHeading(page)).toHaveText('Tags');
  await expect(page.locator('main section h2[id^="tag-"]')).toHaveCount(TAGS.length);
  for (const { name, count, entries } of TAGS) {
    const section = tagSection(page, name);
    await expect(section, name).toHaveCount(1);
    await expect(section.locator('h2'), name).toContainText(String(count));
    const titles = await section.locator('ul').getByRole('link').allTextContents();
    expect(titles.map((title) => title.trim()).sort(), name).toEqual(entries);
  }
});

test('tags page links open entries', async ({ page }) => {
  await page.goto('/tags');
  const section = tagSection(page, 'Humanitarian');

  await section.getByRole('link', { name: 'OpenCRVS', exact: true }).click();

  await expect(page).toHaveURL(/\/opencrvs$/);
  await expect(pageHeading(page)).toHaveText('OpenCRVS');
});

function tagSection(page: Page, name: string): Locator {
  const heading = page.locator('h2[id^="tag-"]', { hasText: name });
  return page.locator('main section').filter({ has: heading });
}
