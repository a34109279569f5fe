/** Every minute: raise one notification per newly overdue promise (each promise is notified once). */
import { browser } from 'wxt/browser';
import type { CaseApi } from '../../lib/cases/api';
import type { PromiseItem } from '../../lib/cases/types';
import { getSettings } from '../../lib/messaging/settings';
import { NOTIFICATION_ICON } from './icon';

export const OVERDUE_ALARM = 'caselint-overdue';
const PREFIX = 'caselint-promise:';

function describe(p: PromiseItem, now: number): string {
  const late = p.due == null ? '' : ` (due ${Math.max(1, Math.round((now - p.due) / 60_000))} min ago)`;
  return `${p.text}${late}`;
}

/** Returns the promises it notified about. */
export async function notifyOverdue(api: CaseApi, now = Date.now()): Promise<PromiseItem[]> {
  const settings = await getSettings();
  if (!settings.notifyOverdue) return [];
  const due = await api.duePromises({ now, markNotified: true });
  for (const p of due) {
    await browser.notifications.create(`${PREFIX}${p.customerKey}:${p.id}`, {
      type: 'basic',
      iconUrl: NOTIFICATION_ICON,
      title: `Overdue promise to @${p.customerKey}`,
      message: describe(p, now),
      priority: 2,
    });
  }
  return due;
}

export async function ensureAlarm(name: string, periodInMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (!existing || existing.periodInMinutes !== periodInMinutes) {
    await browser.alarms.create(name, { periodInMinutes, delayInMinutes: periodInMinutes });
  }
}

/** Clicking a notification opens the customer's profile on x.com. */
export function openProfileOnClick(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    if (!notificationId.startsWith(PREFIX)) return;
    const key = notificationId.slice(PREFIX.length).split(':')[0];
    if (key && /^[a-z0-9_]+$/.test(key)) void browser.tabs.create({ url: `https://x.com/${key}` });
    void browser.notifications.clear(notificationId);
  });
}
