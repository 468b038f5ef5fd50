// The backlog embedded in another site's page: the iframe that embed.js
// creates and the widget that widget.js mounts into a shadow root. The host
// pages are the static files of tests/embed-host/, served from a second
// origin (another port of 127.0.0.1) given as BACKLOG_HOST_URL. The last
// tests cover the site's /embed page, where a web team sets up the snippets.
import AxeBuilder from '@axe-core/playwright';
import type { Frame, FrameLocator, Locator, Page } from '@playwright/test';
import { test, expect, subUrl, EVERY_GOOD } from './fixtures';

const siteUrl = process.env.BACKLOG_URL ?? '';
const hostUrl = process.env.BACKLOG_HOST_URL ?? '';
if (!hostUrl) {
  throw new Error(
    'BACKLOG_HOST_URL is not set: run `cargo xtask test`, or serve the host pages with ' +
      '`cargo xtask serve --no-build --dist tests/embed-host --port 8491` and set it to their URL',
  );
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const HEIGHT_MESSAGE = 'dpg-backlog:height';
const FRAME = '#frame-slot iframe';
/** Goods whose entries name RapidPro: only Primero. */
const RAPIDPRO_GOODS = ['Primero'];
/** Goods tagged Children, newest first. */
const CHILDREN_GOODS = ['StoryWeaver', 'Curious Learning', 'Primero'];

const BUILDS = [
  { name: 'root', site: siteUrl },
  { name: 'sub-path', site: subUrl },
];

/** Returns the URL of a host page that embeds the backlog served at `site`. */
function hostPage(name: string, options: { site?: string; css?: string; widget?: string } = {}): string {
  const url = new URL(name, hostUrl);
  url.searchParams.set('site', options.site ?? siteUrl);
  if (options.css) {
    url.searchParams.set('css', options.css);
  }
  if (options.widget) {
    url.searchParams.set('widget', options.widget);
  }
  return url.href;
}

// ---------------------------------------------------------------------------
// Helpers for the iframe

function backlogFrame(page: Page): FrameLocator {
  return page.frameLocator(FRAME);
}

async function frameDocument(page: Page): Promise<Frame> {
  const frame = await page.locator(FRAME).elementHandle();
  const content = await frame?.contentFrame();
  if (!content) {
    throw new Error(`${FRAME} has no document`);
  }
  return content;
}

function frameCardTitles(page: Page): Locator {
  return backlogFrame(page).locator('ul.cards article.card h2').filter({ visible: true });
}

/** Returns the iframe's height in CSS pixels as the host page lays it out. */
function frameHeight(page: Page): Promise<number> {
  return page.locator(FRAME).evaluate((frame) => frame.getBoundingClientRect().height);
}

/** Returns the bottom of the app's content in the frame's document. */
async function frameContentBottom(page: Page): Promise<number> {
  const frame = await frameDocument(page);
  return frame.evaluate(() => {
    const root = document.querySelector('.dpg-backlog');
    if (!root) {
      throw new Error('the frame has no .dpg-backlog element');
    }
    return root.getBoundingClientRect().bottom + window.scrollY;
  });
}

/** Starts counting the height messages the host page receives, from any sender. */
async function recordHeightMessages(page: Page): Promise<void> {
  await page.evaluate((type) => {
    const store = window as unknown as { heightMessages: number[] };
    store.heightMessages = [];
    window.addEventListener('message', (event) => {
      if (event.data && event.data.type === type) {
        store.heightMessages.push(event.data.height);
      }
    });
  }, HEIGHT_MESSAGE);
}

function heightMessageCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { heightMessages: number[] }).heightMessages.length);
}

/** Waits until the iframe's height equals its content's, then checks it has no inner scrollbar. */
async function expectFrameFitsContent(page: Page): Promise<void> {
  await expect
    .poll(async () => Math.abs((await frameHeight(page)) - (await frameContentBottom(page))), {
      message: 'difference between the iframe height and the bottom of its content',
    })
    .toBeLessThanOrEqual(1);

  const frame = await frameDocument(page);
  const size = await frame.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    clientHeight: document.documentElement.clientHeight,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(size.scrollHeight, 'scrollHeight of the frame document').toBeLessThanOrEqual(size.clientHeight + 1);
  expect(size.scrollWidth, 'scrollWidth of the frame document').toBeLessThanOrEqual(size.clientWidth + 1);
}

/** Checks that the iframe keeps one height, and receives no height message, for 1 s. */
async function expectHeightStable(page: Page): Promise<void> {
  const messagesBefore = await heightMessageCount(page);
  const heights: number[] = [];
  for (let sample = 0; sample < 11; sample += 1) {
    heights.push(await frameHeight(page));
    await page.waitForTimeout(100);
  }

  expect(new Set(heights).size, `iframe heights sampled over 1 s: ${heights.join(', ')}`).toBe(1);
  expect((await heightMessageCount(page)) - messagesBefore, 'height messages within 1 s').toBe(0);
}

// ---------------------------------------------------------------------------
// Helpers for the widget

function widgetCardTitles(page: Page, widget: string): Locator {
  // Playwright's CSS selectors pierce open shadow roots.
  return page.locator(`${widget} ul.cards article.card h2`);
}

/** Waits until the widget shows its list with its own stylesheet applied. */
async function waitForWidget(page: Page, widget: string, titles: string[]): Promise<void> {
  await expect(widgetCardTitles(page, widget)).toHaveText(titles);
  await page.waitForFunction((selector) => {
    const link = document.querySelector(selector)?.shadowRoot?.querySelector('link[rel="stylesheet"]');
    return link instanceof HTMLLinkElement && link.sheet !== null;
  }, widget);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Computed style and box of one element, for comparing two loads of a page. */
type ElementSnapshot = {
  path: string;
  /** x, y, width and height, relative to the widget for widget content, or null when not compared. */
  box: number[] | null;
  style: Record<string, string>;
};

/**
 * Snapshots the app's root element in the widget's shadow root and every
 * element inside it, with boxes relative to the widget. The stylesheet link
 * and the mount wrapper above the root draw nothing, so they are left out.
 * Whatever they pass on by inheritance shows up in the root.
 */
function snapshotWidget(page: Page, widget: string): Promise<ElementSnapshot[]> {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    const root = host?.shadowRoot?.querySelector('.dpg-backlog');
    if (!host || !root) {
      throw new Error(`${selector} has no .dpg-backlog in a shadow root`);
    }
    const origin = host.getBoundingClientRect();
    const describe = (element: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const position = node.parentElement ? [...node.parentElement.children].indexOf(node) + 1 : 1;
        const classes = [...node.classList].map((name) => `.${name}`).join('');
        parts.unshift(`${node.localName}${classes}:nth-child(${position})`);
      }
      return parts.join(' > ');
    };
    return [root, ...root.querySelectorAll('*')].map((element) => {
      const computed = getComputedStyle(element);
      const style: Record<string, string> = {};
      for (let index = 0; index < computed.length; index += 1) {
        const name = computed[index];
        style[name] = computed.getPropertyValue(name);
      }
      // An element without a layout box, such as an <option> of a closed
      // <select>, reports a zero rectangle at the viewport's corner.
      const box = element.getBoundingClientRect();
      const rendered = element.getClientRects().length > 0;
      return {
        path: describe(element),
        box: rendered ? [box.x - origin.x, box.y - origin.y, box.width, box.height] : null,
        style,
      };
    });
  }, widget);
}

/**
 * Snapshots the host page's own elements: `html`, `body` and everything in
 * `body` but scripts and the widget's element, whose box and `:host` styles
 * belong to the widget. Ancestors of the widget grow with it, so their
 * size-derived properties are left out. Only elements before the widget keep
 * their box, because the widget's height moves everything after it.
 */
function snapshotHost(page: Page, widget: string): Promise<ElementSnapshot[]> {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    if (!host) {
      throw new Error(`${selector} not found`);
    }
    const sizeDerived = ['height', 'block-size', 'perspective-origin', 'transform-origin'];
    const elements = [document.documentElement, ...document.body.querySelectorAll('*')]
      .filter((element) => element !== host && element.localName !== 'script')
      .concat(document.body);
    return elements.map((element) => {
      const isAncestor = element.contains(host);
      const precedes = !isAncestor && (host.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
      const computed = getComputedStyle(element);
      const style: Record<string, string> = {};
      for (let index = 0; index < computed.length; index += 1) {
        const name = computed[index];
        if (!(isAncestor && sizeDerived.includes(name))) {
          style[name] = computed.getPropertyValue(name);
        }
      }
      const box = element.getBoundingClientRect();
      return {
        path: element.id ? `#${element.id}` : `${element.localName} (element ${elements.indexOf(element) + 1})`,
        box: precedes && element.getClientRects().length > 0 ? [box.x, box.y, box.width, box.height] : null,
        style,
      };
    });
  }, widget);
}

/** One way two snapshots differ: `what` is `box`, a CSS property or `element`. */
type Difference = { path: string; what: string; expected: string; actual: string };

/** Lists every difference between two snapshots of the same elements. */
function snapshotDifferences(expected: ElementSnapshot[], actual: ElementSnapshot[]): Difference[] {
  if (expected.length !== actual.length) {
    return [{ path: '(all)', what: 'element count', expected: String(expected.length), actual: String(actual.length) }];
  }
  const differences: Difference[] = [];
  expected.forEach((before, index) => {
    const after = actual[index];
    if (before.path !== after.path) {
      differences.push({ path: `element ${index}`, what: 'element', expected: before.path, actual: after.path });
      return;
    }
    if (before.box && after.box) {
      const moved = before.box.some((value, axis) => Math.abs(value - after.box![axis]) > 0.5);
      if (moved) {
        const [expectedBox, actualBox] = [before.box.join(','), after.box.join(',')];
        differences.push({ path: before.path, what: 'box', expected: expectedBox, actual: actualBox });
      }
    }
    for (const name of new Set([...Object.keys(before.style), ...Object.keys(after.style)])) {
      if (before.style[name] !== after.style[name]) {
        differences.push({ path: before.path, what: name, expected: before.style[name], actual: after.style[name] });
      }
    }
  });
  return differences;
}

/** Checks that two snapshots match. A failure names what differs and lists the first 40 differences. */
function expectSameSnapshots(expected: ElementSnapshot[], actual: ElementSnapshot[], subject: string): void {
  const differences = snapshotDifferences(expected, actual);
  const kinds = [...new Set(differences.map((difference) => difference.what))].join(', ');
  const lines = differences
    .slice(0, 40)
    .map(({ path, what, expected, actual }) => `${path}: ${what}: ${expected} → ${actual}`);
  expect(lines, `${subject}: ${differences.length} differences in ${kinds}; the first 40`).toEqual([]);
}

/** State of the host document that no embedded app may change. */
function hostDocumentState(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const attributes = (element: Element) =>
      element.getAttributeNames().map((name) => `${name}="${element.getAttribute(name)}"`).join(' ');
    return {
      title: document.title,
      htmlAttributes: attributes(document.documentElement),
      bodyAttributes: attributes(document.body),
      head: [...document.head.children].map((element) => element.outerHTML).join('\n'),
      styleSheets: String(document.styleSheets.length),
      adoptedStyleSheets: String(document.adoptedStyleSheets.length),
    };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function axeViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`,
  );
}

// ---------------------------------------------------------------------------
// Rendering

for (const { name, site } of BUILDS) {
  test(`iframe renders the ${name} build`, async ({ page }) => {
    await page.goto(hostPage('frame.html', { site }));

    await expect(frameCardTitles(page)).toHaveText(EVERY_GOOD);
    await expect(page.locator(FRAME)).toHaveAttribute('title', 'Digital Public Goods Backlog');
    const src = new URL((await page.locator(FRAME).getAttribute('src')) ?? '');
    expect(src.origin + src.pathname, 'iframe address without its query').toBe(site);
    expect(src.searchParams.get('embed'), 'embed parameter').toBe('1');
    expect(src.searchParams.get('parent-origin'), 'parent-origin parameter').toBe(new URL(hostUrl).origin);
    await expect(backlogFrame(page).locator('header.site-header'), 'site header in the frame').toHaveCount(0);
    await expect(backlogFrame(page).locator('footer.site-footer'), 'site footer in the frame').toHaveCount(0);
  });

  test(`widget renders the ${name} build`, async ({ page }) => {
    await page.goto(hostPage('widget.html', { site }));

    await waitForWidget(page, '#widget', EVERY_GOOD);
    const shadowMode = await page.locator('#widget').evaluate((host) => host.shadowRoot?.mode ?? 'none');
    expect(shadowMode, 'mode of the shadow root of the widget').toBe('open');
    const lightChildren = await page.locator('#widget').evaluate((host) => host.children.length);
    expect(lightChildren, 'children of the widget element outside its shadow root').toBe(0);
    await expect(page.locator('#widget header.site-header'), 'site header in the widget').toHaveCount(0);
    const firstImage = page.locator('#widget article.card img').first();
    await expect(firstImage).toHaveAttribute('src', new RegExp(`^${escapeRegExp(site)}img/`));
    await expect.poll(() => firstImage.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
  });
}

// ---------------------------------------------------------------------------
// The iframe's height

test('iframe height follows content', async ({ page }) => {
  await page.goto(hostPage('frame.html'));
  await expect(frameCardTitles(page)).toHaveText(EVERY_GOOD);
  await recordHeightMessages(page);
  await expectFrameFitsContent(page);
  await expectHeightStable(page);
  const listHeight = await frameHeight(page);

  await backlogFrame(page).getByRole('searchbox', { name: 'Search the backlog' }).fill('rapidpro');
  await expect(frameCardTitles(page)).toHaveText(RAPIDPRO_GOODS);
  await expect.poll(() => frameHeight(page), { message: 'iframe height after a search' }).toBeLessThan(listHeight);
  await expectFrameFitsContent(page);
  await expectHeightStable(page);
  const searchHeight = await frameHeight(page);

  await backlogFrame(page).getByRole('link', { name: 'Primero', exact: true }).click();
  await expect(backlogFrame(page).getByRole('heading', { level: 1 })).toHaveText('Primero');
  await expect
    .poll(() => frameHeight(page), { message: 'iframe height on an entry page' })
    .toBeGreaterThan(searchHeight);
  await expectFrameFitsContent(page);
  await expectHeightStable(page);
});

test('foreign height messages are ignored', async ({ page }) => {
  await page.goto(hostPage('frame.html'));
  await expect(frameCardTitles(page)).toHaveText(EVERY_GOOD);
  await expectFrameFitsContent(page);
  await recordHeightMessages(page);
  const height = await frameHeight(page);
  const forged = { type: HEIGHT_MESSAGE, height: 123 };

  // The host page itself: the host's origin, and not the frame's window.
  await page.evaluate((message) => window.postMessage(message, '*'), forged);

  // Other windows: a frame of the host's origin, a frame with an opaque
  // origin, and a frame of the backlog's own origin that is not the backlog.
  const senders = [
    { id: 'host-origin', src: new URL('index.html', hostUrl).href, sandbox: null },
    { id: 'opaque-origin', src: new URL('index.html', hostUrl).href, sandbox: 'allow-scripts' },
    { id: 'site-origin', src: new URL('robots.txt', siteUrl).href, sandbox: null },
  ];
  for (const sender of senders) {
    await page.evaluate(
      ({ id, src, sandbox }) =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.id = id;
          frame.title = id;
          if (sandbox) {
            frame.setAttribute('sandbox', sandbox);
          }
          frame.addEventListener('load', () => resolve(), { once: true });
          frame.src = src;
          document.body.append(frame);
        }),
      sender,
    );
    const frame = await (await page.locator(`#${sender.id}`).elementHandle())?.contentFrame();
    if (!frame) {
      throw new Error(`the ${sender.id} frame has no document`);
    }
    await frame.evaluate((message) => window.parent.postMessage(message, '*'), forged);
  }

  // embed.js listens before the recorder, so once the recorder has every
  // message, embed.js has handled them too.
  await expect.poll(() => heightMessageCount(page), { message: 'forged messages received' }).toBe(4);
  expect(await frameHeight(page), 'iframe height after forged messages').toBe(height);

  // The same message from the backlog's frame is obeyed, so the listener
  // was live while it ignored the others.
  const backlog = await frameDocument(page);
  await backlog.evaluate((message) => window.parent.postMessage(message, '*'), forged);
  await expect.poll(() => frameHeight(page), { message: 'iframe height after a message from the frame' }).toBe(123);
});

test.describe('widget without its data', () => {
  // The aborted request logs a network error, and the app logs why it failed.
  test.use({ allowedConsoleError: /net::ERR_FAILED|backlog|failed to fetch/i });

  test('widget data failure offers a retry', async ({ page }) => {
    await page.route(/\/backlog\.json(\?|$)/, (route) => route.abort());
    await page.goto(hostPage('widget.html'));

    const alert = page.locator('#widget').getByRole('alert');
    await expect(alert.getByRole('heading')).toHaveText('The backlog could not be loaded');
    await page.unroute(/\/backlog\.json(\?|$)/);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await waitForWidget(page, '#widget', EVERY_GOOD);
  });
});

// ---------------------------------------------------------------------------
// Styles kept apart

test('hostile host CSS leaves widget alone', async ({ page }) => {
  await page.goto(hostPage('widget.html'));
  await waitForWidget(page, '#widget', EVERY_GOOD);
  const plain = await snapshotWidget(page, '#widget');

  await page.goto(hostPage('widget.html', { css: 'hostile' }));
  await expect(page.locator('html')).toHaveAttribute('data-hostile-css', 'loaded');
  await waitForWidget(page, '#widget', EVERY_GOOD);
  const hostTitleMargin = await page.locator('#host-title').evaluate((title) => getComputedStyle(title).marginTop);
  expect(hostTitleMargin, 'margin of the host heading under hostile.css').toBe('100px');
  const hostile = await snapshotWidget(page, '#widget');

  expectSameSnapshots(plain, hostile, 'widget with hostile.css');
});

test('widget CSS leaves host alone', async ({ page }) => {
  await page.goto(hostPage('widget.html', { widget: 'off' }));
  await expect(page.locator('#host-title')).toBeVisible();
  const withoutWidget = await snapshotHost(page, '#widget');
  const documentWithoutWidget = await hostDocumentState(page);

  await page.goto(hostPage('widget.html'));
  await waitForWidget(page, '#widget', EVERY_GOOD);
  const withWidget = await snapshotHost(page, '#widget');
  const documentWithWidget = await hostDocumentState(page);

  expectSameSnapshots(withoutWidget, withWidget, 'host page with the widget');
  expect(documentWithWidget).toEqual(documentWithoutWidget);
});

// ---------------------------------------------------------------------------
// Options and state

test('two widgets keep their options', async ({ page }) => {
  await page.goto(hostPage('two-widgets.html'));
  const searchWidget = page.locator('#widget-search');
  const shortWidget = page.locator('#widget-short');

  await expect(widgetCardTitles(page, '#widget-search')).toHaveText(RAPIDPRO_GOODS);
  await expect(searchWidget.getByRole('searchbox', { name: 'Search the backlog' })).toHaveValue('rapidpro');
  await expect(searchWidget.locator('fieldset.tag-filter')).toHaveCount(1);

  await expect(widgetCardTitles(page, '#widget-short')).toHaveText(EVERY_GOOD.slice(0, 2));
  await expect(shortWidget.getByRole('searchbox', { name: 'Search the backlog' })).toHaveValue('');
  await expect(shortWidget.locator('fieldset.tag-filter')).toHaveCount(0);

  // A search in one widget leaves the other as it was.
  await shortWidget.getByRole('searchbox', { name: 'Search the backlog' }).fill('storyweaver');
  await expect(widgetCardTitles(page, '#widget-short')).toHaveText(['StoryWeaver']);
  await expect(widgetCardTitles(page, '#widget-search')).toHaveText(RAPIDPRO_GOODS);
  await expect(searchWidget.getByRole('searchbox', { name: 'Search the backlog' })).toHaveValue('rapidpro');
});

test('widget clicks leave host history', async ({ page }) => {
  await page.goto(hostPage('widget.html'));
  await waitForWidget(page, '#widget', EVERY_GOOD);
  const widget = page.locator('#widget');
  const url = page.url();
  const historyLength = await page.evaluate(() => history.length);

  await widget.getByRole('checkbox', { name: /^Children/ }).check();
  await expect(widgetCardTitles(page, '#widget')).toHaveText(CHILDREN_GOODS);
  await widget.getByRole('searchbox', { name: 'Search the backlog' }).fill('rapidpro');
  await expect(widgetCardTitles(page, '#widget')).toHaveText(RAPIDPRO_GOODS);
  await widget.locator('ul.cards').getByRole('link', { name: 'Primero', exact: true }).click();
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Primero');

  expect(page.url(), 'host URL').toBe(url);
  expect(await page.evaluate(() => history.length), 'host history.length').toBe(historyLength);
});

test('iframe clicks leave host history', async ({ page }) => {
  await page.goto(hostPage('frame.html'));
  await expect(frameCardTitles(page)).toHaveText(EVERY_GOOD);
  const frame = backlogFrame(page);
  const url = page.url();
  const historyLength = await page.evaluate(() => history.length);
  const frameUrl = (await frameDocument(page)).url();

  await frame.getByRole('checkbox', { name: /^Children/ }).check();
  await expect(frameCardTitles(page)).toHaveText(CHILDREN_GOODS);
  await frame.getByRole('searchbox', { name: 'Search the backlog' }).fill('rapidpro');
  await expect(frameCardTitles(page)).toHaveText(RAPIDPRO_GOODS);
  await frame.locator('ul.cards').getByRole('link', { name: 'Primero', exact: true }).click();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Primero');

  expect(page.url(), 'host URL').toBe(url);
  expect(await page.evaluate(() => history.length), 'host history.length').toBe(historyLength);
  expect((await frameDocument(page)).url(), 'frame URL').toBe(frameUrl);
});

test('widget history opt-in uses dpg', async ({ page }) => {
  const start = hostPage('history.html');
  await page.goto(start);
  await waitForWidget(page, '#widget', EVERY_GOOD);
  const widget = page.locator('#widget');
  const historyLength = await page.evaluate(() => history.length);

  await widget.locator('ul.cards').getByRole('link', { name: 'Primero', exact: true }).click();
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Primero');
  const entryUrl = new URL(page.url());
  expect(entryUrl.searchParams.get('dpg'), 'dpg parameter').toBe('primero');
  expect(entryUrl.searchParams.get('site'), 'host parameter kept').toBe(siteUrl);
  expect(entryUrl.pathname, 'host path').toBe('/history.html');
  expect(await page.evaluate(() => history.length), 'host history.length').toBe(historyLength + 1);

  await page.goBack();
  await expect(widgetCardTitles(page, '#widget')).toHaveText(EVERY_GOOD);
  expect(page.url(), 'host URL after back').toBe(start);

  await page.goForward();
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Primero');

  // A shared link opens the widget at the state it names.
  await page.goto(entryUrl.href);
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Primero');
});

// ---------------------------------------------------------------------------
// Accessibility

test('axe passes inside widget', async ({ page }) => {
  await page.goto(hostPage('widget.html'));
  await waitForWidget(page, '#widget', EVERY_GOOD);

  const results = await new AxeBuilder({ page }).include('#widget').withTags(AXE_TAGS).analyze();

  expect(axeViolations(results)).toEqual([]);
  // axe names an element in a shadow root by an array of selectors, one per
  // shadow root, so such a target shows that axe looked inside.
  const inShadowRoot = results.passes.some((rule) => rule.nodes.some((node) => Array.isArray(node.target[0])));
  expect(inShadowRoot, 'axe checked elements inside the shadow root').toBe(true);
});

test('axe passes inside iframe', async ({ page }) => {
  await page.goto(hostPage('frame.html'));
  await expect(frameCardTitles(page)).toHaveText(EVERY_GOOD);

  const results = await new AxeBuilder({ page }).include('#frame-slot').withTags(AXE_TAGS).analyze();

  expect(axeViolations(results)).toEqual([]);
  // axe names an element inside a frame by the frame's selector followed by
  // the element's, so a longer target shows that axe looked inside.
  const inFrame = results.passes.some((rule) => rule.nodes.some((node) => node.target.length > 1));
  expect(inFrame, 'axe checked elements inside the frame').toBe(true);
});

// ---------------------------------------------------------------------------
// The /embed configurator of the site

test('configurator updates preview and snippets', async ({ page }) => {
  await page.goto('/embed');
  // The page is prerendered, and the live app replaces it in `.dpg-mount`.
  const app = page.locator('.dpg-mount:not([hidden])');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Embed the backlog');
  const preview = app.locator('iframe.embed-preview');
  const snippets = app.locator('.snippet-block pre code');
  await expect(preview).toHaveAttribute('src', `${siteUrl}?embed=1`);
  await expect(snippets).toHaveCount(2);

  await app.getByRole('checkbox', { name: 'Children', exact: true }).check();

  await expect(preview).toHaveAttribute('src', `${siteUrl}?embed=1&tags=Children`);
  await expect
    .poll(() => snippets.nth(0).textContent())
    .toBe(`<div data-dpg-backlog-frame data-tags="Children"></div>\n<script src="${siteUrl}embed.js" defer></script>`);
  await expect
    .poll(() => snippets.nth(1).textContent())
    .toBe(
      `<div data-dpg-backlog="widget" data-tags="Children"></div>\n` +
        `<script type="module" src="${siteUrl}widget.js"></script>`,
    );
  const previewTitles = page.frameLocator('iframe.embed-preview').locator('ul.cards article.card h2').filter({ visible: true });
  await expect(previewTitles).toHaveText(CHILDREN_GOODS);

  await app.getByRole('checkbox', { name: 'Education', exact: true }).check();
  await expect
    .poll(async () => new URL((await preview.getAttribute('src')) ?? '').searchParams.get('tags'))
    .toBe('Children,Education');

  await app.getByRole('checkbox', { name: 'Children', exact: true }).uncheck();
  await expect(preview).toHaveAttribute('src', `${siteUrl}?embed=1&tags=Education`);
  await expect(snippets.nth(0)).toContainText('data-tags="Education"');
  await expect(snippets.nth(1)).toContainText('data-tags="Education"');
});

test('configurator copies widget snippet', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
  await page.goto('/embed');
  const app = page.locator('.dpg-mount:not([hidden])');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Embed the backlog');
  const copyButtons = app.getByRole('button', { name: 'Copy snippet' });

  await expect(copyButtons).toHaveCount(2);

  await copyButtons.nth(1).click();
  await expect(app.locator('.snippet-block').nth(1).getByRole('status')).toHaveText('Copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await app.locator('.snippet-block pre code').nth(1).textContent());
});
