// Shared test setup: every test fails when the page logs a console error,
// throws an uncaught error, or requests anything outside 127.0.0.1.
import { test as base, expect, type Locator, type Page } from '@playwright/test';

type Options = {
  /** Console errors that a test expects, such as a failed request it forces. */
  allowedConsoleError: RegExp | null;
};

export const test = base.extend<Options>({
  allowedConsoleError: [null, { option: true }],

  page: async ({ page, allowedConsoleError }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') {
        return;
      }
      const text = `console error: ${message.text()} at ${message.location().url}`;
      if (!allowedConsoleError?.test(text)) {
        problems.push(text);
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
    await page.route(isExternal, (route) => {
      problems.push(`request outside 127.0.0.1: ${route.request().url()}`);
      return route.abort();
    });

    await use(page);

    expect(problems, 'errors logged by the page').toEqual([]);
  },
});

export { expect };

/** URL of the site built for the sub-path `/backlog/`, ending in a slash. */
export const subUrl = process.env.BACKLOG_SUB_URL ?? '';

// The helpers below match only visible elements: for a frame before the
// takeover, the app's copy of the page exists, hidden, beside the
// prerendered one.

/** Titles of the good cards on the home page, in display order. */
export const EVERY_GOOD = ['OpenCRVS', 'StoryWeaver', 'Curious Learning', 'Primero'];

export function cardTitles(page: Page): Locator {
  return page.locator('ul.cards article.card h2').filter({ visible: true });
}

export function card(page: Page, title: string): Locator {
  const titleLink = page.locator('h2').getByRole('link', { name: title, exact: true });
  return page.locator('ul.cards article.card').filter({ has: titleLink, visible: true });
}

export function cardLink(page: Page, title: string): Locator {
  return card(page, title).locator('h2').getByRole('link', { name: title, exact: true });
}

export function searchBox(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search the backlog' });
}

export function resultCount(page: Page): Locator {
  return page.locator('p.result-count').filter({ visible: true });
}

export function pageHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 1 });
}

/**
 * Makes the app start as soon as each page of `page` has loaded, as a host
 * page marked `data-start="now"` does, instead of when the reader first
 * reaches for a control. For tests that give the app other data than the
 * prerendered pages show.
 */
export async function startAppOnLoad(page: Page): Promise<void> {
  // The start script runs after parsing, when the document is interactive.
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') {
        document.querySelector('[data-dpg-backlog]')?.setAttribute('data-start', 'now');
      }
    });
  });
}

function isExternal(url: URL): boolean {
  const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
  return isHttp && url.hostname !== '127.0.0.1';
}
