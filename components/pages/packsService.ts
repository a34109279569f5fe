/**
 * Installed packs for the pages: the same `browser.storage.local` record (PACKS_KEY) the background refreshes and
 * the content script lints with, read and written through lib/packs' PackStorage. Live via storage.onChanged.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { PackStorage, PACKS_KEY, type KeyValueStore } from '../../lib/packs/storage';
import { MANAGED_FAILURES_KEY, type FetchFn, type InstalledPack, type ManagedPackFailure } from '../../lib/packs/subscriptions';

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
  /** Whether the extension may already read `url`'s site (granted host permission). */
  hasAccess(url: string): Promise<boolean>;
  /** Policy pack URLs the background could not install at its last refresh (MANAGED_FAILURES_KEY). */
  managedFailures(): Promise<ManagedPackFailure[]>;
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
        if (area === 'local' && (PACKS_KEY in changes || MANAGED_FAILURES_KEY in changes)) cb();
      };
      browser.storage.onChanged.addListener(listener);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
    },
    fetch: fetchFn,
    requestAccess: (url) => browser.permissions.request({ origins: [originPattern(url)] }),
    hasAccess: (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
    async managedFailures() {
      const raw = (await browser.storage.local.get(MANAGED_FAILURES_KEY))[MANAGED_FAILURES_KEY];
      return Array.isArray(raw) ? (raw as ManagedPackFailure[]).filter((f) => f && typeof f.url === 'string' && typeof f.error === 'string') : [];
    },
  };
}

/** Policy pack URLs that could not be installed, each with whether the site is already allowed; kept live. */
export function useManagedFailures(service: PacksService): (ManagedPackFailure & { hasAccess: boolean })[] {
  const [state, setState] = useState<(ManagedPackFailure & { hasAccess: boolean })[]>([]);
  useEffect(() => {
    const ac = new AbortController();
    const load = async () => {
      try {
        const failures = await service.managedFailures();
        const withAccess = await Promise.all(failures.map(async (f) => ({ ...f, hasAccess: await service.hasAccess(f.url).catch(() => false) })));
        if (!ac.signal.aborted) setState(withAccess);
      } catch {
        if (!ac.signal.aborted) setState([]);
      }
    };
    void load();
    service.watch(() => void load(), ac.signal);
    return () => ac.abort();
  }, [service]);
  return state;
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
