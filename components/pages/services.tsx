/**
 * What the pages need from the rest of the extension, injected so tests can hand in a real `CaseStore` on
 * fake-indexeddb and the entrypoints can hand in the messaging client. Nothing here touches the database directly:
 * in the extension the store lives behind messages in the background.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CaseApi } from '../../lib/cases/api';
import type { SettingsPatch } from '../../lib/messaging/settings';
import type { Settings } from '../../lib/settings';
import type { ManagedPolicyService } from './managedPolicy';
import type { TeamService } from './TeamSection';
import type { PresenceEntry } from '../../lib/sync/presence';
import type { SlowRuleEntry } from '../../lib/packs/slow-rules';

export interface SettingsService {
  get(): Promise<Settings>;
  /**
   * Saves only the fields given (a patch over the stored settings, or a function of the stored settings for a
   * change inside a nested field), so two quick changes never undo each other.
   */
  set(patch: SettingsPatch): Promise<void>;
  /** Calls `cb` with the new settings whenever they change, until `signal` aborts. */
  watch(cb: (next: Settings) => void, signal: AbortSignal): void;
}

export interface PageServices {
  api: CaseApi;
  /** Calls `cb` after any change to case data, until `signal` aborts. */
  onCasesChanged(cb: () => void, signal: AbortSignal): void;
  settings: SettingsService;
  /** The organisation's policy (read-only); default: the browser's `storage.managed`. */
  managed?: ManagedPolicyService;
  /** Team sync (the options page); absent where a page does not offer it. */
  team?: TeamService;
  /** Team presence (the side panel): who else is on which customer, and this page's own activity. */
  presence?: PresenceService;
  /** Pack rules the per-keystroke time budget turned off in an x.com tab this session (the Rules page). */
  slowRules?: { list(): Promise<SlowRuleEntry[]> };
}

export interface PresenceService {
  get(): Promise<PresenceEntry[]>;
  /** Calls `cb` on every change, and keeps the team connection open, until `signal` aborts. */
  watch(cb: (entries: PresenceEntry[]) => void, signal: AbortSignal): void;
  /** This page shows this customer (null: none). */
  viewing(handle: string | null): void;
}

const ServicesContext = createContext<PageServices | null>(null);

export function ServicesProvider({ services, children }: { services: PageServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): PageServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices: no <ServicesProvider> above this component');
  return s;
}

/** A number that changes whenever case data changes: add it to effect deps to reload. */
export function useCasesVersion(): number {
  const { onCasesChanged } = useServices();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    onCasesChanged(() => setVersion((v) => v + 1), ac.signal);
    return () => ac.abort();
  }, [onCasesChanged]);
  return version;
}

/** Current settings (null while loading), kept live. */
export function useSettings(): Settings | null {
  const { settings } = useServices();
  const [value, setValue] = useState<Settings | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    settings.get().then((s) => {
      if (!ac.signal.aborted) setValue(s);
    }, () => undefined);
    settings.watch((s) => setValue(s), ac.signal);
    return () => ac.abort();
  }, [settings]);
  return value;
}

/** Turn any thrown value into a sentence for the user. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
