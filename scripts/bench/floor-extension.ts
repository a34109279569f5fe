/**
 * The floor of annotation on this machine: the least a content script can do to put a chip on the tweets whose
 * authors have history, when the history lives in the extension's origin (as it must: see the README's security
 * section), measured exactly like Caselint (same fixture, same timeline driver, same trace analysis).
 *
 * The floor extension is written to a temp dir; it has none of Caselint's code. Its content script:
 * - one MutationObserver (childList, subtree) on the primary column; per callback, for each added element, its
 *   articles (getElementsByTagName), and per article the author handle from the first status link holding a
 *   <time> (no quote handling, no caches, no filter of known handles, no composer detection);
 * - one port message per callback with the handles (to a background that answers at once from a rule, no
 *   database: its time is not on x.com's main thread anyway);
 * - per answer, for each author with history, a `caselint-chip` host with an open shadow root and a button
 *   (textContent) appended to the author's User-Name block.
 * Whatever a real design adds (robust parsing, caches, themes, stylesheets, keyboard and hover handling, cards) comes
 * on top of this, so `annotate_floor_ms_per_20_tweets` is a lower bound for any design that asks the extension's
 * origin for each render: a budget below it cannot be met on this machine.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FLOOR_WORLD = 'Caselint floor';

const manifest = {
  manifest_version: 3,
  name: FLOOR_WORLD,
  version: '1.0.0',
  background: { service_worker: 'background.js' },
  content_scripts: [{ matches: ['https://x.com/*'], js: ['content.js'], run_at: 'document_idle' }],
};

/** `known(handle)` follows the bench's seeding: clb_u<i> with i % 3 === 0, clb_s<i> with i % 50 === 0. */
const background = `
const known = (h) => {
  const m = /^clb_([us])(\\d+)$/.exec(h);
  return !!m && Number(m[2]) % (m[1] === 'u' ? 3 : 50) === 0;
};
chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((msg) => {
    port.postMessage({ id: msg.id, answers: msg.handles.map((h) => (known(h) ? { handle: h, openCases: 1, notes: 2, lastContact: Date.now(), overduePromises: 0, topDetails: [{ kind: 'phone', value: '+1 555 0100' }] } : null)) });
  });
});
`;

const content = `
(() => {
  const root = document.querySelector('[data-testid="primaryColumn"]') || document.body;
  const port = chrome.runtime.connect({ name: 'floor' });
  const waiting = new Map();
  let seq = 0;
  const handleOf = (article) => {
    const times = article.getElementsByTagName('time');
    for (let i = 0; i < times.length; i++) {
      const a = times[i].parentElement;
      const href = a && a.getAttribute('href');
      const m = href && /^(?:https:\\/\\/(?:x|twitter)\\.com)?\\/([A-Za-z0-9_]+)\\/status\\/(\\d+)/.exec(href);
      if (m) return m[1];
    }
    return null;
  };
  const chip = (article, s) => {
    const block = article.querySelector('[data-testid="User-Name"]');
    if (!block) return;
    const host = document.createElement('caselint-chip');
    const shadow = host.attachShadow({ mode: 'open' });
    const b = document.createElement('button');
    b.textContent = 'Case history: @' + s.handle + ' · ' + s.openCases + ' open';
    shadow.append(b);
    block.append(host);
  };
  port.onMessage.addListener((msg) => {
    const articles = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (!articles) return;
    msg.answers.forEach((s, i) => { if (s && articles[i].isConnected) chip(articles[i], s); });
  });
  const ask = (articles) => {
    const handles = [];
    const kept = [];
    for (const a of articles) { const h = handleOf(a); if (h) { handles.push(h); kept.push(a); } }
    if (!handles.length) return;
    const id = ++seq;
    waiting.set(id, kept);
    port.postMessage({ id, handles });
  };
  const articlesIn = (el, out) => {
    if (el.localName === 'article') { out.push(el); return; }
    const found = el.getElementsByTagName('article');
    for (let i = 0; i < found.length; i++) out.push(found[i]);
  };
  new MutationObserver((records) => {
    const articles = [];
    for (let i = 0; i < records.length; i++) {
      const added = records[i].addedNodes;
      for (let k = 0; k < added.length; k++) {
        const n = added[k];
        if (n.nodeType === 1 && n.localName !== 'caselint-chip') articlesIn(n, articles);
      }
    }
    if (articles.length) ask(articles);
  }).observe(root, { childList: true, subtree: true });
  const first = [];
  articlesIn(root, first);
  ask(first);
  document.documentElement.dataset.caselint = 'ready';
  document.documentElement.dataset.caselintTweets = String(first.length);
})();
`;

/** Writes the floor extension; returns its directory and a cleanup. */
export function writeFloorExtension(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'caselint-floor-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'background.js'), background);
  writeFileSync(join(dir, 'content.js'), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
