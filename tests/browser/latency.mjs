// Save-to-browser latency of `mlsd watch`: writes the design N times and measures, for each
// save, the time from just before the write until the preview page has the event, has put the
// new SVG into its DOM, and has reached the next frame after that. Used by
// `cargo bench --bench watch`.
//
//   node latency.mjs URL DESIGN N
//
// Prints one JSON line: {"received": [ms...], "applied": [...], "painted": [...], "clock_offset_ms": x}.
import fs from 'node:fs';
import { withBrowser } from './lib.mjs';

const [url, design, count] = process.argv.slice(2);
const runs = Number(count || 30);
const original = fs.readFileSync(design, 'utf8');
const label = /"Component 7"/;
if (!label.test(original)) throw new Error('the design must name a component "Component 7"');

await withBrowser(async (context) => {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__mlsd && window.__mlsd.svgBuild > 0, null, { timeout: 30000 });
  // The page's clock against ours (both are wall clocks; the page's is read between two of ours).
  const offsets = [];
  for (let i = 0; i < 20; i++) {
    const before = Date.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = Date.now();
    offsets.push(pageNow - (before + after) / 2);
  }
  offsets.sort((a, b) => a - b);
  const offset = offsets[offsets.length >> 1];
  const received = [];
  const applied = [];
  const painted = [];
  for (let i = 0; i < runs; i++) {
    const prev = await page.evaluate(() => window.__mlsd.svgBuild);
    const text = original.replace(label, `"Component 7 (edit ${i})"`);
    const t0 = Date.now();
    fs.writeFileSync(design, text);
    await page.waitForFunction((p) => window.__mlsd.svgBuild > p && window.__mlsd.paintedAt >= window.__mlsd.appliedAt,
      prev, { timeout: 30000, polling: 10 });
    const m = await page.evaluate(() => ({
      received: window.__mlsd.receivedAt, applied: window.__mlsd.appliedAt, painted: window.__mlsd.paintedAt,
    }));
    received.push(m.received - offset - t0);
    applied.push(m.applied - offset - t0);
    painted.push(m.painted - offset - t0);
    // Let the burst end and the page settle before the next save.
    await new Promise((r) => setTimeout(r, 150));
  }
  fs.writeFileSync(design, original);
  console.log(JSON.stringify({ received, applied, painted, clock_offset_ms: offset }));
});
