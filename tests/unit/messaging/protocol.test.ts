import { describe, expect, it } from 'vitest';
import { CASE_METHODS, checkSender, parseArgs, MessageRejectedError, type SenderLike } from '../../../lib/messaging/protocol';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const xTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 7 }, frameId: 0 };

/** Chrome sends messages as JSON: what the background sees is the JSON round trip of the client's args. */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('parseArgs', () => {
  it('covers every CaseApi method', () => {
    expect(CASE_METHODS).toHaveLength(33);
    expect(CASE_METHODS).toContain('importCsv');
    expect(CASE_METHODS).toContain('assignCase');
    expect(CASE_METHODS).toContain('openCases');
    expect(CASE_METHODS).toContain('updatePromise');
  });

  it('updatePromise: a new due time (or none), a new text, or both; never nothing', () => {
    expect(parseArgs('updatePromise', wire([{ id: 'p1', due: 1_700_000_000_000 }]))).toEqual([{ id: 'p1', due: 1_700_000_000_000 }]);
    // Clearing the due date is a change: null survives the wire.
    expect(parseArgs('updatePromise', wire([{ id: 'p1', due: null }]))).toEqual([{ id: 'p1', due: null }]);
    // An undefined due is dropped by JSON: only the text changes.
    expect(parseArgs('updatePromise', wire([{ id: 'p1', text: ' DM by Monday ', due: undefined }]))).toEqual([{ id: 'p1', text: 'DM by Monday' }]);
    expect(() => parseArgs('updatePromise', wire([{ id: 'p1' }]))).toThrow(/invalid "updatePromise" message: arguments: give a new text or due time/);
    expect(() => parseArgs('updatePromise', [{ id: 'p1', text: '  ' }])).toThrow(/text: text must not be empty/);
    expect(() => parseArgs('updatePromise', [{ id: 'p1', text: 'x'.repeat(2001) }])).toThrow(/text: a promise has at most 2000 characters/);
    expect(() => parseArgs('updatePromise', [{ id: 'p1', due: 1.5 }])).toThrow(/due: a time is whole epoch milliseconds/);
    expect(() => parseArgs('updatePromise', [{ id: 'p1', due: '2026-11-27' }])).toThrow(/due:/);
    expect(() => parseArgs('updatePromise', [{ id: 'p1', due: 1, done: false }])).toThrow(/done/);
    expect(() => parseArgs('updatePromise', [{ id: '', due: 1 }])).toThrow(/id: an id must not be empty/);
  });

  it('accepts valid calls as they arrive over the wire, with undefined arguments sent as null', () => {
    expect(parseArgs('searchCustomers', wire(['acme', undefined]))).toEqual(['acme', undefined]);
    expect(parseArgs('searchCustomers', wire(['acme']))).toEqual(['acme', undefined]);
    expect(parseArgs('exportBackup', wire([]))).toEqual([]);
    const note = { handle: '@Jane_Doe', text: 'Refund sent', caseId: null };
    expect(parseArgs('addNote', wire([note]))).toEqual([note]);
  });

  it('names the method and the field that is wrong', () => {
    expect(() => parseArgs('addNote', [{ handle: 'jane', text: '   ' }])).toThrow(/invalid "addNote" message: text: text must not be empty/);
    expect(() => parseArgs('history', [''])).toThrow(/handle must not be empty/);
    expect(() => parseArgs('summaries', [['ok', 'not a handle!']])).toThrow(/1: a handle has only letters/);
    expect(() => parseArgs('updateCase', [{ id: 'c1', patch: { status: 'closed' } }])).toThrow(/patch\.status/);
    expect(() => parseArgs('attachTweet', [{ handle: 'jane', tweetId: 'abc', text: 'hi' }])).toThrow(/tweetId: a tweet id is a string of digits/);
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    expect(() => parseArgs('updateCase', [{ id: 'c1', patch: { customerKey: 'someone-else' } }])).toThrow(MessageRejectedError);
    expect(() => parseArgs('updateCase', [{ id: 'c1', patch: { customerKey: 'x' } }])).toThrow(/customerKey/);
  });

  it('rejects wrong shapes and unknown messages', () => {
    expect(() => parseArgs('history', 'jane')).toThrow(/invalid "history" message/);
    expect(() => parseArgs('summaries', [Array.from({ length: 1001 }, (_, i) => `h${i}`)])).toThrow(/at most 1000 handles/);
    expect(() => parseArgs('dropDatabase', [])).toThrow(/unknown message "dropDatabase"/);
  });
});

describe('checkSender', () => {
  it('accepts our content script on x.com and twitter.com tabs', () => {
    expect(checkSender('summaries', xTab, self)).toEqual({ kind: 'content', tabId: 7, frameId: 0, url: 'https://x.com/home' });
    expect(checkSender('summaries', { ...xTab, url: 'https://twitter.com/jane/status/1' }, self).kind).toBe('content');
  });

  it('accepts our options page and side panel, with or without a tab', () => {
    expect(checkSender('clearAll', { id: 'our-id', url: 'chrome-extension://our-id/options.html#data', tab: { id: 3 } }, self)).toEqual({
      kind: 'page',
      path: '/options.html',
      tabId: 3,
    });
    expect(checkSender('history', { id: 'our-id', url: 'chrome-extension://our-id/sidepanel.html' }, self)).toEqual({
      kind: 'page',
      path: '/sidepanel.html',
      tabId: null,
    });
  });

  it('rejects other extensions, other sites and unknown pages', () => {
    expect(() => checkSender('summaries', { ...xTab, id: 'evil-id' }, self)).toThrow(/sender is not this extension/);
    expect(() => checkSender('summaries', undefined, self)).toThrow(/sender is not this extension/);
    expect(() => checkSender('summaries', { ...xTab, url: 'https://x.com.evil.example/home' }, self)).toThrow(
      /only call from x\.com or twitter\.com, not https:\/\/x\.com\.evil\.example/,
    );
    expect(() => checkSender('summaries', { ...xTab, url: 'http://x.com/home' }, self)).toThrow(/not http:\/\/x\.com/);
    expect(() => checkSender('summaries', { id: 'our-id', url: 'chrome-extension://our-id/sandbox.html' }, self)).toThrow(
      /extension page \/sandbox\.html may not call/,
    );
    expect(() => checkSender('summaries', { id: 'our-id', url: 'https://x.com/home' }, self)).toThrow(/must come from a browser tab/);
  });

  it('keeps bulk operations away from content scripts', () => {
    for (const method of ['clearAll', 'importBackup', 'importCsv', 'exportBackup', 'exportBackupBegin', 'exportBackupChunk', 'importBackupChunk', 'importBackupCommit']) {
      expect(() => checkSender(method, xTab, self)).toThrow(/only the extension's own pages may call it/);
    }
  });
});
