/**
 * The side panel (Chrome) / sidebar (Firefox): follows the tweet the agent is replying to or has selected on
 * x.com and shows its author's full case, editable. A search box opens any other customer.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { FocusEntry } from '../../lib/messaging/protocol';
import { CustomerSearch } from './CustomerSearch';
import { CustomerView } from './CustomerView';
import { handleKey } from '../../lib/cases/types';
import { describePresence, type PresenceEntry } from '../../lib/sync/presence';
import type { CustomerSummary } from '../../lib/cases/types';
import { errorMessage, useCasesVersion, useServices } from './services';

export interface FocusService {
  /** The most recent focused tweet (any tab), or null. */
  get(): Promise<FocusEntry | null>;
  /** Calls `cb` when a tab's focused tweet changes, until `signal` aborts. */
  watch(cb: (e: { tabId: number; focus: FocusEntry | null }) => void, signal: AbortSignal): void;
}

interface PanelState {
  /** The latest focused tweet we follow. Kept when a tab clears its focus so the case stays on screen. */
  focus: FocusEntry | null;
  /** A customer opened by search; wins over the focus until the focus moves or the agent goes back. */
  manual: string | null;
  setFocus(focus: FocusEntry | null): void;
  openManual(handle: string | null): void;
}

export const usePanelStore = create<PanelState>((set, get) => ({
  focus: null,
  manual: null,
  setFocus: (focus) => {
    const prev = get().focus;
    if (!focus) return;
    const moved = !prev || prev.tweetId !== focus.tweetId || prev.handle !== focus.handle || prev.at !== focus.at;
    if (moved) set({ focus, manual: null });
  },
  openManual: (manual) => set({ manual }),
}));

/** Team presence for the customer shown: who else is on it; and this panel says it is viewing them. */
function usePresence(handle: string | null): PresenceEntry[] {
  const { presence } = useServices();
  const [entries, setEntries] = useState<PresenceEntry[]>([]);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!presence) return;
    const ac = new AbortController();
    presence.get().then((e) => !ac.signal.aborted && setEntries(e), () => undefined);
    presence.watch((e) => setEntries(e), ac.signal);
    // "replying · 20 s" counts up.
    const timer = setInterval(() => tick((n) => n + 1), 10_000);
    return () => {
      ac.abort();
      clearInterval(timer);
    };
  }, [presence]);
  useEffect(() => {
    if (!presence) return;
    presence.viewing(handle);
    return () => presence.viewing(null);
  }, [presence, handle]);
  const key = handle ? handleKey(handle) : null;
  return key ? entries.filter((e) => e.key === key) : [];
}

/** Nothing focused: the customers to look at now (overdue promises first, then the most recent), or how to start. */
function Recent({ onOpen }: { onOpen(handle: string): void }) {
  const { api } = useServices();
  const version = useCasesVersion();
  const [recent, setRecent] = useState<CustomerSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    api.searchCustomers('', 20).then(
      (r) => live && setRecent(r),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, [api, version]);
  if (recent === null) return <p className="muted">Loading…</p>;
  if (recent.length === 0) {
    return (
      <div className="empty muted">
        <p>Reply to a tweet on x.com, or click a case chip, and its author’s case shows here. Or search for a customer.</p>
        <p className="small">
          No customers yet?{' '}
          <a href="options.html#/data" target="_blank" rel="noreferrer">
            Import cases from a CSV file
          </a>{' '}
          on the options page, or add a case for the author of the tweet you reply to.
        </p>
      </div>
    );
  }
  const overdue = recent.filter((c) => c.overduePromises > 0);
  const rest = recent.filter((c) => c.overduePromises === 0).slice(0, 10);
  const item = (c: CustomerSummary) => (
    <li key={c.key}>
      <button type="button" className="link" onClick={() => onOpen(c.handle)}>
        @{c.handle}
      </button>
      {c.displayName && c.displayName !== c.handle ? <span className="muted"> {c.displayName}</span> : null}
      {c.overduePromises > 0 ? <span className="badge status-open"> {c.overduePromises} overdue</span> : null}
      {c.openCases > 0 ? <span className="muted small"> · {c.openCases} open {c.openCases === 1 ? 'case' : 'cases'}</span> : null}
    </li>
  );
  return (
    <div className="stack">
      <p className="muted small">Reply to a tweet on x.com, or click a case chip, and its author’s case shows here.</p>
      {overdue.length > 0 ? (
        <section aria-label="Overdue promises" className="stack">
          <h2>Overdue promises</h2>
          <ul className="plain">{overdue.map(item)}</ul>
        </section>
      ) : null}
      <section aria-label="Recent customers" className="stack">
        <h2>Recent customers</h2>
        <ul className="plain">{rest.map(item)}</ul>
      </section>
    </div>
  );
}

export function SidePanelApp({ focus: focusService }: { focus: FocusService }) {
  const { focus, manual, setFocus, openManual } = usePanelStore();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    focusService.get().then(
      (f) => !ac.signal.aborted && setFocus(f),
      (err) => !ac.signal.aborted && setError(errorMessage(err)),
    );
    focusService.watch((e) => setFocus(e.focus), ac.signal);
    return () => ac.abort();
  }, [focusService, setFocus]);

  const handle = manual ?? focus?.handle ?? null;
  const others = usePresence(handle);

  return (
    <div className="sidepanel">
      <header className="top">
        <h1>Caselint</h1>
      </header>
      <CustomerSearch onOpen={(h) => openManual(h)} limit={10} importHref="options.html#/data" />
      {error ? (
        <p role="alert" className="error">
          Could not read the focused tweet: {error}
        </p>
      ) : null}
      {manual && focus ? (
        <p>
          <button type="button" className="link" onClick={() => openManual(null)}>
            Back to @{focus.handle} (the tweet you are {focus.mode === 'reply' ? 'replying to' : 'on'})
          </button>
        </p>
      ) : null}
      {!manual && focus ? (
        <section aria-label="Focused tweet" className="focus-tweet">
          <p className="small muted">
            {focus.mode === 'reply' ? 'Replying to' : 'Selected'} @{focus.handle}
            {focus.displayName ? ` (${focus.displayName})` : ''}
            {focus.url && /^https:\/\//.test(focus.url) ? (
              <>
                {' · '}
                <a href={focus.url} target="_blank" rel="noreferrer noopener">
                  open tweet
                </a>
              </>
            ) : null}
          </p>
          {focus.text ? <p className="pre">{focus.text}</p> : null}
        </section>
      ) : null}
      {others.length > 0 ? (
        <ul className="plain presence" aria-label="Other agents on this customer">
          {others.map((p) => (
            <li key={`${p.agent}|${p.mode}`} className={`presence--${p.mode}`}>
              {describePresence(p, Date.now())}
            </li>
          ))}
        </ul>
      ) : null}
      {handle ? (
        <CustomerView
          key={handle}
          handle={handle}
          displayName={!manual ? focus?.displayName : undefined}
          onHandleChanged={(h) => openManual(h)}
        />
      ) : (
        <Recent onOpen={(h) => openManual(h)} />
      )}
    </div>
  );
}
