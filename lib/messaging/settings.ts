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

/** Saves in this context, in order: each read-modify-write starts after the previous one has written. */
let saving: Promise<unknown> = Promise.resolve();

/**
 * Save settings: a full value or a patch over the current one. Throws a clear error (naming the field) when
 * the result is invalid; nothing is written then. Saves made in quick succession (two switches flipped at once)
 * are applied one after the other, so neither patch overwrites the other with a stale read. A function patch is
 * given the settings as stored at its turn (for changes inside a nested field, e.g. one rule of `rules`).
 */
export type SettingsPatch = Partial<Settings> | ((current: Settings) => Partial<Settings>);

export function saveSettings(patch: SettingsPatch): Promise<Settings> {
  const result = saving.then(() => writePatch(patch));
  saving = result.catch(() => undefined);
  return result;
}

async function writePatch(patch: SettingsPatch): Promise<Settings> {
  const current = await getSettings();
  const merged = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
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
