/**
 * Batched, cached `summaries(handles)` lookups for every tweet on screen: handles requested during one
 * animation frame go out in ONE call (new handles only). Results are cached (a handle without history is cached
 * as null) until `invalidate` / `forget` (wired to onCasesChanged), so a handle already answered is never asked
 * for again; at most `maxEntries` answers are kept. Subscribers hear about every handle whose answer changed.
 */
import type { CaseApi } from '../../lib/cases/api';
import { handleKey, type CustomerSummary } from '../../lib/cases/types';

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
  /** Number of summaries() calls made (for tests and the debug attribute). */
  calls = 0;

  constructor(
    private api: Pick<CaseApi, 'summaries'>,
    private schedule: Scheduler = frameScheduler,
    private onError: (e: unknown) => void = (e) => console.warn('[caselint] summaries failed', e),
    private maxEntries = 5000,
  ) {}

  /** Cached answer: a summary, null (no history), or undefined (not known yet; a lookup is queued). */
  get(handle: string): CustomerSummary | null | undefined {
    const key = handleKey(handle);
    if (this.cache.has(key)) return this.cache.get(key);
    this.request(key);
    return undefined;
  }

  request(handle: string): void {
    const key = handleKey(handle);
    if (!key || this.cache.has(key) || this.inFlight.has(key) || this.pending.has(key)) return;
    this.pending.add(key);
    this.scheduleFlush();
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
    for (const k of keys) {
      this.cache.delete(k);
      this.inFlight.delete(k);
      this.request(k);
    }
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
    // Bounded: a day of scrolling sees tens of thousands of authors; the oldest answers go first.
    if (this.cache.size > this.maxEntries) {
      let excess = this.cache.size - this.maxEntries;
      for (const k of this.cache.keys()) {
        if (excess-- <= 0) break;
        this.cache.delete(k);
      }
    }
    if (changed.length) for (const l of this.listeners) l(changed);
    if (marks) mark(`caselint:summary-flush:${seq}`);
  }
}

/**
 * User Timing marks `caselint:lookup-start:<n>`, `caselint:lookup-end:<n>`, `caselint:summary-flush:<n>` (visible
 * to the page's `performance.getEntriesByType('mark')`), only when `<html data-caselint-marks>` is set: a mark
 * costs ~0.1 ms, more than the rest of a lookup's bookkeeping. Never fails.
 */
function marksOn(): boolean {
  try {
    return document.documentElement.hasAttribute('data-caselint-marks');
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
