import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onCasesChanged, onFocusChanged } from '../../../lib/messaging/events';
import { getSettings, saveSettings, settingsItem, watchSettings } from '../../../lib/messaging/settings';

const background = () => ({ id: fakeBrowser.runtime.id });

describe('onCasesChanged', () => {
  beforeEach(() => fakeBrowser.reset());

  it('calls back on broadcasts from the background until aborted', async () => {
    const cb = vi.fn();
    const ctl = new AbortController();
    onCasesChanged(cb, ctl.signal);
    await fakeBrowser.runtime.onMessage.trigger({ caselint: 'casesChanged', event: { handles: ['jane'], all: false } }, background(), () => {});
    expect(cb).toHaveBeenCalledWith({ handles: ['jane'], all: false });
    ctl.abort();
    await fakeBrowser.runtime.onMessage.trigger({ caselint: 'casesChanged', event: { handles: ['bob'], all: false } }, background(), () => {});
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('ignores look-alike messages from tabs or other extensions, and other event types', async () => {
    const cb = vi.fn();
    const focus = vi.fn();
    onCasesChanged(cb);
    onFocusChanged(focus);
    const msg = { caselint: 'casesChanged', event: { handles: ['jane'], all: false } };
    await fakeBrowser.runtime.onMessage.trigger(msg, { id: fakeBrowser.runtime.id, tab: { id: 1 } as Browser.tabs.Tab }, () => {});
    await fakeBrowser.runtime.onMessage.trigger(msg, { id: 'someone-else' }, () => {});
    expect(cb).not.toHaveBeenCalled();
    expect(focus).not.toHaveBeenCalled();
    await fakeBrowser.runtime.onMessage.trigger({ caselint: 'focusChanged', tabId: 4, focus: null }, background(), () => {});
    expect(focus).toHaveBeenCalledWith({ tabId: 4, focus: null });
    expect(cb).not.toHaveBeenCalled();
  });
});

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads broken stored settings field by field instead of losing them', async () => {
    await settingsItem.setValue({ teamHandles: ['@AcmeCare'], lintEnabled: 'yes please' });
    const s = await getSettings();
    expect(s.teamHandles).toEqual(['AcmeCare']);
    expect(s.lintEnabled).toBe(true);
  });

  it('refuses to save an invalid handle, names it, and keeps the stored value', async () => {
    await saveSettings({ teamHandles: ['AcmeCare'] });
    await expect(saveSettings({ teamHandles: ['AcmeCare', 'not a handle'] })).rejects.toThrow(/teamHandles\.1: an X handle/);
    expect((await getSettings()).teamHandles).toEqual(['AcmeCare']);
  });

  it('applies patches saved at the same moment one after the other, so none is lost', async () => {
    // Two switches flipped in the same tick: each save reads, merges and writes; neither may overwrite the other.
    await Promise.all([saveSettings({ lintEnabled: false }), saveSettings({ confirmOnError: false }), saveSettings({ notifyOverdue: false })]);
    expect(await getSettings()).toMatchObject({ lintEnabled: false, confirmOnError: false, notifyOverdue: false });
  });

  it('a function patch sees the settings as stored at its turn: two quick changes inside `rules` both stay', async () => {
    // Turning two rules off in a row: each change is made to the rules map as stored, not to a stale copy.
    const off = (id: string) => saveSettings(({ rules }) => ({ rules: { ...rules, [id]: { ...rules[id], enabled: false } } }));
    await Promise.all([off('deflect-to-phone'), off('too-long')]);
    const { rules } = await getSettings();
    expect(rules['deflect-to-phone']?.enabled).toBe(false);
    expect(rules['too-long']?.enabled).toBe(false);
  });

  it('a refused save does not block the saves queued after it', async () => {
    const bad = saveSettings({ teamHandles: ['not a handle'] });
    const good = saveSettings({ lintEnabled: false });
    await expect(bad).rejects.toThrow(/teamHandles/);
    await expect(good).resolves.toMatchObject({ lintEnabled: false });
  });

  it('watchSettings delivers parsed settings and stops on abort', async () => {
    const seen: boolean[] = [];
    const ctl = new AbortController();
    watchSettings((s) => seen.push(s.notifyOverdue), ctl.signal);
    await saveSettings({ notifyOverdue: false });
    await vi.waitFor(() => expect(seen).toEqual([false]));
    ctl.abort();
    await saveSettings({ notifyOverdue: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([false]);
  });
});
