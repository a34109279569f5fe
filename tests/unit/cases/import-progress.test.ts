import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaseStore } from '../../../lib/cases/store';
import { ImportJobs, estimateLeft, type ImportProgress } from '../../../lib/cases/progress';
import { captureChanges, type CapturedChange } from '../../../lib/sync/capture';
import { T0, makeStore } from './helpers';

/** A CSV of `n` rows, each a new customer with a case, a note and two details (5-6 records a row). */
function csv(n: number, prefix = 'cust'): string {
  const lines = ['handle,name,title,status,note,phone,email'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}_${i},Customer ${i},Case ${i},open,note ${i},+1415555${String(1000 + (i % 9000)).padStart(4, '0')},c${i}@example.com`);
  return lines.join('\n');
}

/** A store with history and small write slices (so a file of a few hundred rows has many of them). */
async function stored() {
  const s = makeStore();
  s.store = new CaseStore(s.db, { now: () => s.clock.now, csvChunkRecords: 50, backupSliceRecords: 50 });
  await s.store.addNote({ handle: 'jen', displayName: 'Jen', text: 'stored before' });
  await s.store.addPromise({ handle: 'jen', text: 'call back', due: T0 + 3_600_000 });
  await s.store.importCsv({ text: csv(20, 'old') });
  return s;
}
const snapshot = async (s: Awaited<ReturnType<typeof stored>>) => ({
  backup: await s.store.exportBackup(),
  summaries: await s.db.summaries.toArray(),
});

/** Polls `importProgress` on every bulkPut of `table` (a stand-in for the page's timer) and cancels at `cancelAt`. */
function pollDuring(s: Awaited<ReturnType<typeof stored>>, table: 'notes' | 'customers', id: string, cancelAt: (p: ImportProgress) => boolean) {
  const seen: ImportProgress[] = [];
  const t = s.db[table] as unknown as { bulkPut: (...a: unknown[]) => unknown };
  const real = t.bulkPut.bind(t);
  vi.spyOn(t, 'bulkPut').mockImplementation((...args: unknown[]) => {
    const r = real(...args);
    void s.store.importProgress({ id }).then((p) => {
      if (!p) return;
      seen.push(p);
      if (cancelAt(p)) void s.store.importCancel({ id });
    });
    return r as never;
  });
  return seen;
}

afterEach(() => vi.restoreAllMocks());

describe('import progress', () => {
  it('reports rows done rising to the total and a time left, then done', async () => {
    const s = await stored();
    const seen = pollDuring(s, 'notes', 'job-1', () => false);
    const r = await s.store.importCsv({ text: csv(300), jobId: 'job-1' });
    expect(r).toMatchObject({ imported: 300, aborted: false });
    const writing = seen.filter((p) => p.phase === 'writing');
    expect(writing.length).toBeGreaterThan(3);
    expect(writing.every((p) => p.total === 300 && p.unit === 'rows' && p.kind === 'csv')).toBe(true);
    const done = writing.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)!).toBeGreaterThan(done[0]!);
    expect(writing.some((p) => p.done > 0 && p.leftMs !== null && p.leftMs >= 0)).toBe(true);
    expect(await s.store.importProgress({ id: 'job-1' })).toMatchObject({ phase: 'done', done: 300, total: 300, leftMs: 0 });
    expect(await s.store.importProgress({ id: 'no-such-job' })).toBeNull();
  });

  it('estimates the time left from the rate so far', () => {
    expect(estimateLeft(10_000, 25, 100)).toBe(30_000);
    expect(estimateLeft(0, 0, 100)).toBeNull();
    expect(estimateLeft(5_000, 100, 100)).toBe(0);
    let now = 0;
    const jobs = new ImportJobs(() => now);
    let release!: () => void;
    const running = jobs.run('a', 'csv', 'rows', 'CSV import', async (t) => {
      t.start(1000);
      now = 4_000;
      t.step(200);
      await new Promise<void>((r) => (release = r));
    });
    now = 5_000;
    // 200 rows in 5 s of writing: 800 left take 20 s.
    expect(jobs.progress('a')).toMatchObject({ phase: 'writing', done: 200, total: 1000, elapsedMs: 5_000, leftMs: 20_000 });
    release();
    return running;
  });
});

describe('import cancel', () => {
  it('a cancelled CSV import leaves the store exactly as before, and the same file imports afterwards', async () => {
    const s = await stored();
    const before = await snapshot(s);
    const seen = pollDuring(s, 'notes', 'job-2', (p) => p.phase === 'writing' && p.done > 0);
    await expect(s.store.importCsv({ text: csv(300), jobId: 'job-2' })).rejects.toThrow(
      'CSV import cancelled: nothing was imported, the data is as before.',
    );
    vi.restoreAllMocks();
    expect(seen.some((p) => p.done > 0)).toBe(true); // it was cancelled mid-write, not before
    expect(await snapshot(s)).toEqual(before);
    expect(await s.store.history('cust_0')).toBeNull();
    expect(await s.store.importProgress({ id: 'job-2' })).toMatchObject({ phase: 'cancelled', cancelling: true });
    expect(await s.store.importCancel({ id: 'job-2' })).toEqual({ cancelled: false });
    // Not stuck: the store writes, and the same file imports in full.
    await s.store.addNote({ handle: 'jen', text: 'after the cancel' });
    expect(await s.store.importCsv({ text: csv(300) })).toMatchObject({ imported: 300, customersCreated: 300 });
    expect((await s.store.summaries(['jen', 'cust_299'])).cust_299).toMatchObject({ notes: 1, openCases: 1 });
    expect((await s.store.summaries(['jen'])).jen?.notes).toBe(2);
  });

  it('a cancelled backup import (replace) leaves the store exactly as before', async () => {
    const s = await stored();
    await s.store.importCsv({ text: csv(200, 'mid') });
    const json = await s.store.exportBackup();
    await s.store.addNote({ handle: 'jen', text: 'written after the backup' });
    const before = await snapshot(s);
    const seen = pollDuring(s, 'customers', 'job-3', (p) => p.phase === 'writing');
    await expect(s.store.importBackup({ json, mode: 'replace', jobId: 'job-3' })).rejects.toThrow('Backup import cancelled');
    vi.restoreAllMocks();
    expect(seen.some((p) => p.kind === 'backup' && p.unit === 'records' && p.total > 0)).toBe(true);
    expect(await snapshot(s)).toEqual(before);
  });

  it('a cancelled import hands nothing to team sync; a finished one hands over its records', async () => {
    const s = await stored();
    const committed: CapturedChange[][] = [];
    const off = captureChanges(s.db, (c) => committed.push(c));
    try {
      pollDuring(s, 'notes', 'job-4', (p) => p.phase === 'writing' && p.done > 0);
      await expect(s.store.importCsv({ text: csv(300), jobId: 'job-4' })).rejects.toThrow('cancelled');
      vi.restoreAllMocks();
      await new Promise((r) => setTimeout(r, 20));
      expect(committed).toEqual([]);
      await s.store.importCsv({ text: csv(30, 'later') });
      await new Promise((r) => setTimeout(r, 20));
      expect(committed.flat().filter((c) => c.table === 'notes' && c.kind === 'create')).toHaveLength(30);
    } finally {
      off();
    }
  });

  it('a second import with a running id is refused', async () => {
    const jobs = new ImportJobs();
    let release!: () => void;
    const first = jobs.run('x', 'csv', 'rows', 'CSV import', () => new Promise<void>((r) => (release = r)));
    await expect(jobs.run('x', 'csv', 'rows', 'CSV import', async () => undefined)).rejects.toThrow('An import with id x is already running.');
    release();
    await first;
  });
});
