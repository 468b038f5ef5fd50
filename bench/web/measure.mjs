// Lists every file a page loads in headless Chromium with a phone's screen
// (412 × 823 CSS pixels, as Lighthouse's mobile default), with raw and
// brotli sizes, and checks which first-screen text the HTML carries in its
// first 14 KiB. Run by `cargo xtask bench web`:
//
//   node measure.mjs <page URL> <output JSON>
//
// Only 127.0.0.1 is loaded: Chromium resolves no other host name, and any
// request to another host is aborted and listed under `blocked`.

import { writeFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const CHROME_PATH = process.env.CHROME_PATH || '/usr/lib/chromium/chromium';
const VIEWPORT = { width: 412, height: 823 };
// A first TCP round trip carries about 10 segments of 1,460 bytes (the
// initial congestion window of RFC 6928), so 14 KiB of compressed HTML.
const FIRST_ROUND_TRIP_BYTES = 14 * 1024;
// The network counts as idle after this long with no request in flight.
const QUIET_MS = 2000;
const MAX_WAIT_MS = 60000;
// Types that a server compresses. Images and fonts are left out because
// their formats are compressed already.
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|xml|atom\+xml|manifest\+json)|image\/svg\+xml)/;

const [pageUrl, outputPath] = process.argv.slice(2);
if (!pageUrl || !outputPath) {
  console.error('usage: node measure.mjs <page URL> <output JSON>');
  process.exit(2);
}

function brotliSize(bytes) {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
}

// Waits until no request has been in flight for QUIET_MS.
async function waitForQuiet(tracker) {
  const start = Date.now();
  while (Date.now() - start < MAX_WAIT_MS) {
    if (tracker.open.size === 0 && Date.now() - tracker.lastActivity >= QUIET_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const open = [...tracker.open].map((request) => request.url()).join(', ');
  throw new Error(`timed out after ${MAX_WAIT_MS} ms waiting for the network to go idle on ${pageUrl}; still loading: ${open}`);
}

// Returns the text and images shown in the first screen, read in the page.
function readFirstScreen() {
  const inView = (rect) =>
    rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < window.innerHeight;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (text.length < 2) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(inView)) texts.push(text);
  }
  const images = [...document.images]
    .filter((image) => inView(image.getBoundingClientRect()))
    .map((image) => image.currentSrc || image.src);
  return { texts, images };
}

// Returns the visible text of an HTML fragment: tags, scripts and styles
// dropped, common entities decoded, white space collapsed.
function htmlText(html) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html
    .replace(/<(script|style|template)\b[\s\S]*?(<\/\1>|$)/gi, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X'
          ? parseInt(name.slice(2), 16)
          : parseInt(name.slice(1), 10);
        return String.fromCodePoint(code);
      }
      return named[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ');
}

// Returns the longest prefix of `html` whose brotli size fits in `budget`.
// Compressing a prefix alone estimates what the stream has sent by then.
function prefixWithin(html, budget) {
  const bytes = Buffer.from(html);
  if (brotliSize(bytes) <= budget) return html;
  let low = 0;
  let high = bytes.length;
  while (high - low > 64) {
    const middle = Math.floor((low + high) / 2);
    if (brotliSize(bytes.subarray(0, middle)) <= budget) low = middle;
    else high = middle;
  }
  return bytes.subarray(0, low).toString('utf8');
}

const browser = await chromium.launch({
  executablePath: CHROME_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
try {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
  });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });

  const page = await context.newPage();
  const tracker = { open: new Set(), lastActivity: Date.now(), phase: 'first-view' };
  const records = [];
  const pending = [];
  page.on('request', (request) => {
    tracker.open.add(request);
    tracker.lastActivity = Date.now();
    request.phase = tracker.phase;
  });
  const settle = (request, failure) => {
    tracker.open.delete(request);
    tracker.lastActivity = Date.now();
    pending.push(record(request, failure));
  };
  page.on('requestfinished', (request) => settle(request, null));
  page.on('requestfailed', (request) => settle(request, request.failure()?.errorText ?? 'failed'));

  async function record(request, failure) {
    const entry = {
      url: request.url(),
      type: request.resourceType(),
      phase: request.phase,
      status: null,
      mime: null,
      bytes: 0,
      brotli: 0,
      failure,
    };
    if (!failure && !request.url().startsWith('data:')) {
      const response = await request.response();
      if (response) {
        entry.status = response.status();
        entry.mime = (response.headers()['content-type'] || '').split(';')[0].trim();
        const body = await response.body().catch(() => Buffer.alloc(0));
        entry.bytes = body.length;
        entry.brotli = COMPRESSIBLE.test(entry.mime) ? brotliSize(body) : body.length;
        if (request.resourceType() === 'document' && request.url() === page.url()) {
          entry.html = body.toString('utf8');
        }
      }
    }
    records.push(entry);
  }

  await page.goto(pageUrl, { waitUntil: 'load' });
  await waitForQuiet(tracker);
  const firstScreen = await page.evaluate(readFirstScreen);

  // Scroll through the page so lazy images load, to list them apart.
  tracker.phase = 'after-scroll';
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += VIEWPORT.height) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(200);
  }
  await waitForQuiet(tracker);
  await Promise.all(pending);

  const documentRecord = records.find((entry) => entry.html !== undefined);
  const html = documentRecord?.html ?? '';
  const prefix = prefixWithin(html, FIRST_ROUND_TRIP_BYTES);
  const prefixText = htmlText(prefix);
  const fileName = (url) => new URL(url, pageUrl).pathname.split('/').pop();
  const report = {
    url: pageUrl,
    viewport: VIEWPORT,
    blocked,
    requests: records.map(({ html: _html, ...entry }) => entry),
    html: {
      bytes: Buffer.byteLength(html),
      brotli: brotliSize(Buffer.from(html)),
      first_round_trip_bytes: Buffer.byteLength(prefix),
      first_screen_texts: firstScreen.texts.length,
      first_screen_texts_in_first_round_trip: firstScreen.texts.filter((text) => prefixText.includes(text)).length,
      missing_texts: firstScreen.texts.filter((text) => !prefixText.includes(text)).slice(0, 10),
      first_screen_images: firstScreen.images.length,
      first_screen_images_in_first_round_trip: firstScreen.images.filter((src) => prefix.includes(fileName(src))).length,
    },
  };
  writeFileSync(outputPath, JSON.stringify(report, null, 2));
} finally {
  await browser.close();
}
