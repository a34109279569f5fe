/**
 * Reading tweets out of x.com's rendered DOM. Pure functions of the elements passed in: nothing here reads
 * `location`, mutates the page or keeps state.
 */
import { S } from './selectors';
import { statusIdFromUrl } from './page';
import type { XQuotedTweet, XTweet, XUser } from './types';

export interface ParseOptions {
  /** URL of the page the article is on; on a status page the article whose id equals the URL's id is focal. */
  pageUrl?: string | URL | null;
}

const STATUS_PATH = /^\/([A-Za-z0-9_]{1,15})\/status\/(\d+)(?:\/|$|\?|#)/;
/** A root-relative path without dot segments or escapes, optionally on x.com / twitter.com: the path part. */
const SIMPLE_HREF = /^(?:https:\/\/(?:www\.)?(?:x|twitter)\.com)?(\/(?!\/)[A-Za-z0-9_/]*)(?:[?#]|$)/;
const HANDLE = /@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])/;
const MENTION = /(?:^|[^A-Za-z0-9_@.!#$%&*])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/g;

/** All tweet articles under `root` (and `root` itself if it is one), in document order. */
export function findTweetArticles(root: ParentNode): HTMLElement[] {
  const found = Array.from(root.querySelectorAll<HTMLElement>(S.tweetArticle));
  if (isElement(root) && root.matches(S.tweetArticle)) found.unshift(root as HTMLElement);
  return found;
}

/**
 * The quoted tweet's container inside `article`: a div[role="link"] holding a User-Name. Cards and other
 * clickable blocks are div[role="link"] too but have no User-Name.
 */
export function quoteContainer(article: Element): HTMLElement | null {
  for (const el of article.querySelectorAll<HTMLElement>(S.quoteContainer)) {
    if (el.closest(S.tweetArticle) === article && el.querySelector(S.userName)) return el;
  }
  return null;
}

/** True when `el` belongs to the outer tweet of `article`, not to its quoted tweet. */
function isOuter(el: Element, article: Element, quote: Element | null): boolean {
  return el.closest(S.tweetArticle) === article && (quote === null || !quote.contains(el));
}

function firstOuter(article: Element, selector: string, quote: Element | null): HTMLElement | null {
  for (const el of article.querySelectorAll<HTMLElement>(selector)) if (isOuter(el, article, quote)) return el;
  return null;
}

/** Parses a status URL path or absolute URL: handle and id. */
function parseStatusHref(href: string): { handle: string; id: string } | null {
  // Fast path for what X renders (a root-relative path or an x.com/twitter.com URL): no URL object.
  const fast = SIMPLE_HREF.exec(href);
  if (fast) {
    const m = STATUS_PATH.exec(fast[1]!);
    return m ? { handle: m[1]!, id: m[2]! } : null;
  }
  let path: string;
  try {
    path = new URL(href, 'https://x.com').pathname;
  } catch {
    return null;
  }
  const m = STATUS_PATH.exec(path);
  return m ? { handle: m[1]!, id: m[2]! } : null;
}

/**
 * Text as a reader sees it: text nodes, emoji <img alt>, <br> as a newline. Inside tweet text X keeps the
 * hidden parts of shortened links ("https://", the tail of the URL) in aria-hidden spans sized to nothing; they
 * are skipped, but the visible "…" (also aria-hidden) is kept: "en.wikipedia.org/wiki/Google_De…".
 */
export function visibleText(root: Node): string {
  let out = '';
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      out += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName;
    if (tag === 'IMG') {
      out += el.getAttribute('alt') ?? '';
      return;
    }
    if (tag === 'BR') {
      out += '\n';
      return;
    }
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'svg' || tag === 'SVG') return;
    if (el.getAttribute('aria-hidden') === 'true' && el !== root && (el.textContent ?? '') !== '…') return;
    for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(root);
  return out;
}

/** First text node under `root` that is exactly an "@handle" (X renders the handle in its own span). */
function handleNode(root: Node): string | null {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = /^\s*@([A-Za-z0-9_]{1,15})\s*$/.exec(n.nodeValue ?? '');
    if (m) return m[1]!;
  }
  return null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * A promoted tweet ("Ad"): X puts impression pixels in its cell and gives the article no permalink. Such an article
 * is not a tweet Caselint failed to read, and gets no chip (parseTweet returns null: no status link).
 */
export function isPromoted(article: Element): boolean {
  const cell = article.closest(S.cell) ?? article;
  return cell.querySelector(S.adPixel) !== null;
}

/** Author from a User-Name block: its first child holds the display name, the second the "@handle". */
export function parseUserName(block: Element | null): XUser | null {
  if (!block) return null;
  const parts = Array.from(block.children);
  const handle = parts.length >= 2 ? handleNode(parts[1]!) : handleNode(block);
  if (!handle) return null;
  // A display name is one line on X: runs of white space (a re-indented saved page, a name's own double spaces)
  // read as one space.
  let displayName = parts.length >= 2 ? oneLine(visibleText(parts[0]!)) : '';
  if (!displayName) {
    const all = visibleText(block);
    displayName = oneLine(all.slice(0, Math.max(0, all.indexOf('@' + handle))));
  }
  return { handle, displayName };
}

function extractMentions(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const h = m[1]!;
    if (!seen.has(h.toLowerCase())) {
      seen.add(h.toLowerCase());
      out.push(h);
    }
  }
  return out;
}

/**
 * "Replying to @a @b" line of the outer tweet. No fixture has one (X shows it on some replies only); we look for
 * an outer element whose own text starts with "Replying to" and read the @handles in it.
 */
function parseReplyingTo(article: Element, quote: Element | null, textEl: Element | null): string[] {
  const doc = article.ownerDocument;
  const walker = doc.createTreeWalker(article, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!/^\s*Replying to\b/.test(n.nodeValue ?? '')) continue;
    const el = n.parentElement;
    if (!el || !isOuter(el, article, quote) || (textEl && textEl.contains(el))) continue;
    const handles: string[] = [];
    for (const m of visibleText(el).matchAll(new RegExp(HANDLE.source, 'g'))) {
      if (!handles.includes(m[1]!)) handles.push(m[1]!);
    }
    return handles;
  }
  return [];
}

/** `outerId`: the quoting tweet's own id, never the quote's (a page can put the outer tweet's /analytics link inside the quote's box: h11). */
function parseQuoted(quote: HTMLElement | null, outerId: string): XQuotedTweet | null {
  if (!quote) return null;
  const author = parseUserName(quote.querySelector(S.userName));
  const textEl = quote.querySelector(S.tweetText);
  let id: string | null = null;
  for (const a of quote.querySelectorAll<HTMLAnchorElement>(S.statusLink)) {
    const s = parseStatusHref(a.getAttribute('href') ?? '');
    if (s && s.id !== outerId) {
      id = s.id;
      break;
    }
  }
  return { id, author, text: textEl ? visibleText(textEl) : '' };
}

/**
 * One tweet from its article, or null when the article has no permalink or author (a placeholder, an ad shell,
 * or markup X changed).
 */
export function parseTweet(article: Element, options: ParseOptions = {}): XTweet | null {
  const quote = quoteContainer(article);

  // Permalink: the <time> of the outer tweet sits inside its status link.
  let status: { handle: string; id: string } | null = null;
  let time: string | null = null;
  for (const t of article.querySelectorAll('time')) {
    if (!isOuter(t, article, quote)) continue;
    const a = t.parentElement?.closest('a[href*="/status/"]');
    const s = a ? parseStatusHref(a.getAttribute('href') ?? '') : null;
    if (s) {
      status = s;
      time = t.getAttribute('datetime');
      break;
    }
  }
  if (!status) return null;

  const author = parseUserName(firstOuter(article, S.userName, quote)) ?? null;
  if (!author) return null;

  const textEl = firstOuter(article, S.tweetText, quote);
  const text = textEl ? visibleText(textEl) : '';
  const pageId = options.pageUrl ? statusIdFromUrl(options.pageUrl) : null;

  return {
    id: status.id,
    author,
    text,
    time,
    replyingTo: parseReplyingTo(article, quote, textEl),
    mentions: extractMentions(text),
    isFocal: pageId !== null && pageId === status.id,
    quoted: parseQuoted(quote, status.id),
    url: `https://x.com/${status.handle}/status/${status.id}`,
  };
}

/**
 * True when `el` sits inside a quoted tweet of `article`: some div[role="link"] between them holds a User-Name
 * (same rule as `quoteContainer`, read upwards from `el`: a few ancestor steps instead of a query of the article).
 */
export function insideQuote(el: Element, article: Element): boolean {
  for (let l = el.parentElement?.closest(QUOTE_BOX); l && l !== article && article.contains(l); l = l.parentElement?.closest(QUOTE_BOX)) {
    if (l.querySelector(S.userName)) return true;
  }
  return false;
}
const QUOTE_BOX = 'div[role="link"]';

/** What the watcher and the chips need of a tweet: its status id, its author's handle and its permalink. */
export interface TweetKey {
  id: string;
  /** Author handle from the outer permalink (/handle/status/id), case as X renders it. */
  handle: string;
  /** https://x.com/handle/status/id */
  url: string;
  /** The outer tweet's User-Name block (where the light parse found the author), for callers anchoring UI there. */
  userName?: HTMLElement;
}

/**
 * The light parse: status id and author of the outer tweet from its <time> permalink, which X renders inside the
 * tweet's User-Name block. No text, mentions or quote: those are `parseTweet`'s (use `parseTweetCached`). Null
 * exactly where the article has no outer permalink <time> inside a User-Name (placeholder, ad shell, or markup X
 * changed): the watcher's "markup broken" check uses this.
 */
export function tweetKey(article: Element): TweetKey | null {
  const times = article.getElementsByTagName('time');
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const a = t.parentElement?.closest('a[href*="/status/"]');
    if (!a || !article.contains(a)) continue;
    const s = parseStatusHref(a.getAttribute('href') ?? '');
    if (!s) continue;
    if (t.closest(S.tweetArticle) !== article || insideQuote(t, article)) continue;
    // The author block must be there (parseTweet needs it too); the time normally sits inside it.
    let block = t.closest<HTMLElement>(S.userName);
    if (!(block && article.contains(block))) block = firstOuter(article, S.userName, quoteContainer(article));
    if (!block) return null;
    return { id: s.id, handle: s.handle, url: `https://x.com/${s.handle}/status/${s.id}`, userName: block };
  }
  return null;
}

interface ParsedMemo {
  id: string;
  focalId: string | null;
  tweet: XTweet | null;
}
const parsedMemo = new WeakMap<Element, ParsedMemo>();

/**
 * `parseTweet`, memoised per article and status id (and the page's focal id): the full parse runs once, when a
 * feature first needs the text, mentions, quote or replying-to line. Returns null when the article no longer
 * shows tweet `id` (a reused cell) or does not parse. Call `forgetParsedTweet` when the article re-rendered.
 */
export function parseTweetCached(article: Element, id: string, options: ParseOptions = {}): XTweet | null {
  const focalId = options.pageUrl ? statusIdFromUrl(options.pageUrl) : null;
  const memo = parsedMemo.get(article);
  if (memo && memo.id === id && memo.focalId === focalId) return memo.tweet;
  const parsed = parseTweet(article, options);
  const tweet = parsed && parsed.id === id ? parsed : null;
  if (parsed) parsedMemo.set(article, { id: parsed.id, focalId, tweet: parsed });
  return tweet;
}

/** Drop the memoised full parse of `article` (its content changed, e.g. "Show more"). */
export function forgetParsedTweet(article: Element): void {
  parsedMemo.delete(article);
}

/**
 * Tweets above the focal one on a conversation page (the thread it answers), in page order. Empty when the
 * focal tweet is first or not present.
 *
 * Given article elements it parses them (skipping articles that do not parse) and returns XTweets; given
 * records that already carry an `id` (e.g. what the watcher reported) it returns those records.
 */
export function threadAbove(articles: readonly Element[], focalId: string, options?: ParseOptions): XTweet[];
export function threadAbove<T extends { id: string }>(items: readonly T[], focalId: string): T[];
export function threadAbove(
  items: readonly (Element | { id: string })[],
  focalId: string,
  options: ParseOptions = {},
): (XTweet | { id: string })[] {
  const above: (XTweet | { id: string })[] = [];
  for (const item of items) {
    const rec = isElement(item) ? parseTweet(item, options) : item;
    if (!rec) continue;
    if (rec.id === focalId) return above;
    above.push(rec);
  }
  return [];
}

function isElement(n: unknown): n is Element {
  return typeof n === 'object' && n !== null && (n as Node).nodeType === 1;
}
