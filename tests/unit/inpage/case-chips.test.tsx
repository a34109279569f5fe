import type { CustomerSummary } from '../../../lib/cases/types';
import { runFeatures, type FeatureEnv, type TweetSeen } from '../../../entrypoints/content/env';
import { featureEnv } from './chips-harness';
import { SummaryCache } from '../../../entrypoints/content/summary-cache';
import '../../../entrypoints/content/features/case-chips';

function summary(handle: string): CustomerSummary {
  return { key: handle.toLowerCase(), handle, displayName: handle, openCases: 2, lastContact: null, overduePromises: 0, nextDue: null, topDetails: [], notes: 0 };
}

function env(signal: AbortSignal, summaries: SummaryCache): FeatureEnv {
  return featureEnv(signal, {} as FeatureEnv['api'], { summaries });
}

/** A timeline cell holding one tweet article with its author block. */
function cell(handle: string): { cell: HTMLElement; article: HTMLElement; userName: HTMLElement } {
  const cell = document.createElement('div');
  cell.dataset.testid = 'cellInnerDiv';
  const article = document.createElement('article');
  article.dataset.testid = 'tweet';
  const userName = document.createElement('div');
  userName.dataset.testid = 'User-Name';
  userName.textContent = `@${handle}`;
  article.append(userName);
  cell.append(article);
  return { cell, article, userName };
}

function seen(id: string, handle: string, article: HTMLElement, userName: HTMLElement): TweetSeen {
  return { id, handle, article, userName, tweet: { id, author: { handle, displayName: handle }, text: '', time: null, replyingTo: [], mentions: [], isFocal: false, quoted: null, url: `https://x.com/${handle}/status/${id}` } };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('case chips on scrolled cells', () => {
  it('a cell X takes off the page and puts back shows exactly one chip, and a reused cell never keeps the old one', async () => {
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.map((h) => [h, summary(h)]))) };
    const cache = new SummaryCache(api, (cb) => {
      queueMicrotask(cb);
      return () => {};
    });
    const ctrl = new AbortController();
    const e = env(ctrl.signal, cache);
    runFeatures(e);
    const { cell: c, article, userName } = cell('dana_w');
    document.body.append(c);
    e.onTweet.emit(seen('1', 'dana_w', article, userName));
    await settle();
    expect(article.querySelectorAll('caselint-chip')).toHaveLength(1);
    expect(article.querySelector('caselint-chip')!.shadowRoot!.querySelector('button')).toHaveAccessibleName('Case history: @dana_w: 2 open cases');

    // Scrolled away: the watcher reports the tweet gone; scrolled back: the same cell returns.
    c.remove();
    e.onTweetGone.emit('1', article);
    document.body.append(c);
    e.onTweet.emit(seen('1', 'dana_w', article, userName));
    await settle();
    expect(article.querySelectorAll('caselint-chip')).toHaveLength(1);
    expect(api.summaries).toHaveBeenCalledTimes(1);

    // The connected cell now shows another author's tweet: the old chip goes at once.
    e.onTweetGone.emit('1', article);
    expect(article.querySelectorAll('caselint-chip')).toHaveLength(0);
    e.onTweet.emit(seen('2', 'other', article, userName));
    await settle();
    expect(article.querySelectorAll('caselint-chip')).toHaveLength(1);

    ctrl.abort();
    expect(document.querySelectorAll('caselint-chip')).toHaveLength(0);
    c.remove();
  });

  it('an author without history gets no host until the tweet is hovered or focused; then its "+ note" shows', async () => {
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => h === 'known').map((h) => [h, summary(h)]))) };
    const cache = new SummaryCache(api, (cb) => {
      queueMicrotask(cb);
      return () => {};
    });
    const ctrl = new AbortController();
    const e = env(ctrl.signal, cache);
    const settleSpy = vi.fn();
    e.settle = settleSpy;
    runFeatures(e);
    const known = cell('known');
    const stranger = cell('stranger');
    const other = cell('other');
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = 'a link in the tweet';
    other.article.append(link);
    document.body.append(known.cell, stranger.cell, other.cell);
    e.onTweet.emit(seen('1', 'known', known.article, known.userName));
    e.onTweet.emit(seen('2', 'stranger', stranger.article, stranger.userName));
    e.onTweet.emit(seen('3', 'other', other.article, other.userName));
    await settle();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    // The author with history has a chip at once; the two strangers have nothing on the page.
    expect(known.article.querySelector('caselint-chip')!.shadowRoot!.querySelector('button')).toHaveAccessibleName('Case history: @known: 2 open cases');
    expect(stranger.article.querySelector('caselint-chip')).toBeNull();
    expect(other.article.querySelector('caselint-chip')).toBeNull();
    // The watcher was told to drop the records of the hosts just inserted.
    expect(settleSpy).toHaveBeenCalled();

    // Pointer over the stranger's tweet: its "+ note" goes in, shown.
    stranger.userName.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const host = stranger.article.querySelector('caselint-chip')!;
    expect(host).not.toBeNull();
    expect(host.hasAttribute('data-hover')).toBe(true);
    expect(host.shadowRoot!.querySelector('button')).toHaveAccessibleName('Add case note: @stranger');
    // Keyboard focus reaching the other tweet does the same (Tab goes on to the button).
    link.focus();
    const host2 = other.article.querySelector('caselint-chip')!;
    expect(host2.shadowRoot!.querySelector('button')).toHaveAccessibleName('Add case note: @other');
    expect(host2.hasAttribute('data-hover')).toBe(true);
    // No lookup more for any of this.
    expect(api.summaries).toHaveBeenCalledTimes(1);

    ctrl.abort();
    expect(document.querySelectorAll('caselint-chip')).toHaveLength(0);
    for (const c of [known, stranger, other]) c.cell.remove();
  });
});
