import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM, VirtualConsole } from 'jsdom';

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

/** A fresh jsdom Document for a fixture, at its page URL. X's CSS that jsdom cannot parse is not reported. */
export function loadFixture(key: FixtureKey): Document {
  const virtualConsole = new VirtualConsole();
  return new JSDOM(fixtureHtml(key), { url: FIXTURES[key].url, virtualConsole }).window.document;
}
