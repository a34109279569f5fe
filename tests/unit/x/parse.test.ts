import { describe, expect, it } from 'vitest';
import { findTweetArticles, parseTweet, quoteContainer, threadAbove, visibleText } from '../../../lib/x/parse';
import { findComposers, readDraft } from '../../../lib/x/composer';
import { detectTheme, routeKey, signedInHandle, statusIdFromUrl } from '../../../lib/x/page';
import { FIXTURE_KEYS, FIXTURES, fixtureDoc, loadFixture, type FixtureKey } from './fixtures';

function parsed(key: FixtureKey) {
  const doc = fixtureDoc(key);
  return findTweetArticles(doc).map((a) => parseTweet(a, { pageUrl: FIXTURES[key].url }));
}

type Row = [id: string, handle: string, displayName: string, time: string, text: string, quoted: { id: string | null; handle: string; displayName: string; text: string } | null];

/**
 * Page 01 read by hand: ids, handles and times are the outer tweet's <time> permalink; texts are the outer
 * tweetText as shown (truncated where X shows "Show more"); quoted tweets are the div[role="link"] blocks.
 */
const HOME: Row[] = [
  ["1991602883645829145", "will__price", "Will Price", "2025-11-20T20:21:44.000Z", "hearooors undefeated, GTE chain confirmed", { id: "1991600514811973815", handle: "enzo_gte", displayName: "enzo", text: "This is @GTE_XYZ V2:\n\nA hyper-optimized exchange and blockchain designed specifically for high throughput, low latency trading.\n\nOn GTE v2, you can open up a 24/7 5x GOOG position on the same margin account as a 5x BTC position.\n\nBehind the scenes we are routing your orders  x.com/enzo_gte/statu…" }],
  ["1769469976489099654", "kevinafischer", "Kevin Fischer", "2024-03-17T21:04:52.000Z", "One fascinating difference between Claude and GPT4 - Claude seems to have some notion of self-consistent histories where it knows if you've put words in its memories to try to get it to violate its own ethical principles. You can create anything together with Claude, but you have", null],
  ["1991475453887217692", "hasufl", "Hasu⚡️🤖", "2025-11-20T11:55:22.000Z", "As long as HL pre market futures for MON trade at ~$4b fdv, it’s definitely going to fill. With the time to physical delivery so short, I am surprised about the size of that dislocation.", { id: "1991420597558210900", handle: "Xeer", displayName: "Xeer", text: "the @monad raise on @coinbase is going relatively slow but is now almost 80% filled. \n\nthis will almost certainly fill out and get oversubscribed once the @megaeth refunds happen.\n\nif you have invested in both, you are a gambler not an investor 🙄" }],
  ["1991586882858172684", "cmsholdings", "Art of The CMS", "2025-11-20T19:18:09.000Z", "Issue is you don’t know the fill size or number of participants and since Coinbase fills bottom up if the sale were to get wildly oversub at the end you’d be caught with a short and no physical leg. I would imagine people have been doing partials request 100k spot ico and sell", null],
  ["1991607597108195581", "hasufl", "Hasu⚡️🤖", "2025-11-20T20:40:28.000Z", "Great pt.", null],
  ["1991607454917144922", "repligate", "j⧉nus", "2025-11-20T20:39:54.000Z", "In celebration of some relevant research to part of this that was just published…\n\nPost about Claude 3 Opus in March 2024", { id: "1769469976489099654", handle: "kevinafischer", displayName: "Kevin Fischer", text: "One fascinating difference between Claude and GPT4 - Claude seems to have some notion of self-consistent histories where it knows if you've put words in its memories to try to get it to violate its own ethical principles. You can create anything together with Claude, but you have" }],
  ["1991606928280318423", "cryptolyxe", "lyxe", "2025-11-20T20:37:48.000Z", "", { id: "1991605768551034887", handle: "TrumpDailyPosts", displayName: "Commentary Donald J. Trump Posts From Truth Social", text: "" }],
  ["1991606789301776835", "nic__carter", "nic carter", "2025-11-20T20:37:15.000Z", "", null],
  ["1991606635463364872", "vibhu", "vibhu", "2025-11-20T20:36:38.000Z", "If our core audience loves it but the crypto cool kids are hating, I know we did something right.\n\nIt's important to make content that isn't so devoid of life that you get a one note response.", { id: null, handle: "solana", displayName: "Solana", text: "Rust in peace." }],
  ["1991569962109132848", "solarapparition", "solarapparition", "2025-11-20T18:10:55.000Z", "since opus 4 i've come to anticipate new anthropic releases with a mixture of eagerness and dread. keep the models whole, please", null],
  ["1991606465300426936", "ericjang11", "Eric Jang", "2025-11-20T20:35:58.000Z", "big congrats to @tonyzzhao and @chichengcc , this is a big validation point that home robots like Memo and NEO are going to work and be useful for chores around the home. Really impressed by the team's execution here.", { id: null, handle: "tonyzzhao", displayName: "Tony Zhao", text: "Today, we present a step-change in robotic AI @sundayrobotics.\n\nIntroducing ACT-1: A frontier robot foundation model trained on zero robot data.\n\n- Ultra long-horizon tasks\n- Zero-shot generalization\n- Advanced dexterity\n\n🧵->" }],
  ["1991562419542557009", "Gioscotti_", "Gio Scotti", "2025-11-20T17:40:56.000Z", "", null],
  ["1991604521647432094", "aeyakovenko", "toly 🇺🇸", "2025-11-20T20:28:14.000Z", "🔥🔥🔥", { id: "1991491720174006581", handle: "scottmelker", displayName: "The Wolf Of All Streets", text: "FIDELITY SPOT $SOL ETF $FSOL RECORDS ~$2.1M INFLOWS ON FIRST TRADING DAY" }],
  ["1991600690448224406", "mlunghi2000", "Matteo", "2025-11-20T20:13:01.000Z", "Over the last few months, our engineering teams have been heads down building a high throughput, low-latency blockchain coupled with an exchange replicable across different data centers.\n\nWe’ve invested thousands of developer hours designing our data infrastructure stack from", { id: null, handle: "enzo_gte", displayName: "enzo", text: "This is @GTE_XYZ V2:\n\nA hyper-optimized exchange and blockchain designed specifically for high throughput, low latency trading.\n\nOn GTE v2, you can open up a 24/7 5x GOOG position on the same margin account as a 5x BTC position.\n\nBehind the scenes we are routing your orders  x.com/enzo_gte/statu…" }],
  ["1991590286544499038", "ChillHouseSOL", "Chill House", "2025-11-20T19:31:40.000Z", "the white whale groped me without my consent", null],
  ["1991603284034118034", "beffjezos", "Beff – e/acc", "2025-11-20T20:23:19.000Z", "This is where the billions in Meta AR went. \n\nKey technology for any AR platform. \nInsanely impressive display of spatial intelligence.", { id: "1991184188402237877", handle: "AIatMeta", displayName: "AI at Meta", text: "Introducing SAM 3D, the newest addition to the SAM collection, bringing common sense 3D understanding of everyday images. SAM 3D includes two models:\n\n🛋️ SAM 3D Objects for object and scene reconstruction\n\n🧑‍🤝‍🧑 SAM 3D Body for human pose and shape estimation\n\nBoth models achieve" }],
  ["1991602275589173447", "itszach", "zach meltzer | 🇺🇸", "2025-11-20T20:19:19.000Z", "“Why did you choose @solana?” A question I’ve started to get. The truth is that it was a pretty easy choice. Having led growth for a competitive chain before, it became even clearer where I wanted to build.\n\nAfter being on both sides of building (chain + app), you realize that", null],
  ["1991594727851061492", "gallabytes", "theseriousadult", "2025-11-20T19:49:19.000Z", "I think we're going to need some new benchmarks", null],
  ["1991602648081133744", "solidintel_x", "Solid Intel 📡", "2025-11-20T20:20:48.000Z", "INTEL: HASSETT SAYS DATA SUGGEST THAT WE SHOULD GET A RATE CUT AT THE NEXT FED MEETING", null],
  ["1991602309667885293", "ThinkingUSD", "Flood", "2025-11-20T20:19:27.000Z", "I will not become detached from reality \n\nI will not become detached from reality \n\nI will not become detached from reality \n\nI will not become detached from reality", null],
];

describe('parseTweet on the home timeline (01)', { timeout: 30_000 }, () => {
  const tweets = parsed('01');

  it('finds all 20 tweets, in page order, with ids, authors, times and texts', () => {
    expect(tweets).toHaveLength(20);
    expect(tweets.map((t) => [t?.id, t?.author.handle, t?.author.displayName, t?.time, t?.text])).toEqual(
      HOME.map(([id, handle, name, time, text]) => [id, handle, name, time, text]),
    );
  });

  it('keeps the 9 quoted tweets apart from the outer text', () => {
    const quoted = tweets.map((t) => (t?.quoted ? { id: t.quoted.id, handle: t.quoted.author?.handle, displayName: t.quoted.author?.displayName, text: t.quoted.text } : null));
    expect(quoted).toEqual(HOME.map((r) => r[5]));
    expect(quoted.filter(Boolean)).toHaveLength(9);
    for (const t of tweets) if (t?.quoted?.text) expect(t.text).not.toContain(t.quoted.text.slice(0, 30));
  });

  it('builds permalinks, takes mentions from the outer text only, marks nothing focal', () => {
    expect(tweets.every((t) => t?.url === `https://x.com/${t?.author.handle}/status/${t?.id}`)).toBe(true);
    expect(tweets.find((t) => t?.id === '1991606465300426936')?.mentions).toEqual(['tonyzzhao', 'chichengcc']);
    expect(tweets.find((t) => t?.id === '1991602275589173447')?.mentions).toEqual(['solana']);
    // will__price quotes "This is @GTE_XYZ V2"; the quoted mention is not his.
    expect(tweets[0]?.mentions).toEqual([]);
    expect(tweets.some((t) => t?.isFocal)).toBe(false);
    expect(tweets.every((t) => t?.replyingTo.length === 0)).toBe(true);
  });

  it('turns emoji images into their alt text', () => {
    expect(tweets.find((t) => t?.id === '1991604521647432094')?.text).toBe('🔥🔥🔥');
    expect(tweets.find((t) => t?.id === '1991603284034118034')?.quoted?.text).toContain('🛋️ SAM 3D Objects');
  });
});

describe('parseTweet on other pages', { timeout: 30_000 }, () => {
  it('05: a quote tweet cell reports the quote separately, with its id from the photo link', () => {
    const [t] = parsed('05');
    expect(t).toEqual({
      id: '1983130065320780162',
      author: { handle: 'TestQuoter', displayName: 'Test Quoter' },
      text: 'This is a quote tweet with additional commentary',
      time: '2025-10-28T11:13:47.000Z',
      replyingTo: [],
      mentions: [],
      isFocal: false,
      quoted: {
        id: '1983129251856470493',
        author: { handle: 'OriginalAuthor', displayName: 'Original Author' },
        text: 'This is the original quoted tweet content that provides important context and information for the conversation',
      },
      url: 'https://x.com/TestQuoter/status/1983130065320780162',
    });
  });

  it('03: the focal tweet of a logged-out status page, its quote, and a shortened link as shown', () => {
    const tweets = parsed('03');
    expect(tweets).toHaveLength(1);
    const t = tweets[0]!;
    expect([t.id, t.author.handle, t.text, t.isFocal, t.time]).toEqual(['1991612272289161300', 'badlogicgames', 'Wow.', true, '2025-11-20T20:59:02.000Z']);
    expect(t.quoted?.author).toEqual({ handle: 'randall_balestr', displayName: 'Randall Balestriero' });
    expect(t.quoted?.text.startsWith('Minimal example (ViT, inet10) now available with comments and details at github.com/rbalestr-lab/l…\n- ~150 lines *total*')).toBe(true);
    // Same page under another status URL: nothing is focal.
    const other = parseTweet(findTweetArticles(fixtureDoc('03'))[0]!, { pageUrl: 'https://x.com/badlogicgames/status/1' });
    expect(other?.isFocal).toBe(false);
  });

  it('02: an X Article is the focal tweet, with no tweet text', () => {
    const [t] = parsed('02');
    expect(t).toMatchObject({ id: '2013045749580259680', author: { handle: 'arscontexta', displayName: 'Heinrich' }, text: '', isFocal: true, quoted: null });
  });

  it('04: a profile timeline, links shown as X displays them, mentions', () => {
    const tweets = parsed('04');
    expect(tweets.map((t) => t?.id)).toEqual([
      '1985127737481154951', '1968984126238736825', '1456996985844772870', '1982150084708987222', '1748869770659729499',
      '1799502223937847615', '1940370344990441726', '1929312803799576757', '1656241263132155904',
    ]);
    expect(tweets.every((t) => t?.author.handle === 'badlogicgames' && t.author.displayName === 'Mario Zechner')).toBe(true);
    const wiki = tweets[3]!;
    expect(wiki.text).toBe("They did. Then killed it in 2016. You babies just don't know because you weren't born yet.\n\nen.wikipedia.org/wiki/Google_De…");
    expect(wiki.quoted?.author?.handle).toBe('mehulmpt');
    expect(tweets[4]?.mentions).toEqual(['florianklenk']);
    expect(tweets[4]?.text).toContain('\n\nexxpress.marioslab.io \n\n');
    expect(tweets[5]?.mentions).toEqual(['triammerer']);
    expect(tweets[7]?.text.endsWith('Some observations. 🧵')).toBe(true);
  });

  it('returns null for an article without a permalink, and quoteContainer ignores cards', () => {
    const doc = loadFixture('05');
    const article = findTweetArticles(doc)[0]!;
    for (const time of Array.from(article.querySelectorAll('time'))) time.parentElement!.removeAttribute('href');
    expect(parseTweet(article)).toBeNull();
    expect(quoteContainer(findTweetArticles(fixtureDoc('01'))[1]!)).toBeNull(); // a repost with a badge link, no quote
  });

  it('reads a "Replying to" line of the outer tweet (synthetic line added to a real article)', () => {
    const doc = loadFixture('05');
    const article = findTweetArticles(doc)[0]!;
    const text = article.querySelector('[data-testid="tweetText"]')!;
    const line = doc.createElement('div');
    line.append('Replying to ');
    for (const h of ['acme', 'AcmeSupport']) {
      const a = doc.createElement('a');
      a.href = `/${h}`;
      a.textContent = `@${h}`;
      line.append(a, ' ');
    }
    text.parentElement!.before(line);
    expect(parseTweet(article)?.replyingTo).toEqual(['acme', 'AcmeSupport']);
    expect(parseTweet(article)?.text).toBe('This is a quote tweet with additional commentary');
  });

  it('visibleText skips hidden URL parts but keeps the visible ellipsis', () => {
    const doc = fixtureDoc('04');
    const link = doc.querySelector('a[href="https://t.co/NfOim3gLkZ"]')!;
    expect(visibleText(link)).toBe('en.wikipedia.org/wiki/Google_De…');
  });
});

describe('threadAbove', () => {
  it('returns the tweets above the focal one, from articles or from records', () => {
    const doc = fixtureDoc('04');
    const articles = findTweetArticles(doc);
    expect(threadAbove(articles, '1982150084708987222').map((t) => t.id)).toEqual(['1985127737481154951', '1968984126238736825', '1456996985844772870']);
    expect(threadAbove(articles, '1985127737481154951')).toEqual([]);
    expect(threadAbove(articles, 'missing')).toEqual([]);
    const records = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }];
    expect(threadAbove(records, 'c')).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
  });
});

describe('every parser over every fixture', { timeout: 30_000 }, () => {
  it.each(FIXTURE_KEYS)('%s: nothing throws, every article parses', (key) => {
    const doc = fixtureDoc(key);
    const url = FIXTURES[key].url;
    const articles = findTweetArticles(doc);
    expect(articles.length).toBeGreaterThan(0);
    for (const a of articles) expect(parseTweet(a, { pageUrl: url })).not.toBeNull();
    expect(() => threadAbove(articles, statusIdFromUrl(url) ?? 'none', { pageUrl: url })).not.toThrow();
    for (const c of findComposers(doc, { pageUrl: url })) expect(typeof readDraft(c.editor)).toBe('string');
    expect(() => [signedInHandle(doc), detectTheme(doc), routeKey(url)]).not.toThrow();
  });
});
