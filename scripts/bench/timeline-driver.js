// Runs in the x.com page's main world (page.evaluate of this file's text): plays X's virtualised timeline.
// Plain JS on purpose (no transpiler helpers). Defines window.__clBench.
(() => {
  const CELL = '[data-testid="cellInnerDiv"]';
  const CELL_HEIGHT = 520;
  const state = {
    templates: [],
    container: null,
    next: 0,
    mounted: [],
    appeared: new Map(),
    shown: new Map(),
    hosted: new Map(),
    longTasks: [],
    observed: new WeakSet(),
  };

  function esc(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // Outer author and status id of a cell, the way lib/x reads them: the status link holding <time>, outside quotes.
  function identify(cell) {
    for (const time of cell.querySelectorAll('article time')) {
      if (time.closest('div[role="link"]')) continue;
      const a = time.closest('a[href*="/status/"]');
      const m = a && a.getAttribute('href').match(/^(?:https:\/\/(?:x|twitter)\.com)?\/([A-Za-z0-9_]+)\/status\/(\d+)/);
      if (m) return { handle: m[1], id: m[2] };
    }
    return null;
  }

  function markShown(host) {
    const cell = host.closest(CELL);
    const id = cell && cell.dataset.benchId;
    if (!id || state.shown.has(id)) return;
    if (!state.hosted.has(id)) state.hosted.set(id, performance.now());
    const root = host.shadowRoot;
    if (root && root.querySelector('button')) {
      state.shown.set(id, performance.now());
      return;
    }
    if (root && !state.observed.has(root)) {
      state.observed.add(root);
      new MutationObserver((_, obs) => {
        if (root.querySelector('button')) {
          if (!state.shown.has(id)) state.shown.set(id, performance.now());
          obs.disconnect();
        }
      }).observe(root, { childList: true, subtree: true });
    }
  }

  function setup() {
    const cells = [...document.querySelectorAll(CELL)].filter((c) => c.querySelector('article'));
    state.container = cells[0].parentElement;
    for (const cell of cells) {
      const who = identify(cell);
      if (!who) continue;
      // The content script already annotated these cells: drop its hosts so templates are X's markup only.
      const clean = cell.cloneNode(true);
      for (const el of clean.querySelectorAll('[data-caselint]')) el.remove();
      let html = clean.outerHTML;
      html = html
        .replace(new RegExp('/' + esc(who.handle) + '/status/' + who.id, 'g'), '/__H__/status/__ID__')
        .replace(new RegExp('(["/])' + esc(who.handle) + '"', 'g'), '$1__H__"')
        .replace(new RegExp('>@' + esc(who.handle) + '<', 'g'), '>@__H__<');
      if (!html.includes('__ID__') || !html.includes('>@__H__<')) continue;
      state.templates.push(html);
    }
    for (const cell of [...state.container.children]) cell.remove();
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          if (n.localName === 'caselint-chip') markShown(n);
          else for (const h of n.querySelectorAll ? n.querySelectorAll('caselint-chip') : []) markShown(h);
        }
    }).observe(state.container, { childList: true, subtree: true });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
    } catch (e) {}
    return state.templates.length;
  }

  function makeCell(i, handleOf) {
    const tpl = state.templates[i % state.templates.length];
    const id = String(1990000000000000000n + BigInt(i));
    const t = document.createElement('template');
    t.innerHTML = tpl.replaceAll('__H__', handleOf(i)).replaceAll('__ID__', id);
    const cell = t.content.firstElementChild;
    cell.dataset.benchId = id;
    cell.style.transform = 'translateY(' + i * CELL_HEIGHT + 'px)';
    return { cell, id };
  }

  // Adds `perStep` cells at the bottom every `intervalMs`, removing the oldest beyond `windowSize`, until `until`
  // tweets have been added; then waits (up to 3 s) for the last annotations. Authors whose index is a multiple of
  // `knownEvery` have case history (a chip must show); the others have none (nothing may show until hovered).
  async function run(opts) {
    const handleOf = (i) => opts.prefix + i;
    const ids = [];
    const unknown = [];
    // `hidden`: the timeline is not rendered (display: none) while cells go through it. For the heap run only:
    // 4,500 real X cells cost ~17 ms each to lay out, layerize and paint here (76 s), work of the page and not of
    // the content script, which reads no geometry on this path and does exactly the same with or without it.
    const display = state.container.style.display;
    if (opts.hidden) state.container.style.display = 'none';
    while (state.next < opts.until) {
      const end = Math.min(opts.until, state.next + opts.perStep);
      for (; state.next < end; state.next++) {
        const { cell, id } = makeCell(state.next, handleOf);
        state.container.append(cell);
        state.appeared.set(id, performance.now());
        state.mounted.push(cell);
        if (state.next % opts.knownEvery === 0) ids.push(id);
        else unknown.push(id);
      }
      while (state.mounted.length > opts.windowSize) state.mounted.shift().remove();
      state.container.style.minHeight = (state.next + 2) * CELL_HEIGHT + 'px';
      window.scrollTo(0, Math.max(0, (state.next - opts.windowSize / 2) * CELL_HEIGHT));
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
    const deadline = performance.now() + 3000;
    state.container.style.display = display;
    while (performance.now() < deadline && ids.some((id) => !state.shown.has(id) && state.mounted.some((c) => c.dataset.benchId === id))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const delays = [];
    const hostDelays = [];
    let missing = 0;
    let hostsWithoutHistory = 0;
    for (const id of unknown) {
      if (state.hosted.has(id)) hostsWithoutHistory++;
      state.appeared.delete(id);
      state.shown.delete(id);
      state.hosted.delete(id);
    }
    for (const id of ids) {
      const a = state.appeared.get(id);
      const s = state.shown.get(id);
      const h = state.hosted.get(id);
      if (s === undefined) missing++;
      else delays.push(s - a);
      if (h !== undefined) hostDelays.push(h - a);
      state.appeared.delete(id);
      state.shown.delete(id);
      state.hosted.delete(id);
    }
    return { added: ids.length + unknown.length, withHistory: ids.length, delays, hostDelays, missing, hostsWithoutHistory };
  }

  function drain() {
    for (const c of state.mounted) c.remove();
    state.mounted = [];
  }

  function takeLongTasks() {
    const t = state.longTasks;
    state.longTasks = [];
    return t;
  }

  function counts() {
    return {
      chips: document.querySelectorAll('caselint-chip').length,
      cells: state.container.children.length,
      tweetsAttr: document.documentElement.dataset.caselintTweets || null,
    };
  }

  // A marker on the trace's clock (a TimeStamp event) and the page's clock at that moment: lines up long tasks
  // with the trace (scripts/bench/trace.ts).
  function sync(message) {
    const now = performance.now();
    console.timeStamp(message);
    return now;
  }

  window.__clBench = { setup, run, drain, takeLongTasks, counts, sync };
})();
//# sourceURL=caselint-bench-driver.js
