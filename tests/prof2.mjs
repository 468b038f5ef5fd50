import { chromium } from 'playwright';
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium' });
const page = await browser.newPage();
await page.route('**/backlog.json', (r) => r.fulfill({ path: '/work/main/target/bench-search/app-10000.backlog.json', contentType: 'application/json' }));
await page.route((u) => new URL(u).hostname !== '127.0.0.1', (r) => r.abort());
await page.goto('http://127.0.0.1:8320/app/?q=');
await page.waitForSelector('.dpg-mount:not([hidden]) input[type=search]', { timeout: 60000 });
await page.waitForTimeout(1000);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async () => {
  const input = document.querySelector('.dpg-mount input[type=search]');
  for (let i = 0; i < 5; i++) for (const q of ['c', 'ch', 'chi', 'chil', 'p', 'py', 'pyt', 'r', 're', 'rea']) {
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
});
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byId.get(id); const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`; self.set(name, (self.get(name) || 0) + (dt[i] || 0)); total += dt[i] || 0; });
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [n, t] of top) console.log((t / 1000).toFixed(1).padStart(8), 'ms', n);
console.log('total', (total / 1000).toFixed(0));
await browser.close();
