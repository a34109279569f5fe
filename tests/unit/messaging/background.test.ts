import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { saveSettings } from '../../../lib/messaging/settings';
import { getFocus, setFocus } from '../../../entrypoints/background/focus';
import { notifyOverdue } from '../../../entrypoints/background/overdue';

const MIN = 60_000;
let n = 0;

describe('overdue promise notifications', () => {
  beforeEach(() => fakeBrowser.reset());

  it('notifies once per overdue promise, naming the customer and the promise', async () => {
    const now = Date.UTC(2026, 0, 10, 12);
    const store = new CaseStore(new CaselintDB(`bg-test-${++n}`), { now: () => now - 60 * MIN });
    await store.addPromise({ handle: 'JaneDoe', text: 'Call back about the refund', due: now - 30 * MIN });
    await store.addPromise({ handle: 'bob', text: 'Send the replacement', due: now + 60 * MIN });

    const notified = await notifyOverdue(store, now);
    expect(notified.map((p) => p.text)).toEqual(['Call back about the refund']);
    const shown = Object.values(fakeBrowser.notifications.getAllCreateOptions());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Overdue promise to @janedoe', message: 'Call back about the refund (due 30 min ago)' });
    expect(shown[0]?.iconUrl).toMatch(/^data:image\/png;base64,/);

    // The next minute's check does not repeat it.
    expect(await notifyOverdue(store, now + MIN)).toEqual([]);
    expect(Object.keys(fakeBrowser.notifications.getAllCreateOptions())).toHaveLength(1);
  });

  it('stays quiet when the agent turned overdue notifications off, and notifies later once turned on', async () => {
    const now = Date.UTC(2026, 0, 10, 12);
    const store = new CaseStore(new CaselintDB(`bg-test-${++n}`), { now: () => now - 60 * MIN });
    await store.addPromise({ handle: 'jane', text: 'Refund', due: now - MIN });
    await saveSettings({ notifyOverdue: false });
    expect(await notifyOverdue(store, now)).toEqual([]);
    expect(Object.keys(fakeBrowser.notifications.getAllCreateOptions())).toHaveLength(0);
    await saveSettings({ notifyOverdue: true });
    expect((await notifyOverdue(store, now)).map((p) => p.text)).toEqual(['Refund']);
  });
});

describe('focused tweet per tab', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps one focus per tab, answers the latest without a tab id, and clears on null', async () => {
    await setFocus(3, { tweetId: '1', handle: 'jane', mode: 'select' });
    await new Promise((r) => setTimeout(r, 2));
    await setFocus(5, { tweetId: '2', handle: 'bob', mode: 'reply' });
    expect(await getFocus(3)).toMatchObject({ tweetId: '1', tabId: 3 });
    expect(await getFocus()).toMatchObject({ tweetId: '2', tabId: 5 });
    await setFocus(5, null);
    expect(await getFocus(5)).toBeNull();
    expect(await getFocus()).toMatchObject({ tweetId: '1' });
  });
});
