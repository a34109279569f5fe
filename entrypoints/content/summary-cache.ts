/**
 * Batched, cached `summaries(handles)` lookups for every tweet on screen: handles requested during one
 * animation frame go out in ONE call (new handles only). Results are cached (a handle without history is cached
 * as null) until `invalidate` / `forget` (wired to onCasesChanged), so a handle already answered is never asked
 * for again; at most `maxEntries` answers are kept. Subscribers hear about every handle whose answer changed.
 *
 * Known handles: with a filter set (`setFilter`, a Bloom filter of every handle key the store knows, see
 * lib/cases/known-handles.ts), a handle the filter rules out is answered "no history" at once, without a lookup:
 * on an agent's timeline that is almost every author. `syncKnownHandles` keeps the filter current.
 */
import { testHooks } from './test-hooks';
import type { CaseApi } from '../../lib/cases/api';
import { KnownHandles, type KnownHandlesJSON } from '../../lib/cases/known-handles';
import { handleKey, type CustomerSummary } from '../../lib/cases/types';
import type { CasesChangedEvent } from '../../lib/messaging/protocol';

/** What SummaryCache asks before a lookup. Conservative: `mightContain` false means the store has no such handle. */
export interface HandleFilter {
  mightContain(key: string): boolean;
  add(key: string): void;
}

/**
 * Runs `cb` later and returns a cancel function. With `immediate`, a scheduler may run `cb` before returning when
 * nothing makes it wait (SummaryCache asks for that at the end of a watcher batch: the lookup then goes out
 * within the batch's own call into the content script instead of one call more).
 */
export type Scheduler = (cb: () => void, immediate?: boolean) => () => void;

export const frameScheduler: Scheduler = (cb) => {
  const id = requestAnimationFrame(cb);
  return () => cancelAnimationFrame(id);
};

/**
 * Right after the current task: the watcher reports a batch's tweets synchronously, so their handles still go
 * out in one call, without waiting one more frame (~16 ms) for it.
 */
export const microtaskScheduler: Scheduler = (cb, immediate) => {
  if (immediate) {
    cb();
    return () => {};
  }
  let live = true;
  queueMicrotask(() => {
    if (live) cb();
  });
  return () => {
    live = false;
  };
};

export class SummaryCache {
  private cache = new Map<string, CustomerSummary | null>();
  private pending = new Set<string>();
  /** handle key -> the lookup it waits for; an answer from an older lookup is dropped. */
  private inFlight = new Map<string, number>();
  private seq = 0;
  private cancelFrame: (() => void) | null = null;
  private disposed = false;
  private held = 0;
  private listeners = new Set<(keys: string[]) => void>();
  private filter: HandleFilter | null = null;
  /** Number of summaries() calls made (for tests and the debug attribute). */
  calls = 0;
  /** Handles answered "no history" by the filter, without a lookup (tests, debugging). */
  filtered = 0;

  constructor(
    private api: Pick<CaseApi, 'summaries'>,
    private schedule: Scheduler = frameScheduler,
    private onError: (e: unknown) => void = (e) => console.warn('[caselint] summaries failed', e),
    private maxEntries = 5000,
  ) {}

  /**
   * Cached answer: a summary, null (no history), or undefined (not known yet; a lookup is queued). A handle the
   * filter rules out is answered null right here (cached; the caller has its answer, so listeners are not called).
   */
  get(handle: string): CustomerSummary | null | undefined {
    const key = handleKey(handle);
    if (this.cache.has(key)) return this.cache.get(key);
    return this.queue(key) === 'ruled-out' ? null : undefined;
  }

  /** Ask for a handle's answer; listeners hear it (at once when the filter rules the handle out). */
  request(handle: string): void {
    const key = handleKey(handle);
    if (this.queue(key) === 'ruled-out') this.tell([key]);
  }

  /**
   * The filter lookups are checked against (null: look every handle up). The owner keeps it current: `add` the
   * handles of every change before their lookups are asked for again (see `syncKnownHandles`).
   */
  setFilter(filter: HandleFilter | null): void {
    this.filter = filter;
  }

  getFilter(): HandleFilter | null {
    return this.filter;
  }

  /**
   * Queue a lookup for `key` unless it is answered, queued or in flight: 'waiting' when a lookup is (or already was)
   * on its way, 'ruled-out' when the filter rules the handle out (null is cached now, no lookup), 'none' for an
   * answer cached before or an empty key.
   */
  private queue(key: string): 'waiting' | 'ruled-out' | 'none' {
    if (!key || this.cache.has(key)) return 'none';
    if (this.inFlight.has(key) || this.pending.has(key)) return 'waiting';
    if (this.filter && !this.filter.mightContain(key)) {
      this.filtered++;
      this.cache.set(key, null);
      this.trim();
      return 'ruled-out';
    }
    this.pending.add(key);
    this.scheduleFlush();
    return 'waiting';
  }

  private tell(keys: string[]): void {
    for (const l of this.listeners) l(keys);
  }

  private scheduleFlush(immediate = false): void {
    if (this.cancelFrame || this.disposed || this.held > 0) return;
    let ran = false;
    const cancel = this.schedule(() => {
      ran = true;
      void this.flush();
    }, immediate);
    if (!ran) this.cancelFrame = cancel;
  }

  /**
   * Hold lookups while a batch of tweets is reported (`hold`), then send every handle the batch asked for in one
   * lookup (`release`): right away if the scheduler allows, in the caller's own call stack, otherwise when it
   * says. Holds nest.
   */
  hold(): void {
    this.held++;
  }

  release(): void {
    if (this.held === 0) return;
    if (--this.held > 0) return;
    if (this.pending.size) this.scheduleFlush(true);
  }

  subscribe(cb: (keys: string[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Forget some handles (or everything) and look them up again if they are still shown. */
  invalidate(handles: string[] | 'all'): void {
    const keys = handles === 'all' ? [...this.cache.keys(), ...this.inFlight.keys()] : handles.map(handleKey);
    const answered: string[] = [];
    for (const k of keys) {
      this.cache.delete(k);
      this.inFlight.delete(k);
      if (this.queue(k) === 'ruled-out') answered.push(k);
    }
    if (answered.length) this.tell(answered);
  }

  /**
   * Drop answers without asking again (cases changed: whoever still shows a handle asks through `invalidate` or
   * `get`). An answer in flight for a dropped handle is discarded when it arrives.
   */
  forget(handles: string[] | 'all'): void {
    if (handles === 'all') {
      this.cache.clear();
      this.inFlight.clear();
      return;
    }
    for (const h of handles) {
      const k = handleKey(h);
      this.cache.delete(k);
      this.inFlight.delete(k);
    }
  }

  dispose(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.disposed = true;
    this.held = 0;
    this.listeners.clear();
    this.pending.clear();
  }

  private async flush(): Promise<void> {
    this.cancelFrame = null;
    const keys = [...this.pending];
    this.pending.clear();
    if (keys.length === 0) return;
    const seq = ++this.seq;
    for (const k of keys) this.inFlight.set(k, seq);
    this.calls++;
    let result: Record<string, CustomerSummary>;
    // Read once per lookup: the attribute check is most of a disabled mark's cost.
    const marks = marksOn();
    if (marks) mark(`caselint:lookup-start:${seq}`);
    try {
      result = await this.api.summaries(keys);
      if (marks) mark(`caselint:lookup-end:${seq}`);
    } catch (e) {
      for (const k of keys) if (this.inFlight.get(k) === seq) this.inFlight.delete(k);
      this.onError(e);
      return;
    }
    const byKey = new Map<string, CustomerSummary>();
    for (const [k, v] of Object.entries(result)) byKey.set(handleKey(k), v);
    const changed: string[] = [];
    for (const k of keys) {
      // Invalidated while in flight: a newer lookup is queued, drop this answer.
      if (this.inFlight.get(k) !== seq) continue;
      this.inFlight.delete(k);
      this.cache.delete(k); // re-insert: the Map's order is least recently answered first
      this.cache.set(k, byKey.get(k) ?? null);
      changed.push(k);
    }
    this.trim();
    if (changed.length) this.tell(changed);
    if (marks) mark(`caselint:summary-flush:${seq}`);
  }

  /** Bounded: a day of scrolling sees tens of thousands of authors; the oldest answers go first. */
  private trim(): void {
    if (this.cache.size <= this.maxEntries) return;
    let excess = this.cache.size - this.maxEntries;
    for (const k of this.cache.keys()) {
      if (excess-- <= 0) break;
      this.cache.delete(k);
    }
  }
}

/**
 * User Timing marks `caselint:lookup-start:<n>`, `caselint:lookup-end:<n>`, `caselint:summary-flush:<n>` (visible
 * to the page's `performance.getEntriesByType('mark')`), only with the test hooks on (test-hooks.ts) and
 * `<html data-caselint-marks>` set: the page alone cannot switch them on. A mark costs ~0.1 ms, more than the
 * rest of a lookup's bookkeeping. Never fails.
 */
function marksOn(): boolean {
  try {
    return testHooks() && document.documentElement.hasAttribute('data-caselint-marks');
  } catch {
    return false;
  }
}

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    /* no performance API */
  }
}

export interface KnownHandlesSyncOptions {
  cache: SummaryCache;
  /** The filter's JSON from the background (SummaryPortClient.knownHandles); checked here with KnownHandles.fromJSON. */
  fetch: () => Promise<KnownHandlesJSON | unknown>;
  signal: AbortSignal;
  /** Quiet time after a change before a fresh filter is fetched (one fetch per burst of changes). Default 300 ms. */
  debounceMs?: number;
  onError?: (e: unknown) => void;
}

/**
 * Keeps `cache`'s known-handles filter current. Fetches it at once (lookups before it arrives go out as before).
 * Call `changed(event)` from onCasesChanged BEFORE the handles are looked up again (app.tsx registers its listener
 * before the features do): the event's handles are added to the filter at once, so a customer created in another
 * tab or page is never ruled out while the new filter is on its way; an `all` event (import, clear, delete) drops
 * the filter at once. A fresh filter is then fetched after `debounceMs` of quiet.
 *
 * Never a stale filter: a filter fetched before the latest change is thrown away (the fetch after the change
 * replaces it), and a fetch that fails or brings a corrupt filter leaves the cache without one.
 */
export function syncKnownHandles(opts: KnownHandlesSyncOptions): { changed(e: CasesChangedEvent): void } {
  const { cache, signal } = opts;
  const debounceMs = opts.debounceMs ?? 300;
  const onError = opts.onError ?? ((e: unknown) => console.warn('[caselint] known-handles filter unavailable; looking every author up', e));
  /** Bumped by every change: a filter fetched under an older epoch may lack that change's handles. */
  let epoch = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const fetchNow = () => {
    timer = null;
    if (signal.aborted) return;
    const started = epoch;
    let pending: Promise<unknown>;
    try {
      pending = opts.fetch();
    } catch (e) {
      pending = Promise.reject(e);
    }
    pending.then(
      (json) => {
        if (signal.aborted || started !== epoch) return; // changed meanwhile: the fetch after the change decides
        let filter: KnownHandles;
        try {
          filter = KnownHandles.fromJSON(json);
        } catch (e) {
          cache.setFilter(null);
          onError(e);
          return;
        }
        cache.setFilter(filter);
      },
      (e: unknown) => {
        if (signal.aborted) return;
        cache.setFilter(null);
        onError(e);
      },
    );
  };

  signal.addEventListener(
    'abort',
    () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
    { once: true },
  );
  fetchNow();

  return {
    changed(e) {
      if (signal.aborted) return;
      epoch++;
      if (e.all) cache.setFilter(null);
      else {
        const filter = cache.getFilter();
        if (filter) for (const h of e.handles) filter.add(handleKey(h));
      }
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(fetchNow, debounceMs);
    },
  };
}
