// The adapter on twelve more real pages (tests/fixtures/x-dom-more, trimmed from ../shared/data/x-dom-more): what an
// agent would notice is who each chip belongs to, that ads and "Who to follow" cells get none, that the composer is
// found in every UI language, and that the markup notice stays quiet on pages Caselint reads.
import { afterEach, describe, expect, it } from 'vitest';
import { findComposers, findTweetArticles, isPromoted, parseTweet, detectTheme, signedInHandle, watchPage, type MarkupBrokenDetails } from '../../../lib/x';
import { loadMoreFixture, mountMoreFixture } from './fixtures';

/** Each article as "handle|display name|id" (+ "|Q:quoted handle"), "AD" for a promoted tweet, "NULL" otherwise. */
function read(doc: Document, pageUrl = 'https://x.com/home'): string[] {
  return findTweetArticles(doc).map((a) => {
    const t = parseTweet(a, { pageUrl });
    if (!t) return isPromoted(a) ? 'AD' : 'NULL';
    return `${t.author.handle}|${t.author.displayName}|${t.id}${t.quoted ? `|Q:${t.quoted.author?.handle}` : ''}`;
  });
}

describe('x-dom-more: the adapter on twelve more real pages', () => {
  it('h01 home, dark, re-indented by Prettier: four tweets (two quoting), the ad skipped, names on one line', () => {
    const doc = loadMoreFixture('h01');
    expect(read(doc)).toEqual([
      'jiims|ayu|1862053972372259321',
      'The_Shareio|Shareio|1861787409932808618',
      'CryptoWinkle|Crypto Winkle|1862031538084250015|Q:PlayOutlanders',
      'thunderdegen|thundr|1862044527567212665|Q:Purilly',
      'AD',
    ]);
    expect(findTweetArticles(doc).map((a) => parseTweet(a)?.quoted?.id ?? null)).toEqual([null, null, '1862026594862428495', '1861606019710771341', null]);
    expect(findComposers(doc).map((c) => c.kind)).toEqual(['inline']);
    expect(detectTheme(doc)).toBe('dark');
    expect(signedInHandle(doc)).toBe('yasueAQW');
  });

  it('h02 home with a poll: eleven tweets, three ads, the quote on the last one', () => {
    const out = read(loadMoreFixture('h02'));
    expect(out.filter((o) => o === 'AD')).toHaveLength(3);
    expect(out.filter((o) => o !== 'AD')).toHaveLength(11);
    expect(out).not.toContain('NULL');
    expect(out).toContain('OX_DAO|Coach Bruce (kween/acc)|1861513152527024198');
    expect(out.at(-1)).toBe('elonmusk|Elon Musk|1861595977733550334|Q:EndWokeness');
  });

  it('h03 home with an empty separator cell and another extension’s traces: six tweets', () => {
    const doc = loadMoreFixture('h03');
    expect(read(doc).map((o) => o.split('|')[0])).toEqual(['BGatesIsaPyscho', 'BGatesIsaPyscho', 'BGatesIsaPyscho', 'BGatesIsaPyscho', 'nikitabier', 'nikitabier']);
    expect(signedInHandle(doc)).toBe('kleinflask');
  });

  it('h04 home, light theme, with a "Who to follow" module: six tweets and no user cell read as a tweet', () => {
    const doc = loadMoreFixture('h04');
    const out = read(doc);
    expect(out).toHaveLength(6);
    expect(out.at(-1)).toBe('GeoffreyHuntley|geoff|1936085275731804547|Q:devgerred');
    // Three in the timeline's module, three more in the side column's.
    expect(doc.querySelectorAll('[data-testid="UserCell"]').length).toBe(6);
    for (const cell of doc.querySelectorAll('[data-testid="UserCell"]')) expect(cell.closest('article[data-testid="tweet"]')).toBeNull();
    expect(detectTheme(doc)).toBe('light');
    expect(signedInHandle(doc)).toBe('Seamus_Tek');
  });

  it('h05 and h06, twitter.com’s 2021 markup (X no longer serves it): no tweet read, nothing misread', () => {
    for (const key of ['h05', 'h06']) expect(read(loadMoreFixture(key))).toEqual([]);
  });

  it('h07 logged-out profile and h08 logged-out status page: the tweets, no signed-in agent, no composer', () => {
    const profile = loadMoreFixture('h07');
    expect(read(profile)).toEqual(['phnixhamsta|PhoenixSC / Hamish|1447946811218358272', 'phnixhamsta|PhoenixSC / Hamish|1543427343867613184']);
    expect(signedInHandle(profile)).toBeNull();
    const status = loadMoreFixture('h08');
    const [focal] = findTweetArticles(status).map((a) => parseTweet(a, { pageUrl: 'https://x.com/BigTechAlert/status/1797703769117069498' }));
    expect(focal).toMatchObject({ author: { handle: 'BigTechAlert' }, isFocal: true });
    expect(findComposers(status)).toEqual([]);
  });

  it('h09 X Article in a Chinese UI: the article tweet and the inline reply composer answering it', () => {
    const doc = loadMoreFixture('h09');
    const url = 'https://x.com/ring_hyacinth/status/2022543578803962302';
    const [tweet] = findTweetArticles(doc).map((a) => parseTweet(a, { pageUrl: url }));
    expect(tweet).toMatchObject({ id: '2022543578803962302', author: { handle: 'ring_hyacinth', displayName: 'Ring Hyacinth' }, isFocal: true, text: '' });
    const composers = findComposers(doc, { pageUrl: url });
    expect(composers).toHaveLength(1);
    expect(composers[0]!.kind).toBe('inline');
    expect(signedInHandle(doc)).toBe('steve830915');
  });

  it('h10 tweets embedded in an X Article’s read view: both embedded tweets, with their translated text', () => {
    const doc = loadMoreFixture('h10');
    expect(read(doc)).toEqual(['pixel_updates|Pixel Updates|2056658641747583451', 'ShishirShelke1|Shishir|2056643158986162589']);
    expect(parseTweet(findTweetArticles(doc)[0]!)!.text).toMatch(/^得到了新的 Gemini 界面/);
  });

  it('h11 a quoted tweet holding a video and h12 a bare article with a link card', () => {
    const quoting = loadMoreFixture('h11');
    expect(read(quoting)).toEqual(['QuotingUser|Quoting User|1983128852952998358|Q:OriginalPoster']);
    // The quote's box holds the outer tweet's /analytics link and no permalink of its own: its id is unknown, never
    // the quoting tweet's.
    expect(parseTweet(findTweetArticles(quoting)[0]!)!.quoted).toMatchObject({ id: null, author: { handle: 'OriginalPoster' } });
    const card = loadMoreFixture('h12');
    expect(read(card)).toEqual(['TestUser123|Test User Account|1981398750557065646']);
    expect(parseTweet(findTweetArticles(card)[0]!)!.text).toMatch(/^Democrat Shutdown Jeopardizes America's/);
  });
});

describe('x-dom-more: the markup notice and ads', () => {
  let controller: AbortController | undefined;
  afterEach(() => {
    controller?.abort();
    document.body.innerHTML = '';
  });

  function watch(): MarkupBrokenDetails[] {
    const broken: MarkupBrokenDetails[] = [];
    controller = new AbortController();
    watchPage({
      signal: controller.signal,
      pageUrl: () => 'https://x.com/home',
      onTweet: () => undefined,
      onTweetGone: () => undefined,
      onMarkupBroken: (d) => broken.push(d),
      schedule: (cb) => setTimeout(cb, 0),
      cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    });
    return broken;
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('an ad on screen before any tweet is not reported as markup Caselint cannot read', async () => {
    mountMoreFixture('h02');
    // Only the ads' cells are on screen (X renders a promoted cell first at times).
    for (const cell of document.querySelectorAll('[data-testid="cellInnerDiv"]')) {
      if (!cell.querySelector('[data-testid$="-impression-pixel"]')) cell.remove();
    }
    expect(document.querySelectorAll('article[data-testid="tweet"]')).toHaveLength(3);
    const broken = watch();
    await settle();
    expect(broken).toEqual([]);
  });

  it('the same three articles without an ad’s pixels are reported (the notice still works)', async () => {
    mountMoreFixture('h02');
    for (const cell of document.querySelectorAll('[data-testid="cellInnerDiv"]')) {
      if (!cell.querySelector('[data-testid$="-impression-pixel"]')) cell.remove();
    }
    for (const px of document.querySelectorAll('[data-testid$="-impression-pixel"]')) px.remove();
    const broken = watch();
    await settle();
    expect(broken).toHaveLength(1);
    expect(broken[0]!.articles).toBe(3);
  });
});
