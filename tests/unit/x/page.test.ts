import { describe, expect, it } from 'vitest';
import { detectTheme, routeKey, signedInHandle, statusIdFromUrl } from '../../../lib/x/page';
import { SELECTORS } from '../../../lib/x/selectors';
import { FIXTURE_KEYS, fixtureDoc, loadFixture } from './fixtures';

describe('page facts from the fixtures', { timeout: 30_000 }, () => {
  const docs = Object.fromEntries(FIXTURE_KEYS.map((k) => [k, fixtureDoc(k)]));

  it('signed-in handle on logged-in pages, null when logged out', () => {
    expect(FIXTURE_KEYS.map((k) => signedInHandle(docs[k]!))).toEqual(['__regenerate', 'kepano', null, null, null]);
  });

  it('theme from the body background X sets', () => {
    expect(FIXTURE_KEYS.map((k) => detectTheme(docs[k]!))).toEqual(['dark', 'light', 'dark', 'dark', 'light']);
    const doc = loadFixture('05');
    doc.body.style.backgroundColor = 'rgb(21, 32, 43)';
    expect(detectTheme(doc)).toBe('dim');
  });

  it('the selector table matches every fixture', () => {
    for (const [name, entry] of Object.entries(SELECTORS)) {
      const actual = Object.fromEntries(FIXTURE_KEYS.map((k) => [k, docs[k]!.querySelectorAll(entry.selector).length]));
      expect({ name, counts: actual }).toEqual({ name, counts: entry.counts });
    }
  });
});

describe('urls', () => {
  it('statusIdFromUrl', () => {
    expect(statusIdFromUrl('https://x.com/badlogicgames/status/1991612272289161300')).toBe('1991612272289161300');
    expect(statusIdFromUrl('https://x.com/acme/status/123/photo/1')).toBe('123');
    expect(statusIdFromUrl('https://twitter.com/i/web/status/42?s=20')).toBe('42');
    expect(statusIdFromUrl('https://x.com/home')).toBeNull();
    expect(statusIdFromUrl('https://x.com/acme/statuses')).toBeNull();
    expect(statusIdFromUrl('not a url at all ::')).toBeNull();
  });

  it('routeKey changes with the page, not with overlays or hashes', () => {
    expect(routeKey('https://x.com/acme/status/123')).toBe('status:123');
    expect(routeKey('https://x.com/acme/status/123/photo/1')).toBe(routeKey('https://x.com/acme/status/123'));
    expect(routeKey('https://x.com/acme/status/124')).not.toBe(routeKey('https://x.com/acme/status/123'));
    expect(routeKey('https://x.com/home/')).toBe('/home');
    expect(routeKey('https://x.com/home#x')).toBe('/home');
    expect(routeKey('https://x.com/AcmeSupport')).toBe(routeKey('https://x.com/acmesupport'));
    expect(routeKey('https://x.com/search?q=refund&src=typed')).toBe('/search?q=refund');
    expect(routeKey('https://x.com/search?q=refund')).not.toBe(routeKey('https://x.com/search?q=delay'));
  });
});
