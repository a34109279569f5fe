import { afterEach, describe, expect, it } from 'vitest';
import { findTweetArticles, forgetParsedTweet, parseTweet, parseTweetCached, tweetKey } from '../../../lib/x/parse';
import { selectedTweetArticle, tweetTextElement, userNameElement } from '../../../lib/x/anchors';
import { watchPage, type TweetEvent } from '../../../lib/x/watcher';
import { FIXTURE_KEYS, FIXTURES, fixtureDoc, mountFixture } from './fixtures';

describe('tweetKey (light parse)', { timeout: 30_000 }, () => {
  it.each(FIXTURE_KEYS)('%s: gives the id, author handle and permalink parseTweet gives, for every article', (key) => {
    const doc = fixtureDoc(key);
    const articles = findTweetArticles(doc);
    expect(articles.length).toBeGreaterThan(0);
    for (const a of articles) {
      const full = parseTweet(a, { pageUrl: FIXTURES[key].url });
      const light = tweetKey(a);
      expect(light === null).toBe(full === null);
      if (full && light) {
        const { userName, ...key } = light;
        expect(key).toEqual({ id: full.id, handle: full.author.handle, url: full.url });
        // The author block it reports is the one the chip anchors to (the outer tweet's, never the quote's).
        expect(userName).toBe(userNameElement(a));
      }
    }
  });

  it('is null when the permalink <time> or the author block is missing (what the markup-broken report counts)', () => {
    const doc = fixtureDoc('05');
    const article = findTweetArticles(doc)[0]!;
    expect(tweetKey(article)).not.toBeNull();
    const noAuthor = article.cloneNode(true) as HTMLElement;
    for (const el of [...noAuthor.querySelectorAll('[data-testid="User-Name"]')]) el.removeAttribute('data-testid');
    expect(tweetKey(noAuthor)).toBeNull();
    expect(parseTweet(noAuthor)).toBeNull();
    const noTime = article.cloneNode(true) as HTMLElement;
    for (const t of [...noTime.querySelectorAll('time')]) t.remove();
    expect(tweetKey(noTime)).toBeNull();
  });

  it('never takes the quoted tweet for the outer one when the outer <time> is gone', () => {
    const article = findTweetArticles(fixtureDoc('05'))[0]!.cloneNode(true) as HTMLElement;
    const outer = tweetKey(article)!;
    const quotedId = parseTweet(article)!.quoted?.id;
    expect(quotedId).toBeTruthy();
    expect(outer.id).not.toBe(quotedId);
    article.querySelector('time')!.remove(); // the first <time> is the outer tweet's
    expect(tweetKey(article)).toBeNull();
  });

  it('anchors: the outer User-Name and tweetText, never the quoted tweet\'s', () => {
    const doc = fixtureDoc('05');
    const article = findTweetArticles(doc)[0]!;
    const quote = article.querySelector('div[role="link"] [data-testid="User-Name"]')!.closest('div[role="link"]')!;
    const name = userNameElement(article)!;
    const text = tweetTextElement(article)!;
    expect(quote.contains(name)).toBe(false);
    expect(quote.contains(text)).toBe(false);
    expect(name.textContent).toContain('@' + parseTweet(article)!.author.handle);
  });
});

describe('parseTweetCached', () => {
  it('parses once per article and id, again after forgetParsedTweet, and refuses another id', () => {
    const article = findTweetArticles(fixtureDoc('01'))[1]!.cloneNode(true) as HTMLElement;
    const id = tweetKey(article)!.id;
    const first = parseTweetCached(article, id, { pageUrl: FIXTURES['01'].url })!;
    expect(first.text).toMatch(/^One fascinating difference/);
    expect(parseTweetCached(article, id, { pageUrl: FIXTURES['01'].url })).toBe(first);
    expect(parseTweetCached(article, '123', { pageUrl: FIXTURES['01'].url })).toBeNull();
    article.querySelector('[data-testid="tweetText"]')!.textContent = 'edited';
    expect(parseTweetCached(article, id, { pageUrl: FIXTURES['01'].url })!.text).toMatch(/^One fascinating/);
    forgetParsedTweet(article);
    expect(parseTweetCached(article, id, { pageUrl: FIXTURES['01'].url })!.text).toBe('edited');
  });
});

describe('watchPage reports light events, full tweet on demand', { timeout: 30_000 }, () => {
  let controller: AbortController | null = null;
  afterEach(() => controller?.abort());

  it('event carries id/handle/url; event.tweet is the full parse and follows a re-render of the same tweet', async () => {
    mountFixture('01');
    const events: TweetEvent[] = [];
    let frames: Array<() => void> = [];
    controller = new AbortController();
    const watcher = watchPage({
      signal: controller.signal,
      pageUrl: () => FIXTURES['01'].url,
      onTweet: (e) => events.push(e),
      schedule: (cb) => frames.push(cb),
      cancel: () => {},
    });
    watcher.flush();
    expect(events).toHaveLength(20);
    const e = events.find((x) => x.id === '1769469976489099654')!;
    expect(e.handle).toBe('kevinafischer');
    expect(e.url).toBe('https://x.com/kevinafischer/status/1769469976489099654');
    expect(e.tweet.author).toEqual({ handle: 'kevinafischer', displayName: 'Kevin Fischer' });
    expect(e.tweet.text).toMatch(/^One fascinating difference/);

    // "Show more": X re-renders the text of the same tweet; no new event, and the record reads the new text.
    e.article.querySelector('[data-testid="tweetText"]')!.append(document.createTextNode(' and more'));
    await new Promise((r) => setTimeout(r, 0));
    const run = frames;
    frames = [];
    for (const f of run) f();
    expect(events).toHaveLength(20);
    expect(watcher.tracked().get(e.article)!.tweet.text).toMatch(/ and more$/);
  });
});

describe('selectedTweetArticle', () => {
  afterEach(() => document.body.replaceChildren());

  it("is the tweet X's j/k navigation focused (the article or something in it), null when the focus is on no tweet", () => {
    const doc = mountFixture('01');
    const articles = findTweetArticles(doc);
    expect(selectedTweetArticle(doc)).toBeNull();
    articles[2]!.focus();
    expect(selectedTweetArticle(doc)).toBe(articles[2]);
    const link = articles[4]!.querySelector<HTMLElement>('a[href]')!;
    link.focus();
    expect(selectedTweetArticle(doc)).toBe(articles[4]);
    link.blur();
    expect(selectedTweetArticle(doc)).toBeNull();
  });
});
