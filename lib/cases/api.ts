/**
 * The case-history API. `CaseStore` (lib/cases/store.ts) implements it on Dexie in the background;
 * content scripts and extension pages get the same interface through typed messages (lib/messaging).
 * UI components take a `CaseApi` as a prop or from context, so tests can hand them a real store on
 * fake-indexeddb.
 */
import type { ImportProgress } from './progress';
import type {
  Case,
  CaseStatus,
  Customer,
  CustomerHistory,
  CustomerSummary,
  Detail,
  DetailKind,
  DetailSource,
  Interaction,
  Note,
  PromiseItem,
  Priority,
} from './types';

export interface BackupReport {
  customers: number;
  cases: number;
  notes: number;
  details: number;
  interactions: number;
  promises: number;
}

export interface CsvRowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  column?: string;
  message: string;
}

export interface CsvImportReport {
  imported: number;
  customersCreated: number;
  errors: CsvRowError[];
  /** True when nothing was written because of errors (imports are all-or-nothing). */
  aborted: boolean;
}

/** CSV column mapping: our field -> the header in the file. An empty header ("") means: do not import this field. */
export type CsvMapping = Partial<
  Record<'handle' | 'display_name' | 'title' | 'status' | 'priority' | 'tags' | 'note' | 'phone' | 'email' | 'account' | 'order' | 'location' | 'device' | 'created_at', string>
>;

export interface CaseApi {
  /**
   * Batch lookup for every handle on a screen; unknown handles are absent from the result. Keyed by
   * `handleKey(handle)`; an old (merged or renamed) handle answers with the customer it now resolves to.
   */
  summaries(handles: string[]): Promise<Record<string, CustomerSummary>>;
  history(handle: string): Promise<CustomerHistory | null>;
  searchCustomers(query: string, limit?: number): Promise<CustomerSummary[]>;

  upsertCustomer(input: { handle: string; displayName?: string; tags?: string[] }): Promise<Customer>;
  mergeCustomers(input: { from: string; into: string }): Promise<Customer>;
  renameCustomer(input: { from: string; to: string }): Promise<Customer>;
  deleteCustomer(input: { handle: string }): Promise<void>;

  createCase(input: {
    handle: string;
    displayName?: string;
    title: string;
    status?: CaseStatus;
    priority?: Priority;
    tags?: string[];
  }): Promise<Case>;
  updateCase(input: {
    id: string;
    patch: Partial<Pick<Case, 'title' | 'status' | 'priority' | 'tags'>>;
  }): Promise<Case>;
  /**
   * Open (not solved) cases assigned to `assignee` (a handle key), or to nobody (null), with their customer's
   * summary: overdue promises first, then the soonest due, then the most recently updated.
   */
  openCases(input: { assignee: string | null; limit?: number }): Promise<Array<{ case: Case; summary: CustomerSummary }>>;
  /** Team: assign a case to an agent (handle) or nobody (null); taking it from another agent needs a handoff note. */
  assignCase(input: { id: string; assignee: string | null; handoff?: string }): Promise<Case>;

  addNote(input: { handle: string; displayName?: string; text: string; caseId?: string | null }): Promise<Note>;
  updateNote(input: { id: string; text: string }): Promise<Note>;
  deleteNote(input: { id: string }): Promise<void>;

  addDetail(input: {
    handle: string;
    displayName?: string;
    kind: DetailKind;
    value: string;
    source: DetailSource;
    sourceRef?: string | null;
    caseId?: string | null;
  }): Promise<Detail>;
  deleteDetail(input: { id: string }): Promise<void>;

  /** Attach a customer's tweet to a case (or to the customer when caseId is null). Idempotent per tweet id. */
  attachTweet(input: {
    handle: string;
    displayName?: string;
    caseId?: string | null;
    tweetId: string;
    text: string;
    url?: string | null;
    at?: number;
  }): Promise<Interaction>;
  /** Record a reply an agent sent to this customer from X's composer. */
  recordReply(input: {
    handle: string;
    author: string;
    text: string;
    tweetId?: string | null;
    caseId?: string | null;
    at?: number;
  }): Promise<Interaction>;

  addPromise(input: {
    handle: string;
    displayName?: string;
    text: string;
    due: number | null;
    caseId?: string | null;
  }): Promise<PromiseItem>;
  setPromiseDone(input: { id: string; done: boolean }): Promise<PromiseItem>;
  /**
   * Changes a promise's text and/or due time (null: no due date); at least one of them. Moving the due time clears
   * the overdue-notification mark, so a rescheduled promise that becomes overdue raises one notification again.
   * `done` is kept.
   */
  updatePromise(input: { id: string; text?: string; due?: number | null }): Promise<PromiseItem>;
  /** Promises past due, not done and not yet notified; marks them notified when `markNotified`. */
  duePromises(input: { now: number; markNotified?: boolean }): Promise<PromiseItem[]>;

  /** Lossless versioned JSON (see backup.ts). */
  exportBackup(): Promise<string>;
  /**
   * Validates the whole backup, then writes it in one transaction (all or nothing). `mode` 'merge' (default):
   * records replace stored ones with the same id (customers: key), everything else stored is kept;
   * 'replace': the store is emptied first. A backup from a newer Caselint is refused.
   */
  importBackup(input: { json: string; mode?: 'merge' | 'replace'; jobId?: string }): Promise<BackupReport>;

  /**
   * Chunked export for backups too big for one message (see transfer.ts, `downloadBackupParts`): makes the backup
   * JSON (exactly `exportBackup()`'s text) from one read transaction and keeps it until read.
   */
  exportBackupBegin(): Promise<{ exportId: string; chars: number }>;
  /** The slice of the kept backup from `offset`; `next` is the next offset, null after the last slice. */
  exportBackupChunk(input: { exportId: string; offset: number }): Promise<{ text: string; next: number | null }>;
  /** Chunked import (see transfer.ts, `uploadBackup`): stages part `index` (0, 1, 2... in order); writes nothing. */
  importBackupChunk(input: { importId: string; index: number; text: string }): Promise<{ received: number }>;
  /** Joins the staged parts and imports them as `importBackup` does: validated first, one transaction. */
  importBackupCommit(input: { importId: string; parts: number; mode?: 'merge' | 'replace' }): Promise<BackupReport>;
  /** Drops a chunked export or import in progress. */
  backupTransferAbort(input: { id: string }): Promise<void>;
  /**
   * All or nothing: any row error aborts the whole import (nothing written, `aborted`, every error listed).
   * `defaultCountry` (e.g. "US") is assumed for phone numbers written without +country code. `jobId` (the page's
   * choice) makes the import's progress readable with `importProgress` and cancellable with `importCancel`.
   */
  importCsv(input: { text: string; mapping?: CsvMapping; defaultCountry?: string; jobId?: string }): Promise<CsvImportReport>;
  /**
   * Progress of the import `id` (`importCsv`'s / `importBackup`'s `jobId`, a chunked backup import's `importId`),
   * asked while that import's call is pending; null when no such import ran in the last minute.
   */
  importProgress(input: { id: string }): Promise<ImportProgress | null>;
  /** Stops the import `id` before its next slice of records: it ends with `ImportCancelledError`, nothing written. */
  importCancel(input: { id: string }): Promise<{ cancelled: boolean }>;
  clearAll(): Promise<void>;
}
