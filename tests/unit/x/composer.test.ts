import { afterEach, describe, expect, it } from 'vitest';
import { draftRangeRects, findComposers, readDraft } from '../../../lib/x/composer';
import { FIXTURES, fixtureDoc, loadFixture, type FixtureKey } from './fixtures';

/** Composers of a fresh copy of the fixture (`fresh`) or of the shared read-only one. */
function composers(key: FixtureKey, fresh = false) {
  return findComposers(fresh ? loadFixture(key) : fixtureDoc(key), { pageUrl: FIXTURES[key].url });
}

/** Fill a real Draft.js editor the way Draft.js renders lines: one block per line, text in span[data-text]. */
function typeLines(editor: HTMLElement, lines: string[][]): void {
  const doc = editor.ownerDocument;
  const contents = editor.querySelector('[data-contents="true"]')!;
  const template = editor.querySelector('[data-block="true"]')!;
  const blocks = lines.map((spans, i) => {
    const block = template.cloneNode(false) as HTMLElement;
    block.setAttribute('data-offset-key', `k${i}-0-0`);
    const wrap = doc.createElement('div');
    wrap.setAttribute('data-offset-key', `k${i}-0-0`);
    for (const text of spans) {
      const span = doc.createElement('span');
      span.setAttribute('data-offset-key', `k${i}-0-0`);
      if (text === '') span.append(Object.assign(doc.createElement('br'), {}));
      else {
        const t = doc.createElement('span');
        t.setAttribute('data-text', 'true');
        t.textContent = text;
        span.append(t);
      }
      wrap.append(span);
    }
    block.append(wrap);
    return block;
  });
  contents.replaceChildren(...blocks);
}

describe('findComposers', { timeout: 30_000 }, () => {
  it('01 home: the inline composer, its Tweet button, answering nothing', () => {
    const [c, ...rest] = composers('01');
    expect(rest).toHaveLength(0);
    expect(c?.editor.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(c?.editor.getAttribute('contenteditable')).toBe('true');
    expect(c?.button?.getAttribute('data-testid')).toBe('tweetButtonInline');
    expect(c?.kind).toBe('inline');
    expect(c?.replyTo).toBeNull();
    expect(readDraft(c!.editor)).toBe('');
  });

  it('02 status page: the inline reply composer answers the focal tweet', () => {
    const [c, ...rest] = composers('02');
    expect(rest).toHaveLength(0);
    expect(c?.editor.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(c?.button?.textContent).toBe('Reply');
    expect(c?.kind).toBe('inline');
    expect(c?.replyTo?.id).toBe('2013045749580259680');
    expect(c?.replyTo?.author.handle).toBe('arscontexta');
    expect(c?.replyToArticle?.getAttribute('data-testid')).toBe('tweet');
  });

  it('02 without a page URL: the composer is found but answers nothing known', () => {
    expect(findComposers(loadFixture('02'))[0]?.replyTo).toBeNull();
  });

  it.each(['03', '04', '05'] as const)('%s (logged out / fragment): no composer, no throw', (key) => {
    expect(composers(key)).toEqual([]);
  });

  it('a composer inside a dialog answers the article shown in the dialog', () => {
    // Move page 05's real tweet cell and page 01's real composer into a dialog, as X's reply modal does.
    const doc = loadFixture('01');
    const cell = loadFixture('05').querySelector('[data-testid="cellInnerDiv"]')!;
    const dialog = doc.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const editorBox = doc.querySelector('[data-testid="tweetTextarea_0"]')!.closest('[data-testid="primaryColumn"] [data-rbd-droppable-id]')!.parentElement!.parentElement!;
    dialog.append(doc.importNode(cell, true), editorBox);
    doc.getElementById('layers')!.append(dialog);
    const found = findComposers(doc, { pageUrl: 'https://x.com/home' });
    const inDialog = found.filter((c) => c.kind === 'dialog');
    expect(inDialog).toHaveLength(1);
    expect(inDialog[0]?.dialog).toBe(dialog);
    expect(inDialog[0]?.replyTo?.id).toBe('1983130065320780162');
  });
});

describe('readDraft and draftRangeRects', { timeout: 30_000 }, () => {
  afterEach(() => {
    delete (Range.prototype as { getClientRects?: unknown }).getClientRects;
  });

  it('reads one line per Draft.js block, empty lines included', () => {
    const editor = composers('02', true)[0]!.editor;
    typeLines(editor, [['Hi ', '@acme'], [''], ['Call 0800 123 456 😀']]);
    expect(readDraft(editor)).toBe('Hi @acme\n\nCall 0800 123 456 😀');
  });

  it('maps UTF-16 offsets to ranges over the text nodes, line by line, without touching the editor', () => {
    const editor = composers('01', true)[0]!.editor;
    typeLines(editor, [['Hi ', '@acme'], [''], ['Call 0800 😀 ok']]);
    const before = editor.innerHTML;
    const text = readDraft(editor);
    // jsdom has no layout: report each range as a rect whose width is its length and y its line.
    const ranges: string[] = [];
    expect('getClientRects' in Range.prototype).toBe(false);
    expect(draftRangeRects(editor, 0, 4)).toEqual([]); // no layout, no rects, no throw
    Object.defineProperty(Range.prototype, 'getClientRects', {
      configurable: true,
      value(this: Range) {
        ranges.push(this.toString());
        return [new DOMRect(0, ranges.length, this.toString().length, 10)];
      },
    });
    const rects = draftRangeRects(editor, 1, text.indexOf('0800') + 4);
    expect(ranges).toEqual(['i @acme', 'Call 0800']);
    expect(rects.map((r) => r.width)).toEqual([7, 9]);
    ranges.length = 0;
    const emoji = text.indexOf('😀');
    draftRangeRects(editor, emoji, emoji + 2);
    expect(ranges).toEqual(['😀']);
    ranges.length = 0;
    expect(draftRangeRects(editor, 3, 3)).toEqual([]);
    expect(ranges).toEqual([]);
    expect(editor.innerHTML).toBe(before);
  });
});
