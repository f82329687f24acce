// The live preview of `mlsd watch`: shows the diagram with pan and zoom, the findings of the
// latest build and an overlay of its errors; updates from the server's event stream without a
// reload. Every text from the design is inserted with textContent, never as HTML.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const viewport = $('viewport');
  const stage = $('stage');
  // What the page has, for tests and the curious: build numbers, update count, and when the
  // latest event arrived, its diagram was put into the page and first painted (epoch ms).
  const state = {
    build: 0, svgBuild: 0, updates: 0, receivedAt: 0, appliedAt: 0, paintedAt: 0, connected: false, report: null,
  };
  window.__mlsd = state;

  // ---- pan and zoom: a CSS transform on the stage, kept across updates ----
  const view = { x: 0, y: 0, k: 1 };
  let fitted = false;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  function applyView() {
    stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    $('zoom-level').textContent = `${Math.round(view.k * 100)}%`;
  }
  function diagramSize() {
    const svg = stage.firstElementChild;
    if (!svg) return null;
    const w = svg.width.baseVal.value || svg.viewBox.baseVal.width;
    const h = svg.height.baseVal.value || svg.viewBox.baseVal.height;
    return w > 0 && h > 0 ? { w, h } : null;
  }
  function fit() {
    const size = diagramSize();
    if (!size) return;
    const margin = 24;
    const vw = viewport.clientWidth, vh = viewport.clientHeight;
    view.k = clamp(Math.min((vw - 2 * margin) / size.w, (vh - 2 * margin) / size.h, 1.5), 0.02, 20);
    view.x = (vw - size.w * view.k) / 2;
    view.y = (vh - size.h * view.k) / 2;
    applyView();
  }
  function zoomAt(factor, cx, cy) {
    const k = clamp(view.k * factor, 0.02, 20);
    const f = k / view.k;
    view.x = cx - (cx - view.x) * f;
    view.y = cy - (cy - view.y) * f;
    view.k = k;
    applyView();
  }
  const zoomCenter = (factor) => zoomAt(factor, viewport.clientWidth / 2, viewport.clientHeight / 2);
  viewport.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = viewport.getBoundingClientRect();
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(Math.exp(-delta * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  viewport.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.target.closest('#overlay')) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 3) return;
    if (!drag.moved) {
      drag.moved = true;
      viewport.setPointerCapture(e.pointerId);
      viewport.classList.add('panning');
    }
    view.x = drag.vx + dx;
    view.y = drag.vy + dy;
    applyView();
  });
  const endDrag = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const click = !drag.moved;
    drag = null;
    viewport.classList.remove('panning');
    if (click) clickDiagram(e.target);
  };
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', (e) => { drag = null; viewport.classList.remove('panning'); });
  $('zoom-in').addEventListener('click', () => zoomCenter(1.25));
  $('zoom-out').addEventListener('click', () => zoomCenter(0.8));
  $('zoom-fit').addEventListener('click', fit);
  $('zoom-reset').addEventListener('click', () => { view.x = 24; view.y = 24; view.k = 1; applyView(); });
  $('toggle-panel').addEventListener('click', () => $('panel').classList.toggle('closed'));
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest('input, textarea')) return;
    const keys = { '+': () => zoomCenter(1.25), '=': () => zoomCenter(1.25), '-': () => zoomCenter(0.8),
      '0': fit, '1': () => $('zoom-reset').click(), f: () => $('toggle-panel').click() };
    if (keys[e.key]) { keys[e.key](); e.preventDefault(); }
  });
  window.addEventListener('resize', () => { if (!state.userMoved) fit(); });

  // ---- the diagram ----
  function setSvg(text, build) {
    // Parsed in an inert template (nothing in it runs or loads), which is twice as fast as
    // DOMParser + importNode on large diagrams. The renderer escapes all user text, and the
    // page's Content-Security-Policy (a script nonce) stops inline handlers and scripts anyway.
    const template = document.createElement('template');
    template.innerHTML = text;
    const svg = template.content.firstElementChild;
    if (!svg || svg.localName !== 'svg') return false;
    svg.querySelectorAll('script, foreignObject').forEach((n) => n.remove());
    stage.replaceChildren(svg);
    $('empty').hidden = true;
    if (!fitted) { fit(); fitted = true; }
    state.svgBuild = build;
    state.appliedAt = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => { state.paintedAt = performance.timeOrigin + performance.now(); });
    markSelection();
    return true;
  }

  // ---- findings: the panel, the overlay, the highlight ----
  let selected = null; // { components: [...], group } of the chosen finding, or { node } after a click on a node
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  function targetOf(f) {
    for (const id of f.components || []) {
      const node = document.getElementById(`node-${id}`);
      if (node) return node;
    }
    return f.group ? document.getElementById(`container-${f.group}`) : null;
  }
  function markSelection() {
    stage.querySelectorAll('.mlsd-selected').forEach((n) => n.classList.remove('mlsd-selected'));
    if (!selected) return null;
    const target = selected.node ? document.getElementById(`node-${selected.node}`) : targetOf(selected);
    if (target) target.classList.add('mlsd-selected');
    return target;
  }
  function centerOn(target) {
    const svg = stage.firstElementChild;
    if (!svg || !target) return;
    const b = target.getBBox();
    view.x = viewport.clientWidth / 2 - (b.x + b.width / 2) * view.k;
    view.y = viewport.clientHeight / 2 - (b.y + b.height / 2) * view.k;
    applyView();
  }
  function selectFinding(f, li) {
    document.querySelectorAll('#findings li.selected').forEach((n) => n.classList.remove('selected'));
    li.classList.add('selected');
    selected = f;
    centerOn(markSelection());
  }
  function clickDiagram(target) {
    const node = target.closest && target.closest('g.node');
    document.querySelectorAll('#findings li.selected').forEach((n) => n.classList.remove('selected'));
    if (!node) { selected = null; markSelection(); return; }
    const id = node.getAttribute('data-id');
    selected = { node: id };
    markSelection();
    let first = null;
    document.querySelectorAll('#findings li').forEach((li) => {
      if (li.dataset.component === id) { li.classList.add('selected'); first = first || li; }
    });
    if (first) first.scrollIntoView({ block: 'nearest' });
  }
  const where = (f) => `${f.line}:${f.column}`;
  function renderFindings(report) {
    const list = $('findings');
    list.replaceChildren();
    for (const f of report.diagnostics) {
      const li = el('li', `sev-${f.severity}`);
      if (f.components && f.components.length) li.dataset.component = f.components[0];
      const button = el('button');
      button.type = 'button';
      const head = el('span', 'head');
      head.append(el('span', 'sev', f.severity), el('span', 'loc', where(f)), el('span', 'code', f.number || f.code));
      const target = (f.components && f.components[0]) || f.group;
      if (target) head.append(el('span', 'target', target));
      button.append(head, el('span', 'msg', f.message));
      if (f.help) button.append(el('span', 'help', `help: ${f.help}`));
      button.addEventListener('click', () => selectFinding(f, li));
      li.append(button);
      list.append(li);
    }
    const n = report.diagnostics.length + report.more;
    $('panel-count').textContent = n ? `(${n})` : '';
    $('panel-empty').hidden = n > 0;
    $('panel-more').hidden = !report.more;
    $('panel-more').textContent = report.more ? `... and ${report.more} more (see the terminal)` : '';
  }
  function renderOverlay(report) {
    const overlay = $('overlay');
    viewport.classList.toggle('stale', !report.ok && state.svgBuild > 0);
    if (report.ok) { overlay.hidden = true; return; }
    const list = $('overlay-list');
    list.replaceChildren();
    if (report.error) {
      $('overlay-title').textContent = 'The design cannot be read';
      list.append(el('li', 'msg', report.error));
    } else {
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      $('overlay-title').textContent = `${plural(report.summary.errors, 'error', 'errors')} in ${report.file}`;
      for (const d of errors) {
        const li = el('li');
        li.append(el('span', 'loc', `${report.file}:${where(d)}: `), el('span', 'msg', d.message),
          el('span', 'code', ` [${d.number || d.code}]`));
        if (d.help) li.append(el('span', 'help', `help: ${d.help}`));
        list.append(li);
      }
    }
    $('overlay-hint').textContent = state.svgBuild > 0
      ? 'The preview keeps the last good diagram until the design is fixed.'
      : 'The diagram appears once the design has no errors.';
    overlay.hidden = false;
  }
  function renderReport(report) {
    state.report = report;
    document.title = `${report.ok ? '' : '\u2716 '}${report.file} \u2014 mlsd preview`;
    $('file').textContent = report.file;
    $('build').textContent = `build ${report.build} \u00b7 ${report.elapsed_ms} ms`;
    const s = report.summary;
    const parts = [];
    if (s.errors) parts.push(plural(s.errors, 'error', 'errors'));
    if (s.warnings) parts.push(plural(s.warnings, 'warning', 'warnings'));
    if (s.infos) parts.push(plural(s.infos, 'info', 'infos'));
    $('counts').textContent = report.error ? '' : parts.length ? parts.join(', ') : 'no problems';
    renderFindings(report);
    renderOverlay(report);
    markSelection();
  }

  // ---- the event stream ----
  function setConnection(cls, text) {
    const s = $('status');
    s.className = `conn ${cls}`;
    s.textContent = text;
  }
  const events = new EventSource('/__events');
  events.addEventListener('open', () => { state.connected = true; setConnection('live', 'live'); });
  events.addEventListener('error', () => {
    state.connected = false;
    setConnection(events.readyState === EventSource.CLOSED ? 'lost' : 'connecting', 'reconnecting');
  });
  events.addEventListener('build', (e) => {
    state.receivedAt = performance.timeOrigin + performance.now();
    let message;
    try { message = JSON.parse(e.data); } catch (err) { return; }
    const report = message.report;
    if (typeof message.svg === 'string') setSvg(message.svg, report.build);
    state.build = report.build;
    state.updates += 1;
    renderReport(report);
  });
  viewport.addEventListener('wheel', () => { state.userMoved = true; }, { passive: true });
  viewport.addEventListener('pointermove', () => { if (drag && drag.moved) state.userMoved = true; });
  applyView();
})();
