import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchPage, type MarkupBrokenDetails, type TweetEvent } from '../../../lib/x/watcher';
import type { XComposer } from '../../../lib/x/composer';
import { FIXTURES, fixtureDoc, mountFixture } from './fixtures';

/** A recorder of watcher callbacks with a hand-cranked frame scheduler. */
function harness(startUrl: string) {
  const log: string[] = [];
  const tweets: TweetEvent[] = [];
  const composers: XComposer[] = [];
  const broken: MarkupBrokenDetails[] = [];
  let frames: Array<(() => void) | null> = [];
  let cancelled = 0;
  const controller = new AbortController();
  const state = { url: startUrl };
  const watcher = watchPage({
    signal: controller.signal,
    pageUrl: () => state.url,
    onTweet: (e) => {
      tweets.push(e);
      log.push(`+${e.id}`);
    },
    onTweetGone: (id) => log.push(`-${id}`),
    onComposer: (c) => {
      composers.push(c);
      log.push(`+composer:${c.kind}:${c.replyTo?.id ?? 'new'}`);
    },
    onComposerGone: () => log.push('-composer'),
    onMarkupBroken: (d) => {
      broken.push(d);
      log.push('broken');
    },
    onRouteChange: (key) => log.push(`route:${key}`),
    schedule: (cb) => {
      frames.push(cb);
      return frames.length - 1;
    },
    cancel: (h) => {
      frames[h as number] = null;
      cancelled++;
    },
  });
  /** Let MutationObserver deliver (microtask), then run the frames it asked for. */
  async function frame(): Promise<string[]> {
    await new Promise((r) => setTimeout(r, 0));
    const run = frames;
    frames = [];
    for (const f of run) f?.();
    return log.splice(0);
  }
  return { log, tweets, composers, broken, frame, controller, state, watcher, pendingFrames: () => frames.filter(Boolean).length, cancelled: () => cancelled };
}

const cells = () => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="cellInnerDiv"]'));
const idOf = (cell: Element) => /status\/(\d+)/.exec(cell.querySelector('a[href*="/status/"] > time')!.parentElement!.getAttribute('href')!)![1]!;

describe('watchPage', { timeout: 30_000 }, () => {
  let h: ReturnType<typeof harness>;
  afterEach(() => {
    h?.controller.abort();
    document.body.replaceChildren();
  });

  describe('on the home timeline (01)', () => {
    beforeEach(async () => {
      mountFixture('01');
      h = harness(FIXTURES['01'].url);
    });

    it('reports the 20 tweets and the composer once, in one frame', async () => {
      const events = await h.frame();
      const timelineIds = cells().filter((c) => c.querySelector('article')).map(idOf);
      expect(timelineIds).toHaveLength(20);
      expect(events).toEqual([...timelineIds.map((id) => `+${id}`), '+composer:inline:new']);
      expect(h.tweets.every((t) => t.article.isConnected && t.tweet.id === t.id)).toBe(true);
      expect(h.composers[0]?.button?.getAttribute('data-testid')).toBe('tweetButtonInline');
      expect(h.broken).toEqual([]);
      // Nothing changed: nothing reported again.
      expect(await h.frame()).toEqual([]);
    });

    it('route change to a status page: everything old goes, the focal tweet comes, the new column is observed', async () => {
      await h.frame();
      h.state.url = FIXTURES['03'].url;
      const column = document.querySelector('[data-testid="primaryColumn"]')!;
      column.replaceWith(document.importNode(fixtureDoc('03').querySelector('[data-testid="primaryColumn"]')!, true));
      const events = await h.frame();
      expect(events.filter((e) => e.startsWith('-') && e !== '-composer')).toHaveLength(20);
      expect(events).toContain('-composer');
      expect(events.slice(-2)).toEqual(['route:status:1991612272289161300', '+1991612272289161300']);
      expect(h.tweets.at(-1)?.tweet.isFocal).toBe(true);
      // The watcher follows the new column.
      document.querySelector('[data-testid="primaryColumn"] article')!.closest('[data-testid="cellInnerDiv"]')!.remove();
      expect(await h.frame()).toEqual(['-1991612272289161300']);
    });

    it('route change noticed through checkRoute even without mutations', async () => {
      await h.frame();
      h.state.url = 'https://x.com/notifications';
      h.watcher.checkRoute();
      const events = await h.frame();
      // Same DOM still shown: tweets are reported again for the new route key.
      expect(events.filter((e) => e.startsWith('-') && e !== '-composer')).toHaveLength(20);
      expect(events).toContain('route:/notifications');
      expect(events.filter((e) => e.startsWith('+') && !e.startsWith('+composer'))).toHaveLength(20);
    });

    it('a reply dialog in #layers: its composer answers the tweet shown in it, and goes when closed', async () => {
      await h.frame();
      const dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.append(document.importNode(fixtureDoc('05').querySelector('[data-testid="cellInnerDiv"]')!, true));
      const composer = document.importNode(fixtureDoc('02').querySelector('[data-testid="inline_reply_offscreen"]')!, true);
      dialog.append(composer);
      document.getElementById('layers')!.append(dialog);
      expect(await h.frame()).toEqual(['+1983130065320780162', '+composer:dialog:1983130065320780162']);
      dialog.remove();
      expect(await h.frame()).toEqual(['-1983130065320780162', '-composer']);
    });

    it('an editor X renders apart from its send button is found when it gets focus, not by scanning cells', async () => {
      await h.frame();
      // The reply composer of a real page (02), without its toolbar: no send button comes with it.
      const box = document.importNode(fixtureDoc('02').querySelector('[data-testid="inline_reply_offscreen"]')!, true);
      for (const b of box.querySelectorAll('button[data-testid^="tweetButton"]')) b.closest('[data-testid="toolBar"]')?.remove() ?? b.remove();
      expect(box.querySelector('button[data-testid^="tweetButton"]')).toBeNull();
      const dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.append(box);
      document.getElementById('layers')!.append(dialog);
      expect(await h.frame()).toEqual([]);
      const editor = box.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')!;
      editor.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      expect(await h.frame()).toEqual(['+composer:dialog:new']);
      // Focusing it again reports nothing new.
      editor.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      expect(await h.frame()).toEqual([]);
    });

  });

  describe('on a profile timeline (04, lighter)', () => {
    beforeEach(async () => {
      mountFixture('04');
      h = harness(FIXTURES['04'].url);
    });

    it('virtualised scrolling: cells leave and come back', async () => {
      await h.frame();
      const [a, b, c] = cells().filter((x) => x.querySelector('article'));
      const parent = a!.parentElement!;
      const ids = [a, b, c].map((x) => idOf(x!));
      a!.remove();
      b!.remove();
      c!.remove();
      expect(await h.frame()).toEqual(ids.map((id) => `-${id}`));
      parent.prepend(b!);
      expect(await h.frame()).toEqual([`+${ids[1]}`]);
      // Removed and re-added before the frame: the article never left as far as anyone can see.
      b!.remove();
      parent.prepend(b!);
      expect(await h.frame()).toEqual([]);
    });

    it('a reused cell that now shows another tweet: the old id goes, the new one comes, on the same cell', async () => {
      await h.frame();
      const [first, second] = cells().filter((x) => x.querySelector('article'));
      const oldId = idOf(first!);
      const oldArticle = first!.querySelector('article')!;
      // X swaps the cell's content: here, page 05's tweet.
      const replacement = document.importNode(fixtureDoc('05').querySelector('[data-testid="cellInnerDiv"]')!, true);
      first!.replaceChildren(...Array.from(replacement.childNodes));
      expect(await h.frame()).toEqual([`-${oldId}`, '+1983130065320780162']);
      expect(h.tweets.at(-1)?.article.closest('[data-testid="cellInnerDiv"]')).toBe(first);
      expect(oldArticle.isConnected).toBe(false);

      // React reconciling in place: same article element, permalink now points at another tweet.
      const article = second!.querySelector('article')!;
      const before = idOf(second!);
      const link = second!.querySelector('a[href*="/status/"] > time')!.parentElement!;
      link.setAttribute('href', link.getAttribute('href')!.replace(before, '1111111111111111111'));
      expect(await h.frame()).toEqual([`-${before}`, '+1111111111111111111']);
      expect(h.tweets.at(-1)?.article).toBe(article);
    });

    it('changes inside a tweet (counters) do not report it again', async () => {
      await h.frame();
      const counter = document.querySelector('article [data-testid="app-text-transition-container"] span span')!;
      counter.replaceChildren(document.createTextNode('999'));
      expect(await h.frame()).toEqual([]);
    });

    it('abort disconnects and cancels the pending frame', async () => {
      await h.frame();
      cells()[0]!.remove();
      await new Promise((r) => setTimeout(r, 0));
      expect(h.pendingFrames()).toBe(1);
      h.controller.abort();
      expect(h.pendingFrames()).toBe(0);
      cells()[0]!.remove();
      expect(await h.frame()).toEqual([]);
    });
  });

  it('default scheduling: a batch runs in a task of its own after X\'s (never inside the observer callback), with batch hooks, and our own hosts cost no batch', async () => {
    mountFixture('01');
    const log: string[] = [];
    const controller = new AbortController();
    // After the observer's microtask has asked for its task: then one task later the batch has run.
    const task = async () => {
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
    };
    const watcher = watchPage({
      signal: controller.signal,
      pageUrl: () => FIXTURES['01'].url,
      onTweet: (e) => log.push(`+${e.id}`),
      onTweetGone: (id) => log.push(`-${id}`),
      onBatchStart: () => log.push('start'),
      onBatchEnd: () => log.push('end'),
    });
    h = { controller } as ReturnType<typeof harness>;
    await task();
    // The first scan: one batch with the 20 tweets inside.
    expect(log[0]).toBe('start');
    expect(log.at(-1)).toBe('end');
    expect(log.filter((l) => l.startsWith('+'))).toHaveLength(20);
    log.length = 0;

    const [a, b] = cells().filter((x) => x.querySelector('article'));
    const ids = [idOf(a!), idOf(b!)];
    const parent = a!.parentElement!;
    a!.remove();
    b!.remove();
    // The observer's callback (a microtask at the end of the task that changed the page) does nothing yet...
    await Promise.resolve();
    expect(log).toEqual([]);
    // ...the batch comes in the next task, once for both removals.
    await task();
    expect(log).toEqual(['start', `-${ids[0]}`, `-${ids[1]}`, 'end']);
    log.length = 0;
    parent.append(a!);
    await task();
    expect(log).toEqual(['start', `+${ids[0]}`, 'end']);
    log.length = 0;

    // Our own host going into a tweet, inside or outside a batch: no batch at all (settle drops its records now).
    const userName = a!.querySelector('[data-testid="User-Name"]')!;
    userName.append(document.createElement('caselint-chip'));
    watcher.settle();
    await task();
    expect(log).toEqual([]);
    // Even when the observer delivers it (no settle): looked at in the task, no batch.
    userName.append(document.createElement('caselint-chip'));
    await task();
    expect(log).toEqual([]);
    // A change of X's own inside a tweet is still seen (its article is re-read, same id: nothing to report).
    userName.append(document.createElement('span'));
    await task();
    expect(log).toEqual(['start', 'end']);
  });

  it('falls back to <body> until the primary column appears', async () => {
    document.body.replaceChildren();
    h = harness(FIXTURES['04'].url);
    expect(await h.frame()).toEqual([]);
    const column = document.importNode(fixtureDoc('04').querySelector('main')!, true);
    document.body.append(column);
    const events = await h.frame();
    expect(events).toHaveLength(9);
    // Now observing the column: a removal inside it is seen.
    cells()[0]!.remove();
    expect((await h.frame())).toEqual(['-1985127737481154951']);
  });

  it('reports broken markup once per page when cells hold articles that cannot be parsed', async () => {
    mountFixture('04');
    for (const t of Array.from(document.querySelectorAll('article time'))) t.parentElement!.removeAttribute('href');
    h = harness(FIXTURES['04'].url);
    expect(await h.frame()).toEqual(['broken']);
    expect(h.broken[0]).toMatchObject({ url: FIXTURES['04'].url, cells: 9, articles: 9, found: { time: 9, statusLink: 9, userName: 9 } });
    expect(h.broken[0]?.message).toContain('could not read any of the 9 tweets');
    // More unparseable cells on the same page: not reported again.
    const parent = cells()[0]!.parentElement!;
    parent.append(cells()[0]!.cloneNode(true));
    expect(await h.frame()).toEqual([]);
    // Another page: reported again.
    h.state.url = 'https://x.com/badlogicgames/with_replies';
    parent.append(cells()[1]!.cloneNode(true));
    expect(await h.frame()).toEqual(['route:/badlogicgames/with_replies', 'broken']);
  });

  it('reports a page where only part of the tweets cannot be parsed (a quarter or more), not one odd cell', async () => {
    mountFixture('04');
    const times = Array.from(document.querySelectorAll('article time'));
    times[0]!.parentElement!.removeAttribute('href');
    h = harness(FIXTURES['04'].url);
    const first = await h.frame();
    expect(first).not.toContain('broken');
    expect(first.filter((e) => e.startsWith('+'))).toHaveLength(8);
    h.controller.abort();
    document.body.replaceChildren();

    mountFixture('04');
    for (const t of Array.from(document.querySelectorAll('article time')).slice(0, 3)) t.parentElement!.removeAttribute('href');
    h = harness(FIXTURES['04'].url);
    expect(await h.frame()).toContain('broken');
    expect(h.broken[0]?.message).toContain('could not read 3 of the 9 tweets');
  });

  it('does not report broken markup on logged-out pages that parse (03, 04)', async () => {
    mountFixture('03');
    h = harness(FIXTURES['03'].url);
    expect(await h.frame()).toEqual(['+1991612272289161300']);
    expect(h.broken).toEqual([]);
  });
});
