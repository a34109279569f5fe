/**
 * The user's settings in `browser.storage.local` (`local:settings`), always read through `parseSettings` so a
 * broken or old stored value falls back field by field instead of losing the rest.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, parseSettings, settingsSchema, type Settings } from '../settings';

/** Raw storage item. Prefer getSettings / saveSettings / watchSettings, which validate. */
export const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: DEFAULT_SETTINGS });

export async function getSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/**
 * Save settings: a full value or a patch over the current one. Throws a clear error (naming the field) when
 * the result is invalid; nothing is written then.
 */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const merged = { ...(await getSettings()), ...patch };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'settings'}: ${i.message}`).join('; ');
    throw new Error(`Caselint: settings not saved: ${why}`);
  }
  await settingsItem.setValue(parsed.data);
  return parsed.data;
}

/** Call `cb` with the parsed settings whenever they change (in any context). Stops on `signal` or the returned fn. */
export function watchSettings(cb: (settings: Settings) => void, signal?: AbortSignal): () => void {
  if (signal?.aborted) return () => {};
  const unwatch = settingsItem.watch((value) => cb(parseSettings(value)));
  signal?.addEventListener('abort', unwatch, { once: true });
  return unwatch;
}
