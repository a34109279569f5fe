/**
 * Where Caselint anchors its UI inside a tweet article. Selectors come from lib/x (its selector table and
 * quote detection), so x.com's markup knowledge stays in lib/x; this only picks the outer tweet's elements.
 */
import { insideQuote } from './parse';
import { S } from './selectors';

function firstOuter(article: Element, selector: string): HTMLElement | null {
  // The outer tweet's elements come first in document order: usually the first candidate is the answer, so
  // this walks up from candidates instead of searching the article for its quoted tweet.
  for (const el of article.querySelectorAll<HTMLElement>(selector)) {
    if (el.closest(S.tweetArticle) === article && !insideQuote(el, article)) return el;
  }
  return null;
}

/** The outer tweet's User-Name block (display name, @handle, time): the chip goes at its end. */
export function userNameElement(article: Element): HTMLElement | null {
  return firstOuter(article, S.userName);
}

/** The outer tweet's text element, to scope "save selected text as a detail". */
export function tweetTextElement(article: Element): HTMLElement | null {
  return firstOuter(article, S.tweetText);
}

/**
 * The tweet X's own keyboard navigation (j/k) has selected: X moves the focus to the tweet's article (or the focus
 * is inside it, e.g. on its chip). Null when the focus is on no tweet.
 */
export function selectedTweetArticle(doc: Document): HTMLElement | null {
  const active = doc.activeElement;
  return active instanceof Element ? active.closest<HTMLElement>(S.tweetArticle) : null;
}
