import { chromium } from 'playwright';
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium' });
const page = await browser.newPage();
await page.route('**/backlog.json', (r) => r.fulfill({ path: '/work/main/target/bench-search/app-10000.backlog.json', contentType: 'application/json' }));
await page.route((u) => new URL(u).hostname !== '127.0.0.1', (r) => r.abort());
await page.goto('http://127.0.0.1:8320/app/?q=');
await page.waitForSelector('.dpg-mount:not([hidden]) input[type=search]', { timeout: 60000 });
await page.waitForTimeout(1000);
const result = await page.evaluate(async () => {
  const input = document.querySelector('.dpg-mount input[type=search]');
  const out = [];
  for (const q of ['r', 're', 'rea', 'read', 'readi', 'readin', 'reading', 'reading ', 'reading a', 'reading ap', 'c', 'ch', 'chi', 'chil', 'child', 'p', 'py', 'pyt', 'pyth']) {
    await new Promise((r) => requestAnimationFrame(() => r()));
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = performance.now();
    await new Promise((r) => setTimeout(r, 0));
    const t2 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => r()));
    const t3 = performance.now();
    out.push([q, (t1 - t0).toFixed(1), (t2 - t1).toFixed(1), (t3 - t0).toFixed(1), document.querySelector('.dpg-mount .result-count').textContent]);
  }
  return out;
});
for (const r of result) console.log(r.join('\t'));
await browser.close();
