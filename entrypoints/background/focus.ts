/**
 * Which tweet the agent is working on, per tab. Kept in storage.session so it survives the service worker
 * being stopped, and dropped when the tab closes.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { FocusEntry, FocusedTweet } from '../../lib/messaging/protocol';

const focusItem = storage.defineItem<Record<string, FocusEntry>>('session:focusByTab', { fallback: {} });

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

export function setFocus(tabId: number, tweet: FocusedTweet | null): Promise<FocusEntry | null> {
  return serial(async () => {
    const all = { ...(await focusItem.getValue()) };
    const entry: FocusEntry | null = tweet ? { ...tweet, tabId, at: Date.now() } : null;
    if (entry) all[String(tabId)] = entry;
    else delete all[String(tabId)];
    await focusItem.setValue(all);
    return entry;
  });
}

/** The focus of `tabId`, or without it the most recent focus of any tab. */
export async function getFocus(tabId?: number): Promise<FocusEntry | null> {
  const all = await focusItem.getValue();
  if (tabId !== undefined) return all[String(tabId)] ?? null;
  let latest: FocusEntry | null = null;
  for (const entry of Object.values(all)) if (!latest || entry.at > latest.at) latest = entry;
  return latest;
}

export function forgetClosedTabs(onForget: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => {
    void getFocus(tabId).then((entry) => {
      if (entry) void setFocus(tabId, null).then(() => onForget(tabId));
    });
  });
}
