import type { CustomerSummary } from '../../../lib/cases/types';
import { microtaskScheduler, SummaryCache } from '../../../entrypoints/content/summary-cache';
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
