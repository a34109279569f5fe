/**
 * Case-history domain model. Records are stored by the background in the extension origin (Dexie, see db.ts);
 * content scripts and pages reach them only through typed messages (lib/messaging).
 * Times are epoch milliseconds. Handles are stored as given and keyed by `handleKey` (lower-case, no "@").
 */
import type { DetailKind } from '../lint/types';

export type { DetailKind };
export type CaseStatus = 'open' | 'waiting' | 'solved';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type DetailSource = 'tweet' | 'note' | 'typed' | 'import';

export interface Customer {
  /** handleKey: lower-case handle without "@". Primary key. */
  key: string;
  handle: string;
  displayName: string;
  tags: string[];
  /** When this handle was merged into or renamed to another, the key it now points to. */
  mergedInto?: string | null;
  /** Earlier handles (keys) that now resolve to this customer. */
  aliases: string[];
  createdAt: number;
  updatedAt: number;
  /**
   * Team sync (lib/sync): the id of the customer's shared document. Set when the customer is created
   * (`h-` + the handle key it was created with) and kept through renames. Absent on rows from before v4.
   */
  docId?: string;
}

/** Who wrote a record (the signed-in agent's handle in a team; null or absent when working alone) and when. */
export interface Authored {
  by?: string | null;
  /** Last change to the record (ms), when it was changed after it was created. */
  editedAt?: number | null;
}

export interface Case extends Authored {
  id: string;
  customerKey: string;
  title: string;
  status: CaseStatus;
  priority: Priority;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** Team: the agent (handle key) who owns the case now; null or absent: nobody. */
  assignee?: string | null;
}

export interface Note extends Authored {
  id: string;
  customerKey: string;
  caseId: string | null;
  text: string;
  createdAt: number;
}

export interface Detail extends Authored {
  id: string;
  customerKey: string;
  caseId: string | null;
  kind: DetailKind;
  value: string;
  source: DetailSource;
  /** Tweet id or URL it came from, when source is "tweet". */
  sourceRef?: string | null;
  createdAt: number;
}

export type InteractionKind = 'customer-tweet' | 'agent-reply';

export interface Interaction extends Authored {
  id: string;
  customerKey: string;
  caseId: string | null;
  kind: InteractionKind;
  tweetId: string | null;
  /** Handle of who wrote it (the customer, or the agent/brand account). */
  author: string;
  text: string;
  url?: string | null;
  at: number;
}

/** One due time ever set on a promise (team sync keeps them all: a log, not an overwrite). */
export interface DueChange {
  due: number | null;
  by: string | null;
  at: number;
}

export interface PromiseItem extends Authored {
  id: string;
  customerKey: string;
  caseId: string | null;
  text: string;
  /** Due time, or null when open-ended. */
  due: number | null;
  done: boolean;
  /** When an overdue notification was raised, so it is raised once. */
  notifiedAt?: number | null;
  createdAt: number;
  /** Every due time set, oldest first (team sync; absent when the due time never changed). */
  dueLog?: DueChange[];
}

/** Everything the chip and card need for one author, answered in batch for a whole screen. */
export interface CustomerSummary {
  key: string;
  handle: string;
  displayName: string;
  openCases: number;
  lastContact: number | null;
  overduePromises: number;
  nextDue: number | null;
  /** Most useful known details, newest first per kind (at most one per kind). */
  topDetails: Array<Pick<Detail, 'kind' | 'value'>>;
  notes: number;
  /** Team: who the customer's most recently updated open case is assigned to (null or absent: nobody). */
  assignee?: string | null;
}

/** Full history for the card, side panel and lint context. */
export interface CustomerHistory {
  customer: Customer;
  cases: Case[];
  notes: Note[];
  details: Detail[];
  interactions: Interaction[];
  promises: PromiseItem[];
  /** Team sync: this browser has changes to this customer the team server has not confirmed yet. */
  unsynced?: boolean;
  /** Team sync: this agent's handle in the team (records by anyone else are another agent's). */
  me?: string;
}

/** The shared document id of a customer created with this handle key (team sync keeps it through renames). */
export function docIdForNewCustomer(key: string): string {
  return `h-${key}`;
}

export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
