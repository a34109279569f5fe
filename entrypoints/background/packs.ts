/**
 * Pack subscriptions: refreshed on install/startup, every few hours, and when the managed policy changes.
 * Admins push pack URLs with the managed policy `packUrls` (see public/managed-schema.json). The logic lives in
 * lib/packs/subscriptions.ts; this file only supplies browser storage, fetch and the clock.
 */
import { browser } from 'wxt/browser';
import { PackStorage, type KeyValueStore } from '../../lib/packs/storage';
import { MANAGED_FAILURES_KEY, parseManagedPolicy, refreshSubscription, syncManagedPacks, type FetchFn, type InstalledPack } from '../../lib/packs/subscriptions';

export const PACKS_ALARM = 'caselint-packs';
export const PACKS_PERIOD_MINUTES = 180;

const localKv: KeyValueStore = {
  async get(key) {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
};

const fetchFn: FetchFn = (url, init) => fetch(url, { headers: init?.headers, redirect: init?.redirect ?? 'manual', cache: 'no-cache', signal: init?.signal });

/** The managed policy; {} when there is none (Firefox throws when no policy manifest is installed). */
async function managedPolicyRaw(): Promise<unknown> {
  try {
    return await browser.storage.managed.get(null);
  } catch {
    return {};
  }
}

let running: Promise<void> | null = null;

export function refreshPacks(): Promise<void> {
  running ??= (async () => {
    try {
      const storage = new PackStorage(localKv);
      const before = await storage.list();
      const now = Date.now();
      const policy = parseManagedPolicy(await managedPolicyRaw());
      const synced = await syncManagedPacks(before, policy, fetchFn, now);
      for (const e of synced.errors) console.warn('[caselint] managed pack:', e);
      // Shown on the options page (Packs), with a button to allow the site when access is what is missing.
      await localKv.set(MANAGED_FAILURES_KEY, synced.failed);
      const refreshed = new Map<string, InstalledPack>();
      for (const pack of synced.packs) {
        refreshed.set(pack.id, pack.origin === 'subscription' && pack.enabled ? await refreshSubscription(pack, fetchFn, now) : pack);
      }
      // The options page may have changed packs while we were fetching: apply our results to what is stored now,
      // and only to records that did not change meanwhile.
      const current = await storage.list();
      const original = new Map(before.map((p) => [p.id, p]));
      const managedIds = new Set(synced.packs.filter((p) => p.origin === 'managed').map((p) => p.id));
      const merged: InstalledPack[] = [...synced.packs.filter((p) => p.origin === 'managed').map((p) => refreshed.get(p.id) ?? p)];
      for (const p of current) {
        if (p.origin === 'managed' || managedIds.has(p.id)) continue;
        const next = refreshed.get(p.id);
        const untouched = JSON.stringify(original.get(p.id)) === JSON.stringify(p);
        merged.push(next && untouched ? next : p);
      }
      await storage.saveAll(merged);
    } catch (err) {
      console.error('[caselint] pack refresh failed:', err);
    } finally {
      running = null;
    }
  })();
  return running;
}

/**
 * `onChange` runs when the policy changes, and when the agent grants access to a site (Options → Packs offers it for
 * a policy pack URL that could not be fetched: with the host permission, a server without CORS headers is readable).
 */
export function watchManagedPolicy(onChange: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') onChange();
  });
  browser.permissions?.onAdded?.addListener((p) => {
    if (p.origins?.length) onChange();
  });
}
