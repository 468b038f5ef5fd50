// Drives one headless Chromium through the search benchmark: every engine
// on every corpus in `bench/page/`, then the keystroke and start-up timings
// of the real app. `cargo xtask bench search` prepares the served folder,
// starts the server and runs this script with a plan. This script writes
// the raw results as JSON, and xtask prints the table.
//
// Usage: node run-search.mjs PLAN.json RESULTS.json

import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/lib/chromium/chromium";
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const [planPath, resultsPath] = process.argv.slice(2);
if (!planPath || !resultsPath) {
  console.error("usage: node run-search.mjs PLAN.json RESULTS.json");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, "utf8"));

function log(message) {
  console.error(`bench: ${message}`);
}

// Sizes by file path, since brotli at quality 11 takes about a minute
// for the 50,000-entry files and several engines share a data file.
const fileSizes = new Map();

// Returns raw and brotli sizes (quality 11) of a list of files.
function sizeOf(paths) {
  let raw = 0;
  let brotli = 0;
  for (const path of paths) {
    if (!fileSizes.has(path)) {
      const bytes = readFileSync(path);
      const compressed = brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      });
      fileSizes.set(path, { raw: bytes.length, brotli: compressed.length });
    }
    raw += fileSizes.get(path).raw;
    brotli += fileSizes.get(path).brotli;
  }
  return { raw, brotli };
}

async function openBenchPage(browser) {
  const page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") log(`page error: ${message.text()}`);
  });
  page.on("pageerror", (error) => log(`page exception: ${error.message}`));
  await page.goto(plan.url, { waitUntil: "load" });
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  return page;
}

async function runCorpora(browser) {
  const results = [];
  for (const corpus of plan.corpora) {
    const page = await openBenchPage(browser);
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    const engines = [];
    for (const engine of plan.engines) {
      log(`${corpus.name}: ${engine.name}`);
      const result = await page.evaluate((options) => window.bench.runEngine(options), {
        engine: engine.name,
        corpus: corpus.name,
        prefixes: plan.prefixes,
        judged: corpus.judged,
        rounds: plan.rounds,
        budgetMs: plan.budgetMs,
      });
      result.engineSize = sizeOf(engine.files);
      result.dataSize = sizeOf([corpus.files[engine.data]]);
      engines.push(result);
    }
    await page.close();
    results.push({ name: corpus.name, crossOriginIsolated: isolated, engines });
  }
  return results;
}

// Records when the app's own requests for the data and for its search
// index have their bodies (the app reads both with `arrayBuffer()`), and
// when the app's search box is shown. The app swaps itself in, replacing
// the prerendered page, once the data is parsed and the index read or
// built. The page is marked `data-start="now"` so the app starts on load, as
// it would for a search in the address, instead of when the reader first
// reaches for a control.
function watchReady() {
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive") {
      document.querySelector("[data-dpg-backlog]")?.setAttribute("data-start", "now");
    }
  });
  window.__benchArrived = {};
  window.__benchReady = null;
  const fetchData = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const response = await fetchData(...args);
    const file = ["backlog.json", "backlog-index.bin"].find((name) => response.url.endsWith(name));
    if (file && response.ok) {
      const readBytes = response.arrayBuffer.bind(response);
      response.arrayBuffer = async () => {
        const bytes = await readBytes();
        window.__benchArrived[file] = performance.now();
        return bytes;
      };
    }
    return response;
  };
  new MutationObserver((_, observer) => {
    if (document.querySelector('.dpg-mount:not([hidden]) input[type="search"]')) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

// Loads the app with the synthetic data and the shipped index, or with a
// 404 response for the index when `withIndex` is false so the app builds
// its own. Returns when each file arrived and when the search box showed.
async function loadApp(browser, app, withIndex) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => log(`app exception: ${error.message}`));
  await page.route("**/backlog.json", (route) =>
    route.fulfill({ path: app.data, contentType: "application/json" }),
  );
  await page.route("**/backlog-index.bin", (route) =>
    withIndex
      ? route.fulfill({ path: app.index, contentType: "application/octet-stream" })
      : route.fulfill({ status: 404, body: "" }),
  );
  await page.addInitScript(watchReady);
  log(`app: loading ${app.entries} entries ${withIndex ? "with" : "without"} the shipped index`);
  await page.goto(app.url, { waitUntil: "load" });
  try {
    await page.waitForFunction(() => window.__benchReady !== null, null, { timeout: 120_000 });
  } catch (error) {
    throw new Error(
      `the app did not show its search box (.dpg-mount input[type="search"]) within 120 s ` +
        `of loading ${app.url}: ${error.message}`,
    );
  }
  const startup = await page.evaluate(() => {
    const network = performance
      .getEntriesByType("resource")
      .find((entry) => entry.name.endsWith("backlog.json"));
    return {
      networkArrived: network ? network.responseEnd : null,
      dataArrived: window.__benchArrived["backlog.json"] ?? null,
      indexArrived: window.__benchArrived["backlog-index.bin"] ?? null,
      ready: window.__benchReady,
    };
  });
  return { context, page, startup };
}

// Types every prefix of each query into the search box and times each
// keystroke in two ways (see docs/search.md):
// - `doubleFrame`: from a task that sets the value and fires `input` to
//   the second requestAnimationFrame callback after it, as commonly
//   measured. It includes the wait for the next frame.
// - `toPaint`: from the start of a frame, where the value is set and
//   `input` fired inside a requestAnimationFrame callback, to a message
//   posted then, which runs once that frame's style, layout and paint
//   are done.
// Stops starting new queries once `budgetMs` has passed.
async function typeQueries({ queries, budgetMs }) {
  const deadline = performance.now() + budgetMs;
  const input = document.querySelector('.dpg-mount input[type="search"]');
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const idle = () => new Promise((resolve) => setTimeout(resolve, 20));
  let mutated = false;
  const observer = new MutationObserver(() => {
    mutated = true;
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  const type = (value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const doubleFrame = [];
  const toPaint = [];
  const frameGaps = [];
  let changed = 0;
  let keystrokes = 0;
  let typed = 0;
  for (const query of queries) {
    if (performance.now() > deadline) break;
    typed++;
    for (const mode of ["doubleFrame", "toPaint"]) {
      type("");
      await nextFrame();
      await idle();
      for (let length = 1; length <= query.length; length++) {
        const value = query.slice(0, length);
        mutated = false;
        if (mode === "doubleFrame") {
          await idle();
          const start = performance.now();
          type(value);
          await nextFrame();
          const first = performance.now();
          await nextFrame();
          const end = performance.now();
          doubleFrame.push(end - start);
          frameGaps.push(end - first);
          keystrokes++;
          if (mutated) changed++;
        } else {
          await nextFrame();
          const painted = await new Promise((resolve) => {
            requestAnimationFrame(() => {
              const start = performance.now();
              type(value);
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve(performance.now() - start);
              channel.port2.postMessage(null);
            });
          });
          toPaint.push(painted);
        }
      }
    }
  }
  observer.disconnect();
  type("");
  return { doubleFrame, toPaint, frameGaps, keystrokes, changed, queries: typed };
}

async function runApp(browser) {
  const app = plan.app;
  const built = await loadApp(browser, app, false);
  await built.context.close();
  const { context, page, startup } = await loadApp(browser, app, true);
  log("app: typing");
  const typing = await page.evaluate(typeQueries, { queries: app.queries, budgetMs: app.budgetMs });
  const text = await page.locator(".dpg-mount .result-count").textContent();
  await context.close();
  return {
    entries: app.entries,
    dataSize: app.dataSize,
    indexSize: app.indexSize,
    startup,
    startupWithoutIndex: built.startup,
    typing,
    finalCount: text,
  };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: false,
  args: CHROMIUM_FLAGS,
});
try {
  const results = {
    browser: browser.version(),
    corpora: await runCorpora(browser),
    app: plan.app ? await runApp(browser) : null,
  };
  writeFileSync(resultsPath, JSON.stringify(results));
  log(`wrote ${resultsPath}`);
} finally {
  await browser.close();
}
