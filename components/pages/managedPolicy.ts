/**
 * The organisation's browser policy (`storage.managed`, see public/managed-schema.json) for the pages, read-only
 * and kept live. No policy, or a browser without one (Firefox throws when no policy manifest is installed), reads
 * as an empty policy.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { parseManagedPolicy, type ManagedPolicy } from '../../lib/packs/subscriptions';

export interface ManagedPolicyService {
  get(): Promise<unknown>;
  /** Calls `cb` when the policy changes, until `signal` aborts. */
  watch(cb: () => void, signal: AbortSignal): void;
}

export function browserManagedPolicy(): ManagedPolicyService {
  return {
    async get() {
      try {
        return await browser.storage.managed.get(null);
      } catch {
        return {};
      }
    },
    watch(cb, signal) {
      const listener = (_changes: unknown, area: string) => {
        if (area === 'managed') cb();
      };
      browser.storage.onChanged.addListener(listener);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
    },
  };
}

const EMPTY: ManagedPolicy = { packUrls: [], teamHandles: [] };

/** The parsed policy, kept live; an empty policy while loading or when it cannot be read. */
export function useManagedPolicy(service: ManagedPolicyService): ManagedPolicy {
  const [policy, setPolicy] = useState<ManagedPolicy>(EMPTY);
  useEffect(() => {
    const ac = new AbortController();
    const load = () =>
      service.get().then(
        (raw) => !ac.signal.aborted && setPolicy(parseManagedPolicy(raw)),
        () => !ac.signal.aborted && setPolicy(EMPTY),
      );
    void load();
    service.watch(() => void load(), ac.signal);
    return () => ac.abort();
  }, [service]);
  return policy;
}
