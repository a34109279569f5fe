import type { CustomerSummary } from '../../../lib/cases/types';
import { microtaskScheduler, SummaryCache, syncKnownHandles } from '../../../entrypoints/content/summary-cache';
import { buildKnownHandles, type KnownHandlesJSON } from '../../../lib/cases/known-handles';
import { guessDetailKind } from '../../../components/inpage/guess-kind';

function summary(handle: string): CustomerSummary {
  return { key: handle.toLowerCase(), handle, displayName: handle, openCases: 1, lastContact: null, overduePromises: 0, nextDue: null, topDetails: [], notes: 0 };
}

/** A manual "animation frame" so the test decides when a frame ends. */
function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    schedule: (cb: () => void) => {
      queue.push(cb);
      return () => queue.splice(queue.indexOf(cb), 1);
    },
    async tick() {
      const q = queue.splice(0);
      for (const cb of q) cb();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('SummaryCache', () => {
  it('forget drops answers (known and "no history") without asking; a late answer for a forgotten handle is dropped', async () => {
    const known: Record<string, CustomerSummary> = { dana_w: summary('Dana_W') };
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => known[h]).map((h) => [h, known[h]!]))) };
    const frames = manualFrames();
    const cache = new SummaryCache(api, frames.schedule);
    cache.get('dana_w');
    cache.get('nobody');
    await frames.tick();
    expect(cache.get('dana_w')?.handle).toBe('Dana_W');
    expect(cache.get('nobody')).toBeNull();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    cache.forget(['Dana_W']);
    expect(api.summaries).toHaveBeenCalledTimes(1);
    expect(cache.get('nobody')).toBeNull();
    known.dana_w = summary('Dana_W_renamed');
    expect(cache.get('dana_w')).toBeUndefined();
    // Forgotten while that lookup is in flight (another change): its answer must not be cached.
    frames.tick();
    cache.forget('all');
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.get('nobody')).toBeUndefined();
    expect(cache.get('dana_w')).toBeUndefined();
    await frames.tick();
    expect(cache.get('dana_w')?.handle).toBe('Dana_W_renamed');
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const api = { summaries: vi.fn(async () => ({})) };
    const frames = manualFrames();
    const cache = new SummaryCache(api, frames.schedule, () => {}, 3);
    for (const h of ['a', 'b', 'c', 'd']) {
      cache.get(h);
      await frames.tick();
    }
    expect(cache.get('d')).toBeNull();
    expect(cache.get('b')).toBeNull();
    expect(cache.get('a')).toBeUndefined(); // evicted: asked for again
  });

  it('asks once per frame for all new handles, caches answers including "no history"', async () => {
    const known: Record<string, CustomerSummary> = { dana_w: summary('Dana_W') };
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => known[h]).map((h) => [h, known[h]!]))) };
    const frames = manualFrames();
    const cache = new SummaryCache(api, frames.schedule);
    const heard: string[][] = [];
    cache.subscribe((k) => heard.push(k));

    expect(cache.get('Dana_W')).toBeUndefined();
    expect(cache.get('@dana_w')).toBeUndefined();
    expect(cache.get('stranger')).toBeUndefined();
    await frames.tick();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    expect(api.summaries).toHaveBeenCalledWith(['dana_w', 'stranger']);
    expect(heard).toEqual([['dana_w', 'stranger']]);
    expect(cache.get('DANA_W')?.handle).toBe('Dana_W');
    expect(cache.get('stranger')).toBeNull();

    // Cached: no new call for handles already answered.
    cache.get('dana_w');
    cache.get('stranger');
    await frames.tick();
    expect(api.summaries).toHaveBeenCalledTimes(1);
  });

  it('looks invalidated handles up again and reports the new answer', async () => {
    const known: Record<string, CustomerSummary> = {};
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => known[h]).map((h) => [h, known[h]!]))) };
    const frames = manualFrames();
    const cache = new SummaryCache(api, frames.schedule);
    cache.get('newbie');
    await frames.tick();
    expect(cache.get('newbie')).toBeNull();
    known.newbie = summary('newbie');
    cache.invalidate(['Newbie']);
    await frames.tick();
    expect(api.summaries).toHaveBeenLastCalledWith(['newbie']);
    expect(cache.get('newbie')?.openCases).toBe(1);
  });

  it('drops an answer that was invalidated while in flight', async () => {
    let resolveFirst!: (v: Record<string, CustomerSummary>) => void;
    const api = {
      summaries: vi
        .fn<(hs: string[]) => Promise<Record<string, CustomerSummary>>>()
        .mockImplementationOnce(() => new Promise((r) => (resolveFirst = r)))
        .mockImplementation(async () => ({ dana: { ...summary('dana'), openCases: 2 } })),
    };
    const frames = manualFrames();
    const cache = new SummaryCache(api, frames.schedule);
    cache.get('dana');
    await frames.tick();
    cache.invalidate(['dana']);
    await frames.tick();
    resolveFirst({ dana: summary('dana') });
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.get('dana')?.openCases).toBe(2);
  });

  it('survives a failed lookup and retries the handle later', async () => {
    const api = { summaries: vi.fn().mockRejectedValueOnce(new Error('background asleep')).mockResolvedValue({}) };
    const frames = manualFrames();
    const errors: unknown[] = [];
    const cache = new SummaryCache(api, frames.schedule, (e) => errors.push(e));
    cache.get('x');
    await frames.tick();
    expect(errors).toHaveLength(1);
    expect(cache.get('x')).toBeUndefined();
    await frames.tick();
    expect(cache.get('x')).toBeNull();
  });
});

describe('SummaryCache.hold / release (one lookup per watcher batch)', () => {
  it('sends every handle a batch asked for in ONE lookup, inside release() itself; outside a batch a lookup waits for a microtask', async () => {
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.map((h) => [h, summary(h)]))) };
    const cache = new SummaryCache(api, microtaskScheduler);
    cache.hold();
    expect(cache.get('a')).toBeUndefined();
    cache.get('B');
    cache.get('a');
    await Promise.resolve();
    // Held: nothing went out, even after a microtask.
    expect(api.summaries).not.toHaveBeenCalled();
    cache.release();
    // Sent synchronously by release (no microtask, no timer): one call with both handles.
    expect(api.summaries).toHaveBeenCalledTimes(1);
    expect(api.summaries).toHaveBeenLastCalledWith(['a', 'b']);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.get('b')?.handle).toBe('b');

    // Holds nest: only the outer release sends.
    cache.hold();
    cache.hold();
    cache.get('c');
    cache.release();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    cache.release();
    expect(api.summaries).toHaveBeenCalledTimes(2);
    expect(api.summaries).toHaveBeenLastCalledWith(['c']);
    // A release without a hold does nothing; a batch with only cached handles sends nothing.
    cache.release();
    await new Promise((r) => setTimeout(r, 0));
    cache.hold();
    expect(cache.get('a')?.handle).toBe('a');
    cache.release();
    expect(api.summaries).toHaveBeenCalledTimes(2);

    // Outside a batch (e.g. cases changed): a microtask later, all invalidated handles in one call.
    cache.invalidate(['a', 'b']);
    expect(api.summaries).toHaveBeenCalledTimes(2);
    await Promise.resolve();
    expect(api.summaries).toHaveBeenCalledTimes(3);
    expect(api.summaries).toHaveBeenLastCalledWith(['a', 'b']);
    // A disposed cache sends nothing, held or not.
    cache.hold();
    cache.get('z');
    cache.dispose();
    cache.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(api.summaries).toHaveBeenCalledTimes(3);
  });
});

describe('SummaryCache with a known-handles filter (strangers cost no lookup)', () => {
  const lookupApi = (known: Record<string, CustomerSummary>) => ({
    summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => known[h]).map((h) => [h, known[h]!]))),
  });

  it('answers a handle the filter rules out with null at once, without a lookup; a handle it might hold is looked up', async () => {
    const api = lookupApi({ dana_w: summary('Dana_W') });
    const cache = new SummaryCache(api, microtaskScheduler);
    cache.setFilter(buildKnownHandles(['dana_w']));
    const heard: string[][] = [];
    cache.subscribe((k) => heard.push(k));
    cache.hold();
    expect(cache.get('@Stranger1')).toBeNull();
    expect(cache.get('stranger2')).toBeNull();
    expect(cache.get('Dana_W')).toBeUndefined();
    cache.release();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    expect(api.summaries).toHaveBeenLastCalledWith(['dana_w']);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.get('dana_w')?.handle).toBe('Dana_W');
    expect(heard).toEqual([['dana_w']]); // get() callers had their null answers already
    expect(cache.filtered).toBe(2);
    // request() (someone waiting on listeners) hears a ruled-out handle's null at once.
    cache.request('stranger3');
    expect(heard.at(-1)).toEqual(['stranger3']);
    expect(cache.get('stranger3')).toBeNull();
    expect(api.summaries).toHaveBeenCalledTimes(1);
  });

  it('setFilter(null) restores lookups for handles not answered yet', async () => {
    const api = lookupApi({});
    const cache = new SummaryCache(api, microtaskScheduler);
    cache.setFilter(buildKnownHandles([]));
    expect(cache.get('a')).toBeNull();
    cache.setFilter(null);
    expect(cache.get('b')).toBeUndefined();
    await Promise.resolve();
    expect(api.summaries).toHaveBeenCalledWith(['b']);
  });

  it('invalidate: a shown handle added to the filter is looked up again; one still ruled out is answered null and reported', async () => {
    const known: Record<string, CustomerSummary> = {};
    const api = lookupApi(known);
    const cache = new SummaryCache(api, microtaskScheduler);
    const filter = buildKnownHandles([]);
    cache.setFilter(filter);
    const heard: string[][] = [];
    cache.subscribe((k) => heard.push(k));
    expect(cache.get('newbie')).toBeNull();
    expect(cache.get('other')).toBeNull();
    known.newbie = summary('newbie');
    filter.add('newbie');
    cache.invalidate(['newbie', 'other']);
    expect(heard).toEqual([['other']]);
    await new Promise((r) => setTimeout(r, 0));
    expect(api.summaries).toHaveBeenCalledTimes(1);
    expect(api.summaries).toHaveBeenCalledWith(['newbie']);
    expect(cache.get('newbie')?.openCases).toBe(1);
  });
});

describe('syncKnownHandles (the content script keeps its filter current)', () => {
  afterEach(() => vi.useRealTimers());

  /** A background whose known handles the test controls; fetches answer when the test says. */
  function background(keys: string[]) {
    const answers: Array<() => void> = [];
    const fetch = vi.fn(
      () =>
        new Promise<KnownHandlesJSON>((resolve) => {
          const snapshot = buildKnownHandles([...keys]).toJSON(); // built when asked, like the background
          answers.push(() => resolve(snapshot));
        }),
    );
    return { keys, fetch, answerAll: () => answers.splice(0).forEach((a) => a()) };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('lookups go as before until the filter arrives; then strangers are answered without a lookup', async () => {
    const bg = background(['dana_w']);
    const api = { summaries: vi.fn(async () => ({})) };
    const cache = new SummaryCache(api, microtaskScheduler);
    syncKnownHandles({ cache, fetch: bg.fetch, signal: new AbortController().signal });
    expect(cache.get('early_stranger')).toBeUndefined();
    await Promise.resolve();
    expect(api.summaries).toHaveBeenCalledTimes(1);
    bg.answerAll();
    await settle();
    expect(cache.get('late_stranger')).toBeNull();
    expect(cache.get('dana_w')).toBeUndefined();
    await Promise.resolve();
    expect(api.summaries).toHaveBeenCalledTimes(2);
    expect(api.summaries).toHaveBeenLastCalledWith(['dana_w']);
  });

  it('a customer created elsewhere is looked up at once (added to the filter before its lookup), and one fetch follows a burst of changes', async () => {
    vi.useFakeTimers();
    const bg = background(['dana_w']);
    const known: Record<string, CustomerSummary> = {};
    const api = { summaries: vi.fn(async (hs: string[]) => Object.fromEntries(hs.filter((h) => known[h]).map((h) => [h, known[h]!]))) };
    const cache = new SummaryCache(api, microtaskScheduler);
    const sync = syncKnownHandles({ cache, fetch: bg.fetch, signal: new AbortController().signal, debounceMs: 300 });
    bg.answerAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.get('newbie')).toBeNull(); // a stranger for now
    // A note on @Newbie is saved in another tab: the app's listener runs, then the chip feature asks again.
    bg.keys.push('newbie');
    known.newbie = summary('Newbie');
    const event = { handles: ['newbie'], all: false };
    sync.changed(event);
    cache.forget(event.handles);
    cache.invalidate(['newbie']);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.summaries).toHaveBeenLastCalledWith(['newbie']);
    expect(cache.get('newbie')?.handle).toBe('Newbie');
    // More changes within 300 ms: one fetch for the burst, after the quiet time.
    sync.changed({ handles: ['dana_w'], all: false });
    await vi.advanceTimersByTimeAsync(200);
    sync.changed({ handles: ['dana_w'], all: false });
    await vi.advanceTimersByTimeAsync(299);
    expect(bg.fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(bg.fetch).toHaveBeenCalledTimes(2);
  });

  it('a filter fetched before a change is not installed over it (the change\'s handle would be ruled out); the next fetch is', async () => {
    vi.useFakeTimers();
    const bg = background(['dana_w']);
    const api = { summaries: vi.fn(async () => ({})) };
    const cache = new SummaryCache(api, microtaskScheduler);
    const sync = syncKnownHandles({ cache, fetch: bg.fetch, signal: new AbortController().signal });
    // The first fetch was built before @newbie existed, and its answer comes after the change event.
    bg.keys.push('newbie');
    sync.changed({ handles: ['newbie'], all: false });
    bg.answerAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.getFilter()).toBeNull();
    expect(cache.get('newbie')).toBeUndefined(); // looked up, not ruled out
    await vi.advanceTimersByTimeAsync(300);
    expect(bg.fetch).toHaveBeenCalledTimes(2);
    bg.answerAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.getFilter()?.mightContain('newbie')).toBe(true);
    expect(cache.get('someone_else')).toBeNull();
  });

  it('an "all" change (import, clear) drops the filter at once; a failed or corrupt fetch leaves the cache without one', async () => {
    vi.useFakeTimers();
    const bg = background(['dana_w']);
    const api = { summaries: vi.fn(async () => ({})) };
    const cache = new SummaryCache(api, microtaskScheduler);
    const errors: unknown[] = [];
    let mode: 'ok' | 'fail' | 'corrupt' = 'ok';
    const fetch = () => (mode === 'fail' ? Promise.reject(new Error('no port')) : mode === 'corrupt' ? Promise.resolve({ v: 1, m: 64 }) : bg.fetch());
    const sync = syncKnownHandles({ cache, fetch, signal: new AbortController().signal, onError: (e) => errors.push(e) });
    bg.answerAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.getFilter()).not.toBeNull();
    // A backup with @imported is imported in the options page.
    sync.changed({ handles: [], all: true });
    cache.forget('all');
    expect(cache.getFilter()).toBeNull();
    expect(cache.get('imported')).toBeUndefined();
    mode = 'fail';
    await vi.advanceTimersByTimeAsync(300);
    expect(cache.getFilter()).toBeNull();
    expect(String(errors[0])).toMatch(/no port/);
    // A non-"all" change whose refetch brings a corrupt filter: the old one is not kept either.
    mode = 'ok';
    sync.changed({ handles: ['x'], all: false });
    await vi.advanceTimersByTimeAsync(300);
    bg.answerAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.getFilter()).not.toBeNull();
    mode = 'corrupt';
    sync.changed({ handles: ['y'], all: false });
    await vi.advanceTimersByTimeAsync(300);
    expect(cache.getFilter()).toBeNull();
    expect(String(errors[1])).toMatch(/invalid known-handles filter: m: m must be at least 1024/);
  });

  it('stops on abort: no fetch after the run is gone', async () => {
    vi.useFakeTimers();
    const bg = background([]);
    const cache = new SummaryCache({ summaries: async () => ({}) }, microtaskScheduler);
    const ac = new AbortController();
    const sync = syncKnownHandles({ cache, fetch: bg.fetch, signal: ac.signal });
    sync.changed({ handles: ['a'], all: false });
    ac.abort();
    await vi.advanceTimersByTimeAsync(1000);
    expect(bg.fetch).toHaveBeenCalledTimes(1);
  });
});

describe('guessDetailKind', () => {
  it.each([
    ['dana@example.com', 'email'],
    ['+1 (555) 010-0199', 'phone'],
    ['order #A12345', 'order'],
    ['account number 99887766', 'account'],
    ['my iPhone 15', 'device'],
    ['12 Baker Street', 'address'],
    ['whatever', 'other'],
  ])('%s -> %s', (text, kind) => {
    expect(guessDetailKind(text)).toBe(kind);
  });
});
