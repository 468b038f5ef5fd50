import { chromium } from 'playwright';
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium' });
const page = await browser.newPage();
await page.route('**/backlog.json', (r) => r.fulfill({ path: '/work/main/target/bench-search/app-10000.backlog.json', contentType: 'application/json' }));
await page.route((u) => new URL(u).hostname !== '127.0.0.1', (r) => r.abort());
await page.goto('http://127.0.0.1:8320/app/?q=');
await page.waitForSelector('.dpg-mount:not([hidden]) input[type=search]', { timeout: 60000 });
await page.waitForTimeout(1000);
console.log('nodes', await page.evaluate(() => document.querySelectorAll('*').length));
await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'v8'] });
await page.evaluate(async () => {
  const input = document.querySelector('.dpg-mount input[type=search]');
  for (let i = 0; i < 5; i++) for (const q of ['c', 'ch', 'chi', 'chil', 'p', 'py', 'pyt', 'r', 're', 'rea']) {
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
});
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const sums = new Map();
for (const e of events) if (e.ph === 'X' && e.dur) sums.set(e.name, (sums.get(e.name) || 0) + e.dur);
for (const [n, t] of [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(1).padStart(8), n);
await browser.close();
