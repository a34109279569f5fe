/**
 * X's reply composers (Draft.js editors). Read-only: nothing here writes to the editor; highlights are drawn
 * by the caller in an overlay from the rects `draftRangeRects` returns.
 */
import { EDITOR_TESTID, S } from './selectors';
import { findTweetArticles, parseTweet, type ParseOptions } from './parse';
import { statusIdFromUrl } from './page';
import type { XTweet } from './types';

export interface XComposer {
  /** The Draft.js contenteditable ([data-testid="tweetTextarea_N"]). */
  editor: HTMLElement;
  /** Its send button (tweetButtonInline or tweetButton), or null if X has not rendered it yet. */
  button: HTMLButtonElement | null;
  /** Inline in the page, or in the modal reply/compose dialog. */
  kind: 'inline' | 'dialog';
  /** The dialog element when kind is 'dialog'. */
  dialog: HTMLElement | null;
  /** The tweet this composer answers: the focal tweet (inline, status page), the tweet shown in the dialog, or null (new post). */
  replyTo: XTweet | null;
  replyToArticle: HTMLElement | null;
}

function isEditor(el: Element): el is HTMLElement {
  return EDITOR_TESTID.test(el.getAttribute('data-testid') ?? '');
}

/** X's Draft.js editor itself (`tweetTextarea_<n>`), not its _label or RichTextInputContainer wrappers. */
export function isComposerEditor(el: Element): el is HTMLElement {
  return el.matches(S.composerEditor) && isEditor(el);
}

/** Draft.js editors under `root` (root included), excluding X's _label and RichTextInputContainer wrappers. */
export function findEditors(root: ParentNode): HTMLElement[] {
  const all = Array.from(root.querySelectorAll(S.composerEditor)).filter(isEditor);
  if ((root as Element).nodeType === 1 && isComposerEditor(root as Element)) all.unshift(root as HTMLElement);
  return all;
}

/** The send button belonging to `editor`: the one in its nearest ancestor that holds one (never past a dialog). */
function buttonFor(editor: HTMLElement, dialog: HTMLElement | null): HTMLButtonElement | null {
  for (let el = editor.parentElement; el; el = el.parentElement) {
    const b = el.querySelector<HTMLButtonElement>(S.tweetButton);
    if (b) return b;
    if (el === dialog || el.tagName === 'MAIN' || el.tagName === 'BODY') break;
  }
  return null;
}

function focalArticle(doc: ParentNode, statusId: string, options: ParseOptions): HTMLElement | null {
  for (const a of findTweetArticles(doc)) {
    if (a.closest(S.dialog)) continue;
    if (parseTweet(a, options)?.id === statusId) return a;
  }
  return null;
}

/**
 * Every composer under `root`. `pageUrl` tells which tweet an inline composer answers on a status page;
 * without it (or on the home timeline) an inline composer answers nothing.
 */
export function findComposers(root: ParentNode, options: ParseOptions = {}): XComposer[] {
  const pageId = options.pageUrl ? statusIdFromUrl(options.pageUrl) : null;
  const doc: ParentNode = (root as Node).ownerDocument ?? (root as Document);
  const result: XComposer[] = [];
  let focal: HTMLElement | null | undefined;
  for (const editor of findEditors(root)) {
    const dialog = editor.closest<HTMLElement>(S.dialog);
    let replyToArticle: HTMLElement | null = null;
    if (dialog) {
      replyToArticle = dialog.querySelector<HTMLElement>(S.tweetArticle);
    } else if (pageId) {
      if (focal === undefined) focal = focalArticle(doc, pageId, options);
      replyToArticle = focal;
    }
    const replyTo = replyToArticle ? parseTweet(replyToArticle, options) : null;
    result.push({
      editor,
      button: buttonFor(editor, dialog),
      kind: dialog ? 'dialog' : 'inline',
      dialog,
      replyTo,
      replyToArticle: replyTo ? replyToArticle : null,
    });
  }
  return result;
}

/** The Draft.js blocks (lines) of an editor, in order. */
function draftBlocks(editor: Element): Element[] {
  const blocks = Array.from(editor.querySelectorAll('[data-block="true"]'));
  if (blocks.length) return blocks;
  const contents = editor.querySelector('[data-contents="true"]');
  return contents ? Array.from(contents.children) : [];
}

function textNodes(el: Node): Text[] {
  const out: Text[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === 3) out.push(n as Text);
    else for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(el);
  return out;
}

/** Plain text of a Draft.js editor: one line per block, joined with "\n". Empty editor gives "". */
export function readDraft(editor: Element): string {
  const blocks = draftBlocks(editor);
  if (!blocks.length) return editor.textContent ?? '';
  return blocks.map((b) => textNodes(b).map((t) => t.data).join('')).join('\n');
}

/**
 * Client rects covering UTF-16 offsets [start, end) of `readDraft(editor)`, one or more per line touched.
 * Uses document.createRange() over the editor's text nodes; never changes the editor. Returns [] where the
 * browser has no layout (Range#getClientRects missing, e.g. jsdom) or the range is empty.
 */
export function draftRangeRects(editor: Element, start: number, end: number): DOMRect[] {
  const doc = editor.ownerDocument;
  if (end <= start) return [];
  const blocks = draftBlocks(editor);
  const lines = blocks.length ? blocks : [editor];
  const rects: DOMRect[] = [];
  let lineStart = 0;
  for (const line of lines) {
    const nodes = textNodes(line);
    const lineLength = nodes.reduce((n, t) => n + t.data.length, 0);
    const lineEnd = lineStart + lineLength;
    const from = Math.max(start, lineStart);
    const to = Math.min(end, lineEnd);
    if (from < to) {
      const range = doc.createRange();
      let pos = lineStart;
      let startSet = false;
      for (const t of nodes) {
        const tEnd = pos + t.data.length;
        if (!startSet && from < tEnd) {
          range.setStart(t, from - pos);
          startSet = true;
        }
        if (startSet && to <= tEnd) {
          range.setEnd(t, to - pos);
          break;
        }
        pos = tEnd;
      }
      if (typeof range.getClientRects === 'function') {
        for (const r of Array.from(range.getClientRects())) rects.push(r);
      }
      range.detach?.();
    }
    lineStart = lineEnd + 1; // the "\n" between blocks
    if (lineStart > end) break;
  }
  return rects;
}

/**
 * A DOM Range over UTF-16 offsets [start, end) of `readDraft(editor)`, for selecting text before inserting a
 * suggestion (the editor's nodes are not changed here). Null when the offsets fall outside the text.
 */
export function draftRange(editor: Element, start: number, end: number): Range | null {
  const blocks = draftBlocks(editor);
  const lines = blocks.length ? blocks : [editor];
  let startAt: [Node, number] | null = null;
  let endAt: [Node, number] | null = null;
  let lineStart = 0;
  for (const line of lines) {
    const nodes = textNodes(line);
    let pos = lineStart;
    for (const t of nodes) {
      const tEnd = pos + t.data.length;
      if (!startAt && start >= pos && start <= tEnd) startAt = [t, start - pos];
      if (startAt && !endAt && end >= pos && end <= tEnd) endAt = [t, end - pos];
      pos = tEnd;
    }
    if (endAt) break;
    lineStart = pos + 1; // the "\n" between blocks
  }
  if (!startAt || !endAt) return null;
  const range = editor.ownerDocument.createRange();
  range.setStart(startAt[0], startAt[1]);
  range.setEnd(endAt[0], endAt[1]);
  return range;
}
