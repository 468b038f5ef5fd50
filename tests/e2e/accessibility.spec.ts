// axe-core finds no WCAG 2.1 A or AA violations on the main kinds of page.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, cardTitles, pageHeading, EVERY_GOOD } from './fixtures';
import type { Page } from '@playwright/test';

const PAGES: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'home', path: '/', ready: (page) => expect(cardTitles(page)).toHaveText(EVERY_GOOD) },
  { name: 'entry', path: '/primero', ready: (page) => expect(pageHeading(page)).toHaveText('Primero') },
  { name: 'tags', path: '/tags', ready: (page) => expect(pageHeading(page)).toHaveText('Tags') },
  // A search in the address starts the app at once; the others are the prerendered pages.
  {
    name: 'searched home',
    path: '/?q=children&tag=Education',
    ready: async (page) => {
      await expect(page.locator('.dpg-mount')).toBeVisible();
      await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning']);
    },
  },
];

for (const { name, path, ready } of PAGES) {
  test(`axe passes on ${name} page`, async ({ page }) => {
    await page.goto(path);
    await ready(page);

    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();

    const violations = results.violations.map(
      (violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
    expect(violations).toEqual([]);
  });
}
