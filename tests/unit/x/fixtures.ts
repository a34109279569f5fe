import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/x-dom');

export const FIXTURES = {
  '01': { file: '01_home-timeline_logged-in_composer_2025-11-20.html', url: 'https://x.com/home' },
  '02': {
    file: '02_status-page_x-article_logged-in_inline-reply-composer_2026-02-13.html',
    url: 'https://x.com/arscontexta/status/2013045749580259680',
  },
  '03': { file: '03_status-page_logged-out_2025-11-20.html', url: 'https://x.com/badlogicgames/status/1991612272289161300' },
  '04': { file: '04_profile-timeline_logged-out_2025-11.html', url: 'https://x.com/badlogicgames' },
  '05': { file: '05_fragment_cellInnerDiv_quote-tweet_2025-10-28.html', url: 'https://x.com/home' },
} as const;

export type FixtureKey = keyof typeof FIXTURES;
export const FIXTURE_KEYS = Object.keys(FIXTURES) as FixtureKey[];

const cache = new Map<FixtureKey, string>();
export function fixtureHtml(key: FixtureKey): string {
  let html = cache.get(key);
  if (html === undefined) {
    html = fs.readFileSync(path.join(FIXTURE_DIR, FIXTURES[key].file), 'utf8');
    cache.set(key, html);
  }
  return html;
}

/** A fresh, inert Document for a fixture (DOMParser: no scripts, no stylesheet loading). */
export function loadFixture(key: FixtureKey): Document {
  return new DOMParser().parseFromString(fixtureHtml(key), 'text/html');
}

const docs = new Map<FixtureKey, Document>();
/** A shared parsed fixture for read-only tests (parsing page 01 takes a while on a busy machine). Do not mutate. */
export function fixtureDoc(key: FixtureKey): Document {
  let doc = docs.get(key);
  if (!doc) {
    doc = loadFixture(key);
    docs.set(key, doc);
  }
  return doc;
}

/**
 * Puts a fixture into the live test document (vitest's jsdom window), so MutationObserver, layout stubs and
 * getComputedStyle behave as on a page. Returns the document.
 */
export function mountFixture(key: FixtureKey): Document {
  return mountHtml(fixtureHtml(key));
}

/** The twelve pages of ../shared/data/x-dom-more, trimmed (tests/fixtures/x-dom-more/README.md). */
export const MORE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/x-dom-more');
export function moreFixtureFile(prefix: string): string {
  const file = fs.readdirSync(MORE_DIR).find((f) => f.startsWith(prefix + '_') && f.endsWith('.html'));
  if (!file) throw new Error(`no fixture ${prefix}_*.html in ${MORE_DIR}`);
  return path.join(MORE_DIR, file);
}
export function loadMoreFixture(prefix: string): Document {
  return new DOMParser().parseFromString(fs.readFileSync(moreFixtureFile(prefix), 'utf8'), 'text/html');
}
export function mountMoreFixture(prefix: string): Document {
  return mountHtml(fs.readFileSync(moreFixtureFile(prefix), 'utf8'));
}

function mountHtml(html: string): Document {
  const open = /<body([^>]*)>/i.exec(html);
  const close = html.lastIndexOf('</body>');
  const inner = open ? html.slice(open.index + open[0].length, close < 0 ? undefined : close) : html;
  for (const attr of Array.from(document.body.attributes)) document.body.removeAttribute(attr.name);
  const attrs = new DOMParser().parseFromString(`<body${open?.[1] ?? ''}></body>`, 'text/html').body.attributes;
  for (const attr of Array.from(attrs)) document.body.setAttribute(attr.name, attr.value);
  document.body.innerHTML = inner; // trusted, committed test fixture
  return document;
}
