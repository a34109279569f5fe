/**
 * The fixture pages read in Node with the real adapter (lib/x), so e2e specs derive what to expect from the same
 * fixtures the browser is served instead of hard-coding authors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { findTweetArticles, parseTweet } from '../../lib/x/parse';
import { FIXTURE_DIR, FIXTURE_PAGES, HOME, type FixtureUrl } from './harness';

// jsdom ships no type declarations (and @types/jsdom is not installed): type the one constructor used here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: Window } };

export function fixtureDoc(url: FixtureUrl): Document {
  return new JSDOM(readFileSync(join(FIXTURE_DIR, FIXTURE_PAGES[url]), 'utf8')).window.document;
}

/** Authors of a fixture page's tweets, in page order (default: the home timeline, page 01). */
export function fixtureAuthors(url: FixtureUrl = HOME): string[] {
  return findTweetArticles(fixtureDoc(url)).map((a) => parseTweet(a)?.author.handle ?? '');
}
