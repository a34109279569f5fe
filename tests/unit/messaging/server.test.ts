import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { createCaseClient } from '../../../lib/messaging/client';
import { CONTENT_LIMITS, ContentRateLimiter } from '../../../lib/messaging/limits';
import type { CasesChangedEvent, SenderLike } from '../../../lib/messaging/protocol';
import { changedBy, handleMessage, registerHandlers, type ServerDeps } from '../../../lib/messaging/server';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const xTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 7 } };
const options: SenderLike = { id: 'our-id', url: 'chrome-extension://our-id/options.html', tab: { id: 2 } };
const evil: SenderLike = { id: 'our-id', url: 'https://evil.example/', tab: { id: 9 } };

let dbCount = 0;
function setup() {
  const store = new CaseStore(new CaselintDB(`messaging-test-${++dbCount}`));
  const events: CasesChangedEvent[] = [];
  const focus = new Map<number, unknown>();
  const deps: ServerDeps = {
    api: store,
    self,
    broadcastCasesChanged: (e) => events.push(e),
    setFocus: async (tabId, tweet) => {
      const entry = tweet ? { ...tweet, tabId, at: 1 } : null;
      focus.set(tabId, entry);
      return entry;
    },
    getFocus: async (tabId) => (focus.get(tabId ?? -1) as never) ?? null,
    openSidePanel: vi.fn(async () => ({ opened: true })),
  };
  return { store, events, deps, focus };
}

describe('handleMessage', () => {
  it('writes through the store and broadcasts which customer changed', async () => {
    const { deps, events, store } = setup();
    const note = await handleMessage(deps, 'addNote', [{ handle: '@JaneDoe', text: 'Promised a callback' }], xTab);
    expect(note).toMatchObject({ customerKey: 'janedoe', text: 'Promised a callback' });
    expect((await store.history('janedoe'))?.notes.map((n) => n.text)).toEqual(['Promised a callback']);
    expect(events).toEqual([{ handles: ['janedoe'], all: false }]);

    const summaries = await handleMessage(deps, 'summaries', [['JaneDoe', 'nobody']], xTab);
    expect(Object.keys(summaries as object)).toEqual(['janedoe']);
    expect(events).toHaveLength(1); // reads broadcast nothing
  });

  it('the options page reschedules a promise and broadcasts its customer; an unknown id is the store\'s error naming it', async () => {
    const { deps, events, store } = setup();
    const p = await store.addPromise({ handle: 'JaneDoe', text: 'DM you by Friday', due: 1_000 });
    const moved = await handleMessage(deps, 'updatePromise', [{ id: p.id, due: 5_000, text: 'DM you by Monday' }], options);
    expect(moved).toMatchObject({ id: p.id, customerKey: 'janedoe', due: 5_000, text: 'DM you by Monday' });
    expect((await store.history('janedoe'))?.promises).toEqual([expect.objectContaining({ due: 5_000, text: 'DM you by Monday' })]);
    expect(events).toEqual([{ handles: ['janedoe'], all: false }]);

    await expect(handleMessage(deps, 'updatePromise', [{ id: 'missing-1', due: 1 }], options)).rejects.toThrow('No promise with id missing-1');
    await expect(handleMessage(deps, 'updatePromise', [{ id: p.id }], options)).rejects.toThrow(/nothing to change/);
    expect(events).toHaveLength(1);
  });

  it('rejects a bad payload before it reaches the database', async () => {
    const { deps, events, store } = setup();
    await expect(handleMessage(deps, 'addNote', [{ handle: 'jane', text: '' }], xTab)).rejects.toThrow(/text: text must not be empty/);
    await expect(handleMessage(deps, 'addNote', [{ handle: 'jane', text: 'x', extra: 1 }], xTab)).rejects.toThrow(/extra/);
    expect(await store.history('jane')).toBeNull();
    expect(events).toEqual([]);
  });

  it('rejects foreign senders and keeps bulk operations to extension pages', async () => {
    const { deps, store } = setup();
    await store.addNote({ handle: 'jane', text: 'keep me' });
    await expect(handleMessage(deps, 'addNote', [{ handle: 'jane', text: 'spam' }], evil)).rejects.toThrow(/not https:\/\/evil\.example/);
    await expect(handleMessage(deps, 'clearAll', [], { ...xTab, id: 'other-extension' })).rejects.toThrow(/not this extension/);
    await expect(handleMessage(deps, 'clearAll', [], xTab)).rejects.toThrow(/only the extension's own pages/);
    expect((await store.history('jane'))?.notes.map((n) => n.text)).toEqual(['keep me']);

    await handleMessage(deps, 'clearAll', [], options);
    expect(await store.history('jane')).toBeNull();
  });

  it('keeps the focused tweet per tab, only from content scripts', async () => {
    const { deps } = setup();
    const tweet = { tweetId: '123', handle: 'jane', mode: 'reply' as const };
    await handleMessage(deps, 'focusTweet', [{ tweet }], xTab);
    expect(await handleMessage(deps, 'getFocus', [{ tabId: 7 }], options)).toMatchObject({ tweetId: '123', tabId: 7 });
    await expect(handleMessage(deps, 'focusTweet', [{ tweet }], options)).rejects.toThrow(/only a content script/);
    await expect(handleMessage(deps, 'getFocus', [{ tabId: 7 }], xTab)).rejects.toThrow(/only the extension's own pages/);
    await expect(handleMessage(deps, 'focusTweet', [{ tweet: { ...tweet, mode: 'hover' } }], xTab)).rejects.toThrow(/tweet\.mode/);
  });

  it('opens the side panel for the sender tab', async () => {
    const { deps } = setup();
    await handleMessage(deps, 'openSidePanel', [{}], xTab);
    expect(deps.openSidePanel).toHaveBeenCalledWith({ kind: 'content', tabId: 7, frameId: 0, url: 'https://x.com/home' }, undefined);
  });

  it('injects the lint engine into the frame of the content script that asks, never for a page, a few times a minute', async () => {
    const { deps } = setup();
    const injectLinter = vi.fn(async () => undefined);
    const limited = { ...deps, injectLinter, limiter: new ContentRateLimiter(() => 0) };
    await handleMessage(limited, 'loadLinter', [], { ...xTab, frameId: 3 });
    expect(injectLinter).toHaveBeenCalledWith({ tabId: 7, frameId: 3 });
    await expect(handleMessage(limited, 'loadLinter', [], options)).rejects.toThrow(/only a content script/);
    await expect(handleMessage(limited, 'loadLinter', [], evil)).rejects.toThrow(/content scripts may only call from x.com/);
    await expect(handleMessage(limited, 'loadLinter', [{ file: '/evil.js' }], xTab)).rejects.toThrow(/invalid "loadLinter"/);
    for (let i = 1; i < CONTENT_LIMITS.inject; i++) await handleMessage(limited, 'loadLinter', [], xTab);
    await expect(handleMessage(limited, 'loadLinter', [], xTab)).rejects.toThrow(/too many inject requests/);
    expect(injectLinter).toHaveBeenCalledTimes(CONTENT_LIMITS.inject);
  });
});

describe('changedBy', () => {
  it('reports both handles of a merge and "all" for deletes by id', () => {
    expect(changedBy('mergeCustomers', [{ from: '@Old', into: 'New' }], { key: 'new' })).toEqual({ handles: ['new', 'old'], all: false });
    expect(changedBy('deleteNote', [{ id: 'n1' }], undefined)).toEqual({ handles: [], all: true });
    expect(changedBy('setPromiseDone', [{ id: 'p1', done: true }], { customerKey: 'jane' })).toEqual({ handles: ['jane'], all: false });
    expect(changedBy('updatePromise', [{ id: 'p1', due: null }], { customerKey: 'jane' })).toEqual({ handles: ['jane'], all: false });
  });
});

describe('over runtime messaging (fake browser)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('delivers the background error to the client: a sender that is not this extension is refused', async () => {
    const { deps, store } = setup();
    const stop = registerHandlers({ ...deps, self: { id: fakeBrowser.runtime.id, origin: fakeBrowser.runtime.getURL('/') } });
    try {
      // fake-browser reports an empty sender, as a message from nowhere would be.
      await expect(createCaseClient().addNote({ handle: 'jane', text: 'hi' })).rejects.toThrow(/rejected "addNote": sender is not this extension/);
      expect(await store.history('jane')).toBeNull();
    } finally {
      stop();
    }
  });
});

describe('team messages', () => {
  function teamDeps(readOnly: string | null = null) {
    const base = setup();
    const reported: unknown[] = [];
    base.deps.team = {
      status: () => ({ joined: false }),
      preview: async () => ({ customers: 0, notes: 0, promises: 0 }),
      join: async () => ({ team: {} as never, uploaded: 0 }),
      leave: async () => undefined,
      refuseWrite: (method) => (method === 'clearAll' ? 'leave the team first' : readOnly),
      reportPresence: (who, activity) => reported.push([who.kind, activity]),
      presence: () => [{ agent: 'agent_b', key: 'janedoe', mode: 'replying', at: 1 }],
    };
    return { ...base, reported };
  }

  it('sign-in, status and leaving are for the extension’s own pages only, never a content script on x.com', async () => {
    const { deps } = teamDeps();
    for (const method of ['teamStatus', 'teamPreview', 'teamLeave'] as const) {
      await expect(handleMessage(deps, method, [], xTab)).rejects.toThrow(/only the extension's own pages may call it/);
    }
    await expect(handleMessage(deps, 'teamJoin', [{ server: 'https://a.example', code: 'x' }], xTab)).rejects.toThrow(/only the extension's own pages/);
    expect(await handleMessage(deps, 'teamStatus', [], options)).toEqual({ joined: false });
    await expect(handleMessage(deps, 'teamJoin', [{ server: '', code: 'x' }], options)).rejects.toThrow(/server: enter the team server’s address/);
  });

  it('a content script reports its presence (no draft text accepted) and reads the team’s', async () => {
    const { deps, reported } = teamDeps();
    await handleMessage(deps, 'reportPresence', [{ key: '@JaneDoe', mode: 'replying' }], xTab);
    expect(reported).toEqual([['content', { key: '@JaneDoe', mode: 'replying' }]]);
    await expect(handleMessage(deps, 'reportPresence', [{ key: 'janedoe', mode: 'replying', draft: 'secret' }], xTab)).rejects.toThrow(/draft/);
    expect(await handleMessage(deps, 'getPresence', [], xTab)).toEqual([{ agent: 'agent_b', key: 'janedoe', mode: 'replying', at: 1 }]);
  });

  it('a write the team refuses (a viewer; clearing the team’s history) is rejected with the reason, and nothing is written', async () => {
    const { deps, store } = teamDeps('You are a viewer of the team “Acme”');
    await expect(handleMessage(deps, 'addNote', [{ handle: 'janedoe', text: 'x' }], xTab)).rejects.toThrow(/You are a viewer of the team “Acme”/);
    expect(await store.history('janedoe')).toBeNull();
    await expect(handleMessage(deps, 'clearAll', [], options)).rejects.toThrow(/leave the team first/);
    // Reads still work.
    expect(await handleMessage(deps, 'summaries', [['janedoe']], xTab)).toEqual({});
  });

  it('without a team, presence is empty and reporting it is a no-op', async () => {
    const { deps } = setup();
    expect(await handleMessage(deps, 'getPresence', [], xTab)).toEqual([]);
    expect(await handleMessage(deps, 'reportPresence', [{ key: null, mode: null }], xTab)).toBeUndefined();
    await expect(handleMessage(deps, 'teamStatus', [], options)).rejects.toThrow(/team sync is not available here/);
  });
});
