/**
 * Progress and cancel of the big imports (CSV, backup) that the background runs for the options page.
 *
 * The page picks an id for its import (`jobId` of `importCsv`, the `importId` of a chunked backup import) and
 * polls `importProgress({ id })` while the import's own message is pending; `importCancel({ id })` asks the import
 * to stop. An import writes in ONE IndexedDB transaction, in slices of records; between two slices it reports the
 * records written and checks for a cancel. A cancel throws `ImportCancelledError` inside the transaction, so
 * IndexedDB aborts it and the store is exactly as before (nothing reaches team sync either: lib/sync/capture.ts
 * hands over only committed transactions).
 *
 * No DOM, no browser API: the clock is injected.
 */
export type ImportPhase = 'checking' | 'writing' | 'done' | 'cancelled' | 'failed';

export interface ImportProgress {
  id: string;
  kind: 'csv' | 'backup';
  phase: ImportPhase;
  /** Rows (CSV lines, backup records) written so far, and in all. `total` is 0 until the file is checked. */
  done: number;
  total: number;
  unit: 'rows' | 'records';
  elapsedMs: number;
  /** Estimated time left at the rate of the writes so far; null until there is a rate. */
  leftMs: number | null;
  /** Cancel asked (the import stops at its next slice). */
  cancelling: boolean;
}

/** The import was cancelled; nothing was written. */
export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError';
  constructor(what: string) {
    super(`${what} cancelled: nothing was imported, the data is as before.`);
  }
}

/** What an import reports to and asks of its job. */
export interface ImportTicket {
  /** Sets the total once known and enters the writing phase. */
  start(total: number): void;
  /** Progress: `done` of `total` written. Throws `ImportCancelledError` when a cancel was asked. */
  step(done: number): void;
  /** Throws `ImportCancelledError` when a cancel was asked. */
  check(): void;
}

interface Job {
  p: ImportProgress;
  startedAt: number;
  writingAt: number | null;
  cancel: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Time a finished job's last state stays readable (the page's last poll). */
export const FINISHED_JOB_TTL_MS = 60_000;

export class ImportJobs {
  private jobs = new Map<string, Job>();
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Runs `fn` as job `id` (or untracked when `id` is undefined); the job's last state outlives it a minute. */
  async run<T>(id: string | undefined, kind: ImportProgress['kind'], unit: ImportProgress['unit'], what: string, fn: (t: ImportTicket) => Promise<T>): Promise<T> {
    const t0 = this.now();
    const job: Job = {
      p: { id: id ?? '', kind, phase: 'checking', done: 0, total: 0, unit, elapsedMs: 0, leftMs: null, cancelling: false },
      startedAt: t0,
      writingAt: null,
      cancel: false,
      timer: null,
    };
    if (id !== undefined) {
      const old = this.jobs.get(id);
      if (old && (old.p.phase === 'checking' || old.p.phase === 'writing')) throw new Error(`An import with id ${id} is already running.`);
      if (old?.timer) clearTimeout(old.timer);
      this.jobs.set(id, job);
    }
    const check = () => {
      if (job.cancel) throw new ImportCancelledError(what);
    };
    const ticket: ImportTicket = {
      start: (total) => {
        check();
        job.p.total = total;
        job.p.phase = 'writing';
        job.writingAt = this.now();
      },
      step: (done) => {
        job.p.done = Math.min(done, job.p.total);
        check();
      },
      check,
    };
    try {
      const r = await fn(ticket);
      job.p.phase = 'done';
      job.p.done = job.p.total;
      return r;
    } catch (err) {
      job.p.phase = err instanceof ImportCancelledError ? 'cancelled' : 'failed';
      throw err;
    } finally {
      job.p.elapsedMs = this.now() - t0;
      if (id !== undefined) {
        job.timer = setTimeout(() => this.jobs.get(id) === job && this.jobs.delete(id), FINISHED_JOB_TTL_MS);
        (job.timer as { unref?: () => void }).unref?.();
      }
    }
  }

  /** The job's state now (null: no such job, or finished over a minute ago). */
  progress(id: string): ImportProgress | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    const p = { ...job.p };
    if (p.phase === 'checking' || p.phase === 'writing') {
      const now = this.now();
      p.elapsedMs = now - job.startedAt;
      p.leftMs = estimateLeft(job.writingAt === null ? 0 : now - job.writingAt, p.done, p.total);
    } else p.leftMs = p.phase === 'done' ? 0 : null;
    return p;
  }

  /** Asks a running job to stop; false when it is not running (finished, unknown). */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || !(job.p.phase === 'checking' || job.p.phase === 'writing')) return false;
    job.cancel = true;
    job.p.cancelling = true;
    return true;
  }
}

/** Time left at the rate so far: null until something was written. */
export function estimateLeft(writingMs: number, done: number, total: number): number | null {
  if (done <= 0 || total <= 0 || writingMs <= 0) return null;
  return Math.max(0, Math.round((writingMs / done) * (total - done)));
}
