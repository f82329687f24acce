// The live preview of `mlsd watch` in Chromium: the diagram is shown, saves update it without a
// reload (pan and zoom kept), a broken design shows the error overlay over the last good diagram
// and a fix clears it, and a finding highlights its component. Screenshots of each step.
//
//   node watch.mjs URL DESIGN OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { withBrowser, fail, until } from './lib.mjs';

const [url, design, outDir] = process.argv.slice(2);
if (!url || !design || !outDir) {
  console.error('usage: node watch.mjs URL DESIGN OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const model = (id, extra = '') => `model ${id} "${id}" { task: ranking${extra} }\n`;
const designOf = (ids, { warnOn } = {}) => {
  let s = 'title: "Preview test"\n';
  for (const id of ids) s += model(id, id === warnOn ? ', colour: teal' : '');
  for (let i = 1; i < ids.length; i++) s += `${ids[i - 1]} -> ${ids[i]}\n`;
  return s;
};
const check = (ok, message) => { if (!ok) throw new Error(message); };
const shot = async (page, name) => {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`screenshot ${file}`);
};

await withBrowser(async (context) => {
  const page = await context.newPage();
  let loads = 0;
  page.on('load', () => { loads += 1; });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });

  await page.goto(url);
  await page.waitForSelector('#stage svg g#node-alpha', { timeout: 15000 });
  check(await page.locator('#overlay').isHidden(), 'no overlay for a good design');
  check((await page.textContent('#status')) === 'live', 'the page says it is live');
  await shot(page, '1-initial');

  // Zoom in and pan; the view must survive updates.
  await page.mouse.move(500, 400);
  await page.mouse.wheel(0, -300);
  await page.mouse.move(600, 450);
  await page.mouse.down();
  await page.mouse.move(660, 480, { steps: 4 });
  await page.mouse.up();
  const view = await page.$eval('#stage', (s) => s.style.transform);
  await page.evaluate(() => { window.__marker = 'same page'; });

  // A save with a new component and a warning on it.
  const before = await page.evaluate(() => window.__mlsd.svgBuild);
  fs.writeFileSync(design, designOf(['alpha', 'beta'], { warnOn: 'beta' }));
  await page.waitForSelector('#stage svg g#node-beta', { timeout: 15000 });
  check(await page.evaluate(() => window.__marker) === 'same page', 'the page was not reloaded');
  check(loads === 1, `the page loaded ${loads} times`);
  check(await page.evaluate((b) => window.__mlsd.svgBuild > b, before), 'a newer diagram arrived');
  check((await page.$eval('#stage', (s) => s.style.transform)) === view, 'pan and zoom are kept across updates');
  check(await page.locator('#stage svg g#node-beta.has-findings').count() === 1, 'the warning is a badge on beta');
  await page.click('#zoom-fit');
  await shot(page, '2-updated');

  // The findings panel: click the warning, its component is highlighted.
  const items = page.locator('#findings li');
  check(await items.count() === 1, `one finding listed, got ${await items.count()}`);
  const text = await items.first().textContent();
  check(text.includes('unknown property `colour`') && text.includes('3:'), `the finding reads well: ${text}`);
  await items.first().locator('button').click();
  check(await page.locator('#stage svg g#node-beta.mlsd-selected').count() === 1, 'beta is highlighted');
  await shot(page, '3-finding-selected');

  // A broken design: the overlay with line:column over the last good diagram.
  fs.writeFileSync(design, 'title: "Preview test"\nmodel alpha "alpha" {\n  task: ranking\n');
  await page.waitForSelector('#overlay:not([hidden])', { timeout: 15000 });
  const overlay = await page.textContent('#overlay');
  check(/:2:21: /.test(overlay), `the overlay shows line:column: ${overlay}`);
  check(overlay.includes('never closed'), `the overlay shows the message: ${overlay}`);
  check(await page.locator('#stage svg g#node-beta').count() === 1, 'the last good diagram stays');
  await shot(page, '4-error-overlay');

  // The file is fixed: the overlay clears and the new diagram shows.
  fs.writeFileSync(design, designOf(['alpha', 'gamma']));
  await page.waitForSelector('#stage svg g#node-gamma', { timeout: 15000 });
  await until('the overlay to clear', () => page.locator('#overlay').isHidden());
  check(await page.locator('#stage svg g#node-beta').count() === 0, 'the old diagram is replaced');
  check(await page.evaluate(() => window.__marker) === 'same page', 'still the same page');
  await shot(page, '5-fixed');

  // User text is inserted as text: markup in a message stays visible as characters.
  fs.writeFileSync(design, 'title: "Preview test"\nmodel <img src=x onerror=alert(1)> {}\n');
  await page.waitForSelector('#overlay:not([hidden])', { timeout: 15000 });
  check(await page.locator('#overlay img, #findings img').count() === 0, 'no markup from the design is parsed');
  fs.writeFileSync(design, 'title: "Preview test"\nmodel delta "<i onmouseover=alert(1)>delta</i> & co" { task: ranking }\n');
  await page.waitForSelector('#stage svg g#node-delta', { timeout: 15000 });
  check(await page.locator('#stage i').count() === 0, 'markup in a label stays text');
  const label = await page.textContent('#stage svg g#node-delta text.label');
  check(label.includes('<i onmouseover=alert(1)>delta</i> & co'), `the label reads as written: ${label}`);
  await until('the overlay to clear', () => page.locator('#overlay').isHidden());
  console.log(`ok: preview updated ${await page.evaluate(() => window.__mlsd.updates)} times in one page load`);
});
