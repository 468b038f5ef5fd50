// Hostile and malformed input that is not script: odd URLs, broken or
// unexpected data, and a backlog far larger than the real one. Every case
// must end on a page with a visible heading and, where the input allows,
// the filters the URL requested.
import type { Page, Route } from '@playwright/test';
import { test, expect, EVERY_GOOD, cardTitles, pageHeading, resultCount, searchBox, startAppOnLoad } from './fixtures';
import { plainEntry, type Backlog, type Entry } from '../xss/backlog-data';

const HOME_HEADING = 'Digital Public Goods Backlog';
const NOT_FOUND_HEADING = 'Page not found';
const DATA_URL = '**/backlog.json';

/** Maximum search text length, in characters, that the app keeps from a URL (MAX_QUERY_CHARS in crates/backlog-core/src/route.rs). */
const MAX_URL_QUERY_CHARS = 500;

type UrlCase = {
  name: string;
  url: string;
  heading: string;
  /** Titles of the cards the filters leave, for home page cases. */
  cards?: string[];
  /** Expected value of the search box. */
  query?: string;
};

const URL_CASES: UrlCase[] = [
  { name: 'truncated escape in path', url: '/%E0%A4%A', heading: NOT_FOUND_HEADING },
  { name: 'encoded script in path', url: '/%3Cscript%3E', heading: NOT_FOUND_HEADING },
  { name: 'nested unknown path', url: '/a/b/c', heading: NOT_FOUND_HEADING },
  { name: 'NUL byte in path', url: '/%00', heading: NOT_FOUND_HEADING },
  { name: 'invalid escape in query', url: '/?q=%ZZ', heading: HOME_HEADING, cards: [], query: '%ZZ' },
  { name: 'lone percent as tag', url: '/?tag=%', heading: HOME_HEADING, cards: [] },
  { name: 'unknown tag', url: '/?tag=Nope', heading: HOME_HEADING, cards: [] },
  {
    name: 'tracking parameter beside query',
    url: '/?fbclid=abc&q=rapidpro',
    heading: HOME_HEADING,
    cards: ['Primero'],
    query: 'rapidpro',
  },
  {
    name: 'repeated query keeps last',
    url: '/?q=storyweaver&q=rapidpro',
    heading: HOME_HEADING,
    cards: ['Primero'],
    query: 'rapidpro',
  },
  {
    name: 'repeated tag counts once',
    url: '/?tag=Children&tag=children&tag=Children',
    heading: HOME_HEADING,
    cards: ['StoryWeaver', 'Curious Learning', 'Primero'],
  },
  { name: 'truncated UTF-8 in query', url: '/?q=%F0%9F', heading: HOME_HEADING, cards: EVERY_GOOD },
  { name: 'control bytes in query', url: '/?q=%00%01%1B', heading: HOME_HEADING, cards: EVERY_GOOD },
  { name: 'bare and empty parameters', url: '/?&&q&=&tag=&%', heading: HOME_HEADING, cards: EVERY_GOOD },
  { name: 'malformed fragment', url: '/primero#%ZZ%', heading: 'Primero' },
  { name: 'query on entry page', url: '/primero?tag=%&q=%ZZ', heading: 'Primero' },
  { name: 'query on tags page', url: '/tags?q=%E0%A4%A', heading: 'Tags' },
];

for (const urlCase of URL_CASES) {
  test(`URL with ${urlCase.name}`, async ({ page }) => {
    await page.goto(urlCase.url);

    await expect(pageHeading(page)).toHaveText(urlCase.heading);
    if (urlCase.cards) {
      await expect(cardTitles(page)).toHaveText(urlCase.cards);
    }
    if (urlCase.query !== undefined) {
      await expect(searchBox(page)).toHaveValue(urlCase.query);
    }
  });
}

test('100 KB query string', async ({ page }) => {
  const query = 'a'.repeat(100_000);

  await page.goto(`/?q=${query}`);

  await expect(pageHeading(page)).toHaveText(HOME_HEADING);
  await expect(searchBox(page)).toHaveValue(query.slice(0, MAX_URL_QUERY_CHARS));
  await expect(resultCount(page)).toHaveText(`0 of ${EVERY_GOOD.length} goods`);
  // The cut query is still a working filter: clearing it brings every good back.
  await searchBox(page).fill('');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
});

test('random bytes in path', async ({ page }) => {
  for (const path of randomEncodedStrings(0x5eed, 8)) {
    await page.goto(`/${path}`);
    await expect(pageHeading(page), `/${path}`).toHaveText(NOT_FOUND_HEADING);
  }
});

test('random bytes in path behind fallback', async ({ page, baseURL }) => {
  // A static host that serves index.html for every unknown path, like
  // GitHub Pages with the site's 404.html, so only the app's handling counts.
  await serveIndexForEveryPage(page, new URL('./', baseURL).href);

  for (const path of randomEncodedStrings(0x5eed, 8)) {
    await page.goto(`/${path}`);
    await expect(pageHeading(page), `/${path}`).toHaveText(NOT_FOUND_HEADING);
  }
});

test('random bytes in query', async ({ page }) => {
  for (const value of randomEncodedStrings(0xbad, 8)) {
    await page.goto(`/?q=${value}&tag=${value}&${value}=${value}`);
    await expect(pageHeading(page), `?q=${value}`).toHaveText(HOME_HEADING);
    await expect(resultCount(page), `?q=${value}`).toHaveText(/^\d+ of 4 goods$/);
  }
});

test.describe('unusable data', () => {
  // The failed or rejected load logs an error that names the data file.
  test.use({ allowedConsoleError: /backlog\.json/ });

  const cases: { name: string; respond: (route: Route) => Promise<void> }[] = [
    { name: 'missing file', respond: (route) => route.fulfill({ status: 404, body: 'Not found\n' }) },
    { name: 'empty body', respond: (route) => fulfilJson(route, '') },
    {
      name: 'truncated JSON',
      respond: async (route) => {
        const text = await (await route.fetch()).text();
        await fulfilJson(route, text.slice(0, Math.floor(text.length / 2)));
      },
    },
    {
      name: 'other schema version',
      respond: async (route) => {
        const backlog = await (await route.fetch()).json();
        await fulfilJson(route, JSON.stringify({ ...backlog, schema_version: 2 }));
      },
    },
    { name: 'array instead of object', respond: (route) => fulfilJson(route, '[]') },
    { name: 'string instead of object', respond: (route) => fulfilJson(route, '"backlog"') },
    { name: 'null instead of object', respond: (route) => fulfilJson(route, 'null') },
    {
      name: 'entries not a list',
      respond: (route) => fulfilJson(route, '{"schema_version":1,"about":null,"entries":{}}'),
    },
    { name: 'deeply nested JSON', respond: (route) => fulfilJson(route, '['.repeat(100_000)) },
    {
      name: 'HTML instead of JSON',
      respond: (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><h1>Home</h1>' }),
    },
  ];

  for (const dataCase of cases) {
    test(`data with ${dataCase.name}`, async ({ page }) => {
      await page.route(DATA_URL, dataCase.respond);
      await startAppOnLoad(page);
      await page.goto('/');

      // The prerendered page stays readable, with a notice on top.
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('could not start');
      await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
      await expect(pageHeading(page)).toHaveText('Digital Public Goods Backlog');
      await expect(cardTitles(page)).toHaveText(EVERY_GOOD);

      await page.unroute(DATA_URL);
      await alert.getByRole('button', { name: 'Try again' }).click();
      await expect(page.locator('.dpg-mount')).toBeVisible();
      await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
      await expect(alert).toHaveCount(0);
    });
  }
});

test('malformed entry is skipped and counted', async ({ page }) => {
  await page.route(DATA_URL, async (route) => {
    const backlog = await (await route.fetch()).json();
    backlog.entries.splice(2, 0, { slug: 5, title: ['not', 'text'] });
    await fulfilJson(route, JSON.stringify(backlog));
  });
  await startAppOnLoad(page);

  await page.goto('/');

  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(resultCount(page)).toHaveText(`${EVERY_GOOD.length} of ${EVERY_GOOD.length} goods`);
  const note = page.locator('p.data-warning');
  await expect(note).toBeVisible();
  await expect(note).toHaveText(/\b1 entry\b/);
});

test.describe('large backlog', () => {
  const GENERATED_COUNT = 10_000;
  const TAG_COUNT = 10_000;
  const LONG_TEXT_BYTES = 1_000_000;
  const LONG_TEXT_END = 'End of the long description.';
  const generated = Array.from({ length: GENERATED_COUNT }, (_, index) =>
    plainEntry(
      `good-${index}`,
      `Generated good ${index}`,
      `Generated entry ${serialMarker(index)} for the size test.`,
      [`Theme ${index % 20}`, 'Generated'],
    ),
  );
  const longDescription = longEntry(LONG_TEXT_BYTES, LONG_TEXT_END);
  const manyTags = plainEntry(
    'many-tags',
    'Good with many tags',
    `Entry with ${TAG_COUNT} tags.`,
    Array.from({ length: TAG_COUNT }, (_, index) => `Tag ${index}`),
  );
  const backlog: Backlog = {
    schema_version: 1,
    about: null,
    entries: [longDescription, manyTags, ...generated],
  };
  const total = backlog.entries.length;
  const body = JSON.stringify(backlog);

  test.beforeEach(async ({ page }) => {
    await page.route(DATA_URL, (route) => fulfilJson(route, body));
    await startAppOnLoad(page);
  });

  test('home page searches 10,002 goods', async ({ page }) => {
    test.setTimeout(180_000);
    let started = Date.now();
    await page.goto('/');
    await expect(resultCount(page)).toHaveText(`${total} of ${total} goods`, { timeout: 60_000 });
    console.log(`large backlog: home page ready after ${Date.now() - started} ms`);
    await expect(cardTitles(page)).toHaveCount(12);

    started = Date.now();
    await searchBox(page).fill(serialMarker(1234));
    await expect(resultCount(page)).toHaveText(`1 of ${total} goods`, { timeout: 60_000 });
    console.log(`large backlog: one search update took ${Date.now() - started} ms`);
    await expect(cardTitles(page)).toHaveText(['Generated good 1234']);

    await searchBox(page).fill('');
    await expect(resultCount(page)).toHaveText(`${total} of ${total} goods`, { timeout: 60_000 });
    started = Date.now();
    // "good" is in every title, and "77", the word being typed, starts 111
    // of the numbers 0 to 9999 (77, 770 to 779, 7700 to 7799), a paragraph
    // number of the long entry and a tag of the tag-heavy one.
    await searchBox(page).pressSequentially('good 77');
    await expect(resultCount(page)).toHaveText(`113 of ${total} goods`, { timeout: 120_000 });
    console.log(`large backlog: typing 7 characters took ${Date.now() - started} ms`);
    // New cards past the first six are drawn a frame later, and they are drawn.
    await expect(cardTitles(page)).toHaveCount(12);
  });

  test('entry with 1 MB project renders', async ({ page }) => {
    test.setTimeout(120_000);
    const started = Date.now();
    await page.goto(`/${longDescription.slug}`);

    await expect(pageHeading(page)).toHaveText(longDescription.title, { timeout: 60_000 });
    await expect(page.locator('section.project p').last()).toContainText(LONG_TEXT_END);
    console.log(`large backlog: 1 MB entry page ready after ${Date.now() - started} ms`);
  });

  test('entry with 10,000 tags renders', async ({ page }) => {
    test.setTimeout(120_000);
    const started = Date.now();
    await page.goto(`/${manyTags.slug}`);

    await expect(pageHeading(page)).toHaveText(manyTags.title, { timeout: 60_000 });
    await expect(page.locator('main ul.tag-list li')).toHaveCount(TAG_COUNT);
    console.log(`large backlog: 10,000-tag entry page ready after ${Date.now() - started} ms`);
  });
});

async function fulfilJson(route: Route, body: string): Promise<void> {
  await route.fulfill({ status: 200, contentType: 'application/json', body });
}

/** Serves the site's index.html for every page load, whatever the path. */
async function serveIndexForEveryPage(page: Page, indexUrl: string): Promise<void> {
  await page.route('**/*', async (route) => {
    if (!route.request().isNavigationRequest()) {
      return route.fallback();
    }
    const response = await route.fetch({ url: indexUrl });
    return route.fulfill({ response });
  });
}

/**
 * Returns `count` strings of 16 random bytes, each byte percent-encoded,
 * from a fixed seed so a failure names the same URL on every run.
 */
function randomEncodedStrings(seed: number, count: number): string[] {
  let state = seed;
  // mulberry32, a small deterministic generator.
  const nextByte = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 16 }, () => `%${nextByte().toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** Returns a word only generated good `index` contains: `serial01234x`. */
function serialMarker(index: number): string {
  return `serial${String(index).padStart(5, '0')}x`;
}

/** Returns an entry whose one project has about `bytes` of markdown, ending in `endText`. */
function longEntry(bytes: number, endText: string): Entry {
  const paragraph = 'This paragraph repeats to make the project description one megabyte long. ';
  const paragraphs: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index += 1) {
    const text = `Paragraph ${index}: ${paragraph.repeat(10)}`;
    paragraphs.push(text);
    size += text.length + 2;
  }
  paragraphs.push(endText);
  const markdown = paragraphs.join('\n\n');
  const entry = plainEntry('long-description', 'Good with a long description', 'Entry with a 1 MB project.', [
    'Generated',
  ]);
  entry.projects = [
    {
      number: 1,
      title: 'Project with a long description',
      markdown,
      description: markdown,
      expected_impact: null,
      deliverable: null,
      repositories: [],
      tech_stack: null,
    },
  ];
  return entry;
}
