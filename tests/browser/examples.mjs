// Opens rendered SVGs in Chromium and checks, through getBBox(), that every node's text lies
// inside its shape and that no two nodes overlap; saves a PNG screenshot of each.
//
//   node examples.mjs OUT_DIR FILE.svg...
//
// Prints one line per diagram and a JSON summary line; exits with 1 when a check fails.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withBrowser, fail } from './lib.mjs';

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node examples.mjs OUT_DIR FILE.svg...');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

// Runs in the page: geometry of every node, in the SVG's user units.
function measure() {
  const box = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });
  const nodes = [];
  for (const g of document.querySelectorAll('g.node')) {
    const shapes = [...g.querySelectorAll('.shape')];
    let shape = null;
    for (const s of shapes) {
      const b = s.getBBox();
      shape = shape
        ? { x: Math.min(shape.x, b.x), y: Math.min(shape.y, b.y),
          right: Math.max(shape.right, b.x + b.width), bottom: Math.max(shape.bottom, b.y + b.height) }
        : { x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height };
    }
    const texts = [];
    for (const t of g.querySelectorAll('text.label, text.tech')) {
      const b = t.getBBox();
      // Corners of the text box (pulled in by 1 unit) that fall outside every shape's fill.
      const outside = [];
      for (const [px, py] of [[b.x + 1, b.y + 1], [b.x + b.width - 1, b.y + 1],
        [b.x + 1, b.y + b.height - 1], [b.x + b.width - 1, b.y + b.height - 1]]) {
        const p = new DOMPoint(px, py);
        if (!shapes.some((s) => s.isPointInFill(p))) outside.push([Math.round(px * 10) / 10, Math.round(py * 10) / 10]);
      }
      texts.push({ cls: t.getAttribute("class"), text: t.textContent.replace(/\s+/g, " ").trim(), box: box(b), outside });
    }
    nodes.push({
      id: g.getAttribute('data-id'),
      shapeKind: shapes[0] ? shapes[0].tagName : null,
      shape: shape && { x: shape.x, y: shape.y, width: shape.right - shape.x, height: shape.bottom - shape.y },
      texts,
    });
  }
  const svg = document.documentElement;
  return { width: svg.width.baseVal.value, height: svg.height.baseVal.value, nodes, fonts: document.fonts.status };
}

const r1 = (v) => Math.round(v * 10) / 10;
const fmt = (b) => `(x ${r1(b.x)}, y ${r1(b.y)}, w ${r1(b.width)}, h ${r1(b.height)})`;
const TOLERANCE = 0.5;
const summary = [];

await withBrowser(async (context) => {
  const page = await context.newPage();
  for (const file of files) {
    const name = path.basename(file, '.svg');
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(pathToFileURL(path.resolve(file)).href);
    await page.evaluate(() => document.fonts.ready);
    const m = await page.evaluate(measure);
    const problems = [];
    for (const n of m.nodes) {
      if (!n.shape) { problems.push(`node ${n.id}: no shape`); continue; }
      const s = n.shape;
      for (const t of n.texts) {
        const b = t.box;
        if (b.width <= 0 || b.height <= 0) problems.push(`node ${n.id}: ${t.cls} "${t.text}" has an empty box`);
        const over = {
          left: s.x - b.x, top: s.y - b.y,
          right: (b.x + b.width) - (s.x + s.width), bottom: (b.y + b.height) - (s.y + s.height),
        };
        const sides = Object.entries(over).filter(([, v]) => v > TOLERANCE);
        if (sides.length) {
          problems.push(`node ${n.id}: ${t.cls} "${t.text}" ${fmt(b)} leaves its shape ${fmt(s)} by `
            + sides.map(([k, v]) => `${r1(v)} on the ${k}`).join(', '));
        } else if (t.outside.length) {
          problems.push(`node ${n.id}: ${t.cls} "${t.text}" ${fmt(b)}: corners ${JSON.stringify(t.outside)} `
            + `lie outside the ${n.shapeKind} outline ${fmt(s)}`);
        }
      }
    }
    for (let i = 0; i < m.nodes.length; i++) {
      for (let j = i + 1; j < m.nodes.length; j++) {
        const a = m.nodes[i].shape, b = m.nodes[j].shape;
        if (!a || !b) continue;
        const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        if (w > TOLERANCE && h > TOLERANCE) {
          problems.push(`nodes ${m.nodes[i].id} ${fmt(a)} and ${m.nodes[j].id} ${fmt(b)} overlap by ${r1(w)} x ${r1(h)}`);
        }
      }
    }
    // The whole diagram at its own size (capped), so the PNG can be looked at.
    const width = Math.min(Math.ceil(m.width), 4000);
    const height = Math.min(Math.ceil(m.height), 4000);
    await page.setViewportSize({ width: Math.max(width, 200), height: Math.max(height, 200) });
    const png = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: png });
    const texts = m.nodes.reduce((n, node) => n + node.texts.length, 0);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}: ${m.nodes.length} nodes, ${texts} texts, `
      + `${r1(m.width)} x ${r1(m.height)}, fonts ${m.fonts}, screenshot ${png}`);
    for (const p of problems) fail(`${name}: ${p}`);
    summary.push({ name, nodes: m.nodes.length, texts, problems: problems.length, screenshot: png });
  }
});
console.log(JSON.stringify({ diagrams: summary }));
