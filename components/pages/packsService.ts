/**
 * Installed packs for the pages: the same `browser.storage.local` record (PACKS_KEY) the background refreshes and
 * the content script lints with, read and written through lib/packs' PackStorage. Live via storage.onChanged.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { PackStorage, PACKS_KEY, type KeyValueStore } from '../../lib/packs/storage';
import type { FetchFn, InstalledPack } from '../../lib/packs/subscriptions';

export interface PacksService {
  read(): Promise<{ packs: InstalledPack[]; broken: number }>;
  saveAll(packs: InstalledPack[]): Promise<void>;
  watch(cb: () => void, signal: AbortSignal): void;
  fetch: FetchFn;
  /**
   * Ask the browser for read access to the origin of `url` (the manifest's optional host permission for
   * every https site): without it, servers that send no CORS headers cannot be read. Resolves to whether access is
   * granted. Call it first thing in a click or submit handler: browsers only ask during a user gesture.
   */
  requestAccess(url: string): Promise<boolean>;
}

/** The match pattern asked for: the URL's origin followed by "/" and a wildcard. */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

const localKv: KeyValueStore = {
  async get(key) {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
};

const defaultFetch: FetchFn = (url, init) =>
  fetch(url, { headers: init?.headers, redirect: init?.redirect ?? 'manual', cache: 'no-cache', signal: init?.signal });

export function browserPacksService(fetchFn: FetchFn = defaultFetch): PacksService {
  const storage = new PackStorage(localKv);
  return {
    read: () => storage.read(),
    saveAll: (packs) => storage.saveAll(packs),
    watch: (cb, signal) => {
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && PACKS_KEY in changes) cb();
      };
      browser.storage.onChanged.addListener(listener);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
    },
    fetch: fetchFn,
    requestAccess: (url) => browser.permissions.request({ origins: [originPattern(url)] }),
  };
}

/** Installed packs in precedence order, kept live; null while loading. */
export function useInstalledPacks(service: PacksService): { packs: InstalledPack[]; broken: number; error: string | null } | null {
  const [state, setState] = useState<{ packs: InstalledPack[]; broken: number; error: string | null } | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    const load = () =>
      service.read().then(
        (r) => !ac.signal.aborted && setState({ ...r, error: null }),
        (err) => !ac.signal.aborted && setState({ packs: [], broken: 0, error: err instanceof Error ? err.message : String(err) }),
      );
    void load();
    service.watch(() => void load(), ac.signal);
    return () => ac.abort();
  }, [service]);
  return state;
}
