// Cross-site scripting: every payload of tests/xss/payloads.json is put
// into every field of an entry, the About entry included, and served as
// the backlog. Each page and filter of the site must show the payloads as
// text or sanitised markup: no sentinel call, no CSP violation, nothing in
// the DOM that could run script, and no request outside 127.0.0.1.
import { test as base, expect, cardTitles, pageHeading, resultCount, searchBox, startAppOnLoad } from './fixtures';
import type { Page } from '@playwright/test';
import { corpusProblems, loadPayloads, type Payload } from '../xss/corpus';
import {
  ABOUT_SLUG,
  ALL_PAYLOADS_SLUG,
  combinedEntry,
  malformedPayloadEntries,
  payloadEntry,
  payloadMarker,
  payloadSlug,
  plainEntry,
  type Backlog,
  type Entry,
} from '../xss/backlog-data';
import { Probe, navigateInApp } from '../xss/probe';

const PAYLOADS = loadPayloads();
const PAYLOAD_ENTRIES = PAYLOADS.map(payloadEntry);
const ALL_PAYLOADS_ENTRY = combinedEntry(ALL_PAYLOADS_SLUG, PAYLOADS, '\n');
const ABOUT_ENTRY: Entry = { ...combinedEntry(ABOUT_SLUG, PAYLOADS, '\n\n'), tags: [], projects: [] };
const GOOD_ENTRIES = [...PAYLOAD_ENTRIES, ALL_PAYLOADS_ENTRY];
const MALFORMED_ENTRIES = malformedPayloadEntries(PAYLOADS[0]);
const PAYLOAD_BACKLOG: Backlog = {
  schema_version: 1,
  about: ABOUT_ENTRY,
  entries: [...PAYLOAD_ENTRIES.slice(0, 10), ...MALFORMED_ENTRIES, ...PAYLOAD_ENTRIES.slice(10), ALL_PAYLOADS_ENTRY],
};
const GOOD_COUNT = GOOD_ENTRIES.length;
const ALL_SHOWN = `${GOOD_COUNT} of ${GOOD_COUNT} goods`;
const ONE_SHOWN = `1 of ${GOOD_COUNT} goods`;

/** Maximum tag length, in characters, that the app keeps from a URL (MAX_TAG_CHARS in crates/backlog-core/src/route.rs). */
const MAX_URL_TAG_CHARS = 100;
/** Maximum search text length, in characters, that the app keeps from a URL (MAX_QUERY_CHARS in route.rs). */
const MAX_URL_QUERY_CHARS = 500;

const test = base.extend<{ backlogData: Backlog; probe: Probe }>({
  backlogData: [PAYLOAD_BACKLOG, { option: true }],
  probe: async ({ page, backlogData }, use) => {
    const probe = new Probe(page);
    await probe.arm(backlogData);
    await startAppOnLoad(page);
    await use(probe);
    await probe.expectClean('end of test');
  },
});

test.describe.configure({ mode: 'parallel' });

test('corpus calls sentinel by index', () => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(70);
  expect(corpusProblems(PAYLOADS)).toEqual([]);
});

test.describe('probe', () => {
  // The planted handler below makes Chromium log the CSP violation.
  test.use({ allowedConsoleError: /Content Security Policy/ });

  test('probe finds planted markup', async ({ page, probe }) => {
    await page.goto('./');
    await expect(resultCount(page)).toHaveText(ALL_SHOWN);

    // Markup the sanitiser must never let through, parsed while detached
    // as the app's `inner_html` content is. Nothing of it loads or runs,
    // but Chromium reports the handler attribute to CSP as it parses it.
    await page.evaluate(() => {
      const planted = document.createElement('div');
      planted.id = 'planted';
      planted.innerHTML =
        '<svg></svg><b oncopy="void 0">b</b><p formaction="x">p</p>' +
        '<a href=" \tJaVaScRipt:void(0)">a</a>';
      document.querySelector('[data-dpg-backlog]')?.append(planted);
    });
    const findings = await probe.findDomProblems();
    expect(findings.forbiddenElements).toHaveLength(1);
    expect(findings.eventAttributes).toHaveLength(1);
    expect(findings.forbiddenAttributes).toHaveLength(1);
    // The link counts twice: by its attribute text and by its resolved URL.
    expect(findings.unsafeUrls).toHaveLength(2);
    await expect.poll(async () => (await probe.pageRecord()).cspViolations).not.toEqual([]);
    await page.evaluate(() => document.getElementById('planted')?.remove());

    await page.evaluate(() => (window as unknown as { __xss: (id: number) => void }).__xss(-1));
    expect((await probe.pageRecord()).sentinelCalls).toEqual(['__xss(-1)']);
    await probe.clearPageRecord();
  });
});

test('home page shows payloads as text', async ({ page, probe }) => {
  await page.goto('./');

  await expect(pageHeading(page)).toBeVisible();
  await expect(resultCount(page)).toHaveText(ALL_SHOWN);
  await expect(page.locator('p.data-warning')).toContainText(`${MALFORMED_ENTRIES.length} entries`);
  await showEveryCard(page);
  const titles = await cardTitles(page).evaluateAll((headings) => headings.map((h) => h.textContent));
  expect(titles).toEqual(GOOD_ENTRIES.map((entry) => entry.title));
  const aboutTitle = await page.locator('section.about-card h2').textContent();
  expect(aboutTitle).toEqual(ABOUT_ENTRY.title);
  await probe.expectClean('home page with every card');

  // A title with markup shows its angle brackets and creates no elements.
  const literal = payloadOfClass('literal text');
  const literalHeading = cardTitles(page).nth(literal.id);
  await expect(literalHeading).toContainText('<b>bold</b> <i>it</i> &amp; <img src=x');
  await expect(literalHeading.locator('b, i, img')).toHaveCount(0);

  await expectSearchStillFilters(page, PAYLOADS[7]);
});

test('tags page shows payload tags as text', async ({ page, probe }) => {
  await page.goto('tags');

  await expect(pageHeading(page)).toHaveText('Tags');
  await expect(page.locator('.tags-page > p').first()).toHaveText(
    `${PAYLOADS.length} tags across ${GOOD_COUNT} goods.`,
  );
  const headings = await page
    .locator('section.tag-section h2')
    .evaluateAll((elements) => elements.map((h) => h.textContent ?? ''));
  const expected = PAYLOADS.map((payload) => `${payload.payload.trim()} (1)`);
  expect([...headings].sort()).toEqual([...expected].sort());
  await probe.expectClean('tags page');

  // The first payload's tag is short enough to survive the URL.
  const tag = PAYLOADS[0].payload;
  await page.getByRole('link', { name: `Show the goods tagged ${tag}`, exact: true }).click();
  await expect(resultCount(page)).toHaveText(ONE_SHOWN);
  await expect(cardTitles(page)).toHaveText([tag]);
  await probe.expectClean('tag link from the tags page');
});

test('search box takes every payload', async ({ page, probe }) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await expect(resultCount(page)).toHaveText(ALL_SHOWN);

  const box = searchBox(page);
  for (const payload of PAYLOADS) {
    await box.fill(payload.payload);
    await settle(page);
    await expectSearchValue(page, payload.payload);
    await expect(pageHeading(page)).toBeVisible();
    await probe.expectClean(`search for payload ${payload.id}`);
  }

  for (const payload of [PAYLOADS[0], payloadOfClass('attribute breakout'), payloadOfClass('markdown link')]) {
    await box.fill('');
    await box.pressSequentially(payload.payload);
    await settle(page);
    await expect(box).toHaveValue(payload.payload);
    await expect(page).toHaveURL(/[?&]q=/);
    await probe.expectClean(`typed payload ${payload.id}`);
  }

  await expectSearchStillFilters(page, PAYLOADS[42]);
});

test('query parameter takes every payload', async ({ page, probe }) => {
  test.setTimeout(120_000);
  // Full loads, the last one with the payload left unencoded in the URL.
  for (const payload of PAYLOADS.slice(0, 3)) {
    await page.goto(`./?q=${encodeURIComponent(payload.payload)}`);
    await expectSearchValue(page, payload.payload.slice(0, MAX_URL_QUERY_CHARS));
    await probe.expectClean(`loaded ?q= with payload ${payload.id}`);
  }
  await page.goto(`./?q=${PAYLOADS[0].payload}`);
  await expect(pageHeading(page)).toBeVisible();
  await probe.expectClean('loaded ?q= with an unencoded payload');

  for (const payload of PAYLOADS) {
    await navigateInApp(page, `./?q=${encodeURIComponent(payload.payload)}`);
    await settle(page);
    await expectSearchValue(page, payload.payload.slice(0, MAX_URL_QUERY_CHARS));
    await expect(pageHeading(page)).toBeVisible();
    await probe.expectClean(`?q= with payload ${payload.id}`);
  }

  await expectSearchStillFilters(page, PAYLOADS[99]);
});

test('payload tags filter the list', async ({ page, probe }) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await expect(resultCount(page)).toHaveText(ALL_SHOWN);

  const picked = ['script tag', 'event attribute', 'svg', 'markdown autolink', 'literal text'].map(payloadOfClass);
  for (const payload of picked) {
    const checkbox = await tagCheckbox(page, payload.payload.trim());
    await checkbox.check();
    await expect(resultCount(page)).toHaveText(ONE_SHOWN);
    await expect(cardTitles(page)).toHaveText([payload.payload]);
    await expect(page).toHaveURL(/[?&]tag=/);
    await probe.expectClean(`tag checkbox of payload ${payload.id}`);
    await checkbox.uncheck();
    await expect(resultCount(page)).toHaveText(ALL_SHOWN);
  }

  for (const payload of PAYLOADS) {
    const tag = payload.payload.trim();
    await navigateInApp(page, `./?tag=${encodeURIComponent(tag)}`);
    await settle(page);
    // NOTE: the app keeps only the first 100 characters of a tag from the
    // URL, so a longer tag matches no good when its link is followed.
    if (tag.length <= MAX_URL_TAG_CHARS) {
      await expect(resultCount(page), `?tag= of payload ${payload.id}`).toHaveText(ONE_SHOWN);
    }
    await expect(pageHeading(page)).toBeVisible();
    await probe.expectClean(`?tag= with payload ${payload.id}`);
  }

  await navigateInApp(page, './');
  await expectSearchStillFilters(page, PAYLOADS[150]);
});

test('entry pages render payloads safely', async ({ page, probe }) => {
  test.setTimeout(120_000);
  await page.goto(payloadSlug(PAYLOADS[0]));
  await expect(pageHeading(page)).toHaveText(PAYLOADS[0].payload);

  for (const entry of [...GOOD_ENTRIES, ABOUT_ENTRY]) {
    await navigateInApp(page, entry.slug);
    await expectEntryPage(page, entry);
    await probe.expectClean(`entry page ${entry.slug}`);
  }

  // The same pages after a full load, which renders them on a fresh app.
  for (const entry of [ALL_PAYLOADS_ENTRY, ABOUT_ENTRY, PAYLOAD_ENTRIES[PAYLOAD_ENTRIES.length - 1]]) {
    await page.goto(entry.slug);
    await expectEntryPage(page, entry);
    await probe.expectClean(`loaded entry page ${entry.slug}`);
  }

  await page.getByRole('link', { name: '← All goods' }).click();
  await expect(pageHeading(page)).toHaveText('Digital Public Goods Backlog');
  await expectSearchStillFilters(page, PAYLOADS[3]);
});

test.describe('hostile slugs', () => {
  const slugs = [
    '/evil.example',
    '//evil.example',
    '\\evil.example',
    ' //evil.example',
    'https://evil.example/',
    'javascript:__xss(9000)',
    '%2F%2Fevil.example',
    '../../index.html',
    '?q=x',
    '#top',
  ];
  const entries = slugs.map((slug, index) => plainEntry(slug, `Hostile slug ${index}`, 'Plain text.', ['Slug']));
  test.use({ backlogData: { schema_version: 1, about: null, entries } });

  test('card links stay on the site', async ({ page, probe }) => {
    await page.goto('./');
    await expect(page.locator('.dpg-mount')).toBeVisible();
    await expect(resultCount(page)).toHaveText(`${slugs.length} of ${slugs.length} goods`);

    const links = await cardTitles(page)
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => ({ text: a.textContent, href: (a as HTMLAnchorElement).href })));
    const offsite = links.filter((link) => new URL(link.href).origin !== new URL(page.url()).origin);
    expect(offsite, 'card links that leave the site').toEqual([]);
    await probe.expectClean('home page with hostile slugs');
  });

  test('tags page links stay on the site', async ({ page, probe }) => {
    await page.goto('tags');
    await expect(page.locator('.dpg-mount')).toBeVisible();
    await expect(pageHeading(page)).toHaveText('Tags');

    const hrefs = await page
      .locator('section.tag-section li a')
      .evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs).toHaveLength(slugs.length);
    const offsite = hrefs.filter((href) => new URL(href).origin !== new URL(page.url()).origin);
    expect(offsite, 'tags page links that leave the site').toEqual([]);
    await probe.expectClean('tags page with hostile slugs');
  });
});

function payloadOfClass(name: string): Payload {
  const payload = PAYLOADS.find((candidate) => candidate.class === name);
  if (!payload) {
    throw new Error(`no payload of class "${name}" in tests/xss/payloads.json`);
  }
  return payload;
}

/**
 * Checks that the search box contains `text`. A search field cannot hold line
 * breaks: typing turns them into spaces and setting the value drops them,
 * so both are ignored in the comparison.
 */
async function expectSearchValue(page: Page, text: string): Promise<void> {
  const withoutBreaks = (value: string) => value.replace(/[\r\n ]/g, '');
  await expect.poll(async () => withoutBreaks(await searchBox(page).inputValue())).toBe(withoutBreaks(text));
}

/** Waits for the app's effects to reach the DOM after an input or navigation. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** Clicks "Show more" until every matching card is on the page. */
async function showEveryCard(page: Page): Promise<void> {
  const more = page.locator('button.show-more');
  while ((await more.count()) > 0) {
    const before = await cardTitles(page).count();
    await more.click();
    await expect(cardTitles(page)).not.toHaveCount(before);
  }
}

/** Returns the checkbox of a tag in the home page's filter, matched by its exact name. */
async function tagCheckbox(page: Page, tag: string) {
  // Only the most frequent tags are listed until the reader asks for all.
  const showAll = page.getByRole('button', { name: /^Show all \d+ tags$/ });
  if ((await showAll.count()) > 0) {
    await showAll.click();
  }
  const items = page.locator('fieldset.tag-filter ul li');
  const index = await items.evaluateAll((elements, name) => {
    return elements.findIndex((item) => {
      const label = item.querySelector('label');
      const count = label?.querySelector('.count')?.textContent ?? '';
      const text = label?.textContent ?? '';
      return text.slice(0, text.length - count.length - 1) === name;
    });
  }, tag);
  expect(index, `tag filter has a checkbox for ${tag}`).toBeGreaterThanOrEqual(0);
  return items.nth(index).getByRole('checkbox');
}

async function expectEntryPage(page: Page, entry: Entry): Promise<void> {
  await expect
    .poll(() => page.locator('main article.entry > h1').textContent(), { message: `title of ${entry.slug}` })
    .toBe(entry.title);
  await expect(page.locator('main section.project')).toHaveCount(entry.projects.length);
  await expect(page.locator('main figure figcaption')).toHaveCount(entry.caption ? 1 : 0);
}

/** Checks that the search box still narrows the list to the good of `payload`. */
async function expectSearchStillFilters(page: Page, payload: Payload): Promise<void> {
  const box = searchBox(page);
  await box.fill(payloadMarker(payload));
  await expect(resultCount(page)).toHaveText(ONE_SHOWN);
  await expect(cardTitles(page)).toHaveText([payload.payload]);
  await box.fill('');
  await expect(resultCount(page)).toHaveText(ALL_SHOWN);
}
