/**
 * Where Caselint anchors its UI inside a tweet article. Selectors come from lib/x (its selector table and
 * quote detection), so x.com's markup knowledge stays in lib/x; this only picks the outer tweet's elements.
 */
import { quoteContainer } from './parse';
import { S } from './selectors';

function firstOuter(article: Element, selector: string): HTMLElement | null {
  const quote = quoteContainer(article);
  for (const el of article.querySelectorAll<HTMLElement>(selector)) {
    if (el.closest(S.tweetArticle) === article && (!quote || !quote.contains(el))) return el;
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
