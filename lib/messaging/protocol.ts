/**
 * The message protocol between content scripts / extension pages and the background.
 *
 * Every `CaseApi` method is one message whose data is the method's argument list (a tuple). Each has a zod
 * schema here; the background validates every incoming message with it and checks who sent it
 * (`checkSender`) before touching the database. Pure: no browser APIs in this file, so it is unit-tested as is.
 */
import { z } from 'zod';
import type { CaseApi } from '../cases/api';
import { DETAIL_KINDS } from '../lint/types';
import { CONTENT_METHODS } from './limits';
import { timeSchema } from '../time';
import { TRANSFER_CHUNK_CHARS } from '../cases/transfer';
import type { PresenceEntry } from '../sync/presence';
import type { SlowRuleEntry } from '../packs/slow-rules';
import type { JoinPreview, TeamInfo, TeamStatus } from '../sync/session';

// ---------------------------------------------------------------------------------------------------------
// Field schemas

/** Chrome serialises messages as JSON, so an `undefined` argument arrives as `null`: accept both as "absent". */
function absent<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => (v == null ? undefined : v)) as unknown as z.ZodOptional<T>;
}

const handle = z
  .string({ error: 'a handle must be a string' })
  .trim()
  .min(1, 'a handle must not be empty')
  .max(50, 'a handle has at most 50 characters')
  .regex(/^@?[A-Za-z0-9_]+$/, 'a handle has only letters, digits or underscores (with or without "@")');
const id = z.string().min(1, 'an id must not be empty').max(200, 'an id has at most 200 characters');
const tweetId = z.string().regex(/^\d{1,25}$/, 'a tweet id is a string of digits');
const displayName = z.string().max(200, 'a display name has at most 200 characters');
const shortText = z.string().max(500, 'at most 500 characters');
const longText = z.string().max(20_000, 'at most 20000 characters');
const nonEmptyText = z.string().trim().min(1, 'text must not be empty').max(20_000, 'at most 20000 characters');
/** A promise's text: the same limits when it is added and when it is changed. */
const promiseText = nonEmptyText.max(2000, 'a promise has at most 2000 characters');
const time = timeSchema;
const tags = z.array(z.string().trim().min(1, 'a tag must not be empty').max(64, 'a tag has at most 64 characters')).max(50, 'at most 50 tags');
const caseId = id.nullable();
const url = z.string().max(2000).regex(/^https?:\/\//, 'a URL starts with http:// or https://');
const status = z.enum(['open', 'waiting', 'solved']);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);
const detailKind = z.enum(DETAIL_KINDS);
const detailSource = z.enum(['tweet', 'note', 'typed', 'import']);
/** Chrome's message size limit is 64 MiB; keep backups and CSV files well under it. */
const bigText = z.string().max(50_000_000, 'at most 50 MB');
/** One slice of a chunked backup import (lib/cases/transfer.ts sends at most TRANSFER_CHUNK_CHARS). */
const chunkText = z.string().max(TRANSFER_CHUNK_CHARS, `at most ${TRANSFER_CHUNK_CHARS} characters per part`);

const csvMapping = z.strictObject(
  Object.fromEntries(
    (
      ['handle', 'display_name', 'title', 'status', 'priority', 'tags', 'note', 'phone', 'email', 'account', 'order', 'location', 'device', 'created_at'] as const
    ).map((k) => [k, z.string().max(200).optional()]),
  ) as Record<
    'handle' | 'display_name' | 'title' | 'status' | 'priority' | 'tags' | 'note' | 'phone' | 'email' | 'account' | 'order' | 'location' | 'device' | 'created_at',
    z.ZodOptional<z.ZodString>
  >,
);

// ---------------------------------------------------------------------------------------------------------
// One schema per CaseApi method: the argument tuple.

export const caseArgSchemas = {
  summaries: z.tuple([z.array(handle).max(1000, 'at most 1000 handles per lookup')]),
  history: z.tuple([handle]),
  searchCustomers: z.tuple([z.string().max(200, 'a search has at most 200 characters'), absent(z.number().int().min(1).max(500))]),

  upsertCustomer: z.tuple([z.strictObject({ handle, displayName: displayName.optional(), tags: tags.optional() })]),
  mergeCustomers: z.tuple([z.strictObject({ from: handle, into: handle })]),
  renameCustomer: z.tuple([z.strictObject({ from: handle, to: handle })]),
  deleteCustomer: z.tuple([z.strictObject({ handle })]),

  createCase: z.tuple([
    z.strictObject({
      handle,
      displayName: displayName.optional(),
      title: z.string().trim().min(1, 'a case needs a title').max(500, 'a title has at most 500 characters'),
      status: status.optional(),
      priority: priority.optional(),
      tags: tags.optional(),
    }),
  ]),
  updateCase: z.tuple([
    z.strictObject({
      id,
      patch: z.strictObject({
        title: z.string().trim().min(1, 'a case needs a title').max(500).optional(),
        status: status.optional(),
        priority: priority.optional(),
        tags: tags.optional(),
      }),
    }),
  ]),

  openCases: z.tuple([z.strictObject({ assignee: handle.nullable(), limit: z.number().int().min(1).max(500).optional() })]),
  assignCase: z.tuple([
    z.strictObject({
      id,
      assignee: handle.nullable(),
      handoff: z.string().trim().max(500, 'a handoff note has at most 500 characters').optional(),
    }),
  ]),

  addNote: z.tuple([z.strictObject({ handle, displayName: displayName.optional(), text: nonEmptyText, caseId: caseId.optional() })]),
  updateNote: z.tuple([z.strictObject({ id, text: nonEmptyText })]),
  deleteNote: z.tuple([z.strictObject({ id })]),

  addDetail: z.tuple([
    z.strictObject({
      handle,
      displayName: displayName.optional(),
      kind: detailKind,
      value: z.string().trim().min(1, 'a detail needs a value').max(500, 'a detail has at most 500 characters'),
      source: detailSource,
      sourceRef: z.string().max(2000).nullable().optional(),
      caseId: caseId.optional(),
    }),
  ]),
  deleteDetail: z.tuple([z.strictObject({ id })]),

  attachTweet: z.tuple([
    z.strictObject({
      handle,
      displayName: displayName.optional(),
      caseId: caseId.optional(),
      tweetId,
      text: longText,
      url: url.nullable().optional(),
      at: time.optional(),
    }),
  ]),
  recordReply: z.tuple([
    z.strictObject({
      handle,
      author: handle,
      text: longText,
      tweetId: tweetId.nullable().optional(),
      caseId: caseId.optional(),
      at: time.optional(),
    }),
  ]),

  addPromise: z.tuple([
    z.strictObject({ handle, displayName: displayName.optional(), text: promiseText, due: time.nullable(), caseId: caseId.optional() }),
  ]),
  setPromiseDone: z.tuple([z.strictObject({ id, done: z.boolean() })]),
  updatePromise: z.tuple([
    z
      .strictObject({ id, text: promiseText.optional(), due: time.nullable().optional() })
      .refine((v) => v.text !== undefined || v.due !== undefined, 'give a new text or due time (nothing to change)'),
  ]),
  duePromises: z.tuple([z.strictObject({ now: time, markNotified: z.boolean().optional() })]),

  exportBackup: z.tuple([]),
  importBackup: z.tuple([z.strictObject({ json: bigText, mode: z.enum(['merge', 'replace']).optional(), jobId: id.optional() })]),
  importCsv: z.tuple([
    z.strictObject({
      text: bigText,
      mapping: csvMapping.optional(),
      defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'a country is two capital letters, e.g. "US"').optional(),
      jobId: id.optional(),
    }),
  ]),
  importProgress: z.tuple([z.strictObject({ id })]),
  importCancel: z.tuple([z.strictObject({ id })]),
  exportBackupBegin: z.tuple([]),
  exportBackupChunk: z.tuple([z.strictObject({ exportId: id, offset: z.number().int().nonnegative() })]),
  importBackupChunk: z.tuple([z.strictObject({ importId: id, index: z.number().int().nonnegative(), text: chunkText })]),
  importBackupCommit: z.tuple([z.strictObject({ importId: id, parts: z.number().int().positive(), mode: z.enum(['merge', 'replace']).optional() })]),
  backupTransferAbort: z.tuple([z.strictObject({ id })]),
  clearAll: z.tuple([]),
} satisfies { [M in keyof CaseApi]: z.ZodType };

export type CaseMethod = keyof CaseApi;
export const CASE_METHODS = Object.keys(caseArgSchemas) as CaseMethod[];

// Compile-time proof that each schema produces exactly the arguments its CaseApi method takes, and knows
// every field of the input object (strict schemas would otherwise reject a field CaseApi gained later).
type FirstKeys<T> = T extends readonly [infer A, ...unknown[]] ? (A extends object ? keyof A : never) : never;
type SchemaMatches = {
  [M in CaseMethod]: z.output<(typeof caseArgSchemas)[M]> extends Parameters<CaseApi[M]>
    ? Parameters<CaseApi[M]> extends z.input<(typeof caseArgSchemas)[M]>
      ? [Exclude<FirstKeys<Parameters<CaseApi[M]>>, FirstKeys<z.input<(typeof caseArgSchemas)[M]>>>] extends [never]
        ? true
        : ['schema lacks fields', M, Exclude<FirstKeys<Parameters<CaseApi[M]>>, FirstKeys<z.input<(typeof caseArgSchemas)[M]>>>]
      : ['client args not accepted by schema', M]
    : ['schema output does not fit', M];
};
const _schemasMatch: { [M in CaseMethod]: true } = null as unknown as SchemaMatches;
void _schemasMatch;

/** Methods that change data: the background broadcasts `casesChanged` after each. */
export const WRITE_METHODS: ReadonlySet<CaseMethod> = new Set<CaseMethod>([
  'upsertCustomer',
  'mergeCustomers',
  'renameCustomer',
  'deleteCustomer',
  'createCase',
  'updateCase',
  'assignCase',
  'addNote',
  'updateNote',
  'deleteNote',
  'addDetail',
  'deleteDetail',
  'attachTweet',
  'recordReply',
  'addPromise',
  'setPromiseDone',
  'updatePromise',
  'duePromises',
  'importBackup',
  'importBackupCommit',
  'importCsv',
  'clearAll',
]);

/** Bulk operations only the extension's own pages (options) may run; a content script on x.com may not. */
export const PAGE_ONLY_METHODS: ReadonlySet<string> = new Set([
  'exportBackup',
  'importBackup',
  'exportBackupBegin',
  'exportBackupChunk',
  'importBackupChunk',
  'importBackupCommit',
  'backupTransferAbort',
  'importCsv',
  'importProgress',
  'importCancel',
  'clearAll',
  'getFocus',
  'teamStatus',
  'teamPreview',
  'teamJoin',
  'teamLeave',
]);

// ---------------------------------------------------------------------------------------------------------
// Messages beyond CaseApi

/** The tweet an agent is replying to or has selected in a tab; the side panel follows it. */
export const focusedTweetSchema = z.strictObject({
  tweetId,
  handle,
  displayName: displayName.optional(),
  text: longText.optional(),
  url: url.optional(),
  /** "reply": the agent opened the composer on it; "select": clicked its chip/card. */
  mode: z.enum(['reply', 'select']),
});
export type FocusedTweet = z.infer<typeof focusedTweetSchema>;

/** What the background keeps per tab (in storage.session) and answers to `getFocus`. */
export interface FocusEntry extends FocusedTweet {
  tabId: number;
  at: number;
}

const ruleIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,119}$/, 'a rule id is letters, digits and / _ . -');

export const extraSchemas = {
  /** From a content script: this tab's focused tweet, or null when there is none any more. */
  focusTweet: z.tuple([z.strictObject({ tweet: focusedTweetSchema.nullable() })]),
  /** From an extension page: the focus of a tab, or (no tabId) the most recent focus in any tab. */
  getFocus: z.tuple([z.strictObject({ tabId: z.number().int().nonnegative().optional() })]),
  /** Open the side panel (Chrome) / sidebar (Firefox) for the sender's tab. */
  openSidePanel: z.tuple([z.strictObject({ tabId: z.number().int().nonnegative().optional() }).optional()]),
  /** Team sync (extension pages only): the sign-in and the connection's state, never the token. */
  teamStatus: z.tuple([]),
  /** How much of this browser's history joining a team would share. */
  teamPreview: z.tuple([]),
  /** Join a team with the server address and invite code from the team lead; the local history is shared once. */
  teamJoin: z.tuple([
    z.strictObject({
      server: z.string().trim().min(1, 'enter the team server’s address').max(500, 'a server address has at most 500 characters'),
      code: z.string().trim().min(1, 'enter the invite code').max(200, 'an invite code has at most 200 characters'),
      handle: z.union([handle, z.literal('')]).optional(),
    }),
  ]),
  /** Leave the team: the history stays in this browser as a local copy. */
  teamLeave: z.tuple([]),
  /** This tab's (or page's) activity for team presence: a customer viewed or replied to, or nothing (null). */
  reportPresence: z.tuple([z.strictObject({ key: handle.nullable(), mode: z.enum(['viewing', 'replying']).nullable() })]),
  /** Who else of the team is on which customer (empty when not in a team). */
  getPresence: z.tuple([]),
  /** Open a rule's docs on the options page (a link from x.com to an extension page is blocked). */
  openRuleDocs: z.tuple([z.strictObject({ rule: ruleIdSchema })]),
  /** From a content script: the pack time budget turned this pack rule off in this tab, after it took `ms`. */
  reportSlowRule: z.tuple([z.strictObject({ rule: ruleIdSchema, ms: z.number().finite().min(0).max(600_000) })]),
  /** Extension pages: the pack rules turned off by the time budget in any tab this session. */
  slowRules: z.tuple([]),
  /**
   * From a content script, on the first composer focus: inject the lint engine (linter, packs, YAML) into the
   * sender's frame, in the content scripts' isolated world. Not a web-accessible resource, so x.com cannot see it.
   */
  loadLinter: z.tuple([]),
};

export type ExtraMethod = keyof typeof extraSchemas;
export type MessageMethod = CaseMethod | ExtraMethod;

export interface OpenSidePanelResult {
  opened: boolean;
  /** Why it could not open (e.g. no user gesture, API missing). */
  error?: string;
}

/** The webext-core protocol map: data is the argument tuple. */
export type CaseProtocol = {
  [M in CaseMethod]: (args: Parameters<CaseApi[M]>) => Awaited<ReturnType<CaseApi[M]>>;
} & {
  focusTweet(args: z.input<(typeof extraSchemas)['focusTweet']>): void;
  getFocus(args: z.input<(typeof extraSchemas)['getFocus']>): FocusEntry | null;
  openSidePanel(args: z.input<(typeof extraSchemas)['openSidePanel']>): OpenSidePanelResult;
  teamStatus(args: []): TeamStatus;
  teamPreview(args: []): JoinPreview;
  teamJoin(args: z.input<(typeof extraSchemas)['teamJoin']>): { team: TeamInfo; uploaded: number };
  teamLeave(args: []): void;
  reportPresence(args: z.input<(typeof extraSchemas)['reportPresence']>): void;
  getPresence(args: []): PresenceEntry[];
  openRuleDocs(args: z.input<(typeof extraSchemas)['openRuleDocs']>): void;
  reportSlowRule(args: z.input<(typeof extraSchemas)['reportSlowRule']>): void;
  slowRules(args: []): SlowRuleEntry[];
  loadLinter(args: []): void;
};

// ---------------------------------------------------------------------------------------------------------
// Broadcast events (background -> tabs and pages). Sent as plain runtime messages, never answered.

export interface CasesChangedEvent {
  /** Handle keys (lower-case, no "@") whose data changed. Empty with `all: true` when anything may have. */
  handles: string[];
  /** True after bulk changes (import, clear, delete by id): refetch everything shown. */
  all: boolean;
}

export type BroadcastMessage =
  | { caselint: 'casesChanged'; event: CasesChangedEvent }
  | { caselint: 'focusChanged'; tabId: number; focus: FocusEntry | null }
  /** To extension pages only: the team sign-in or the connection changed. */
  | { caselint: 'teamStatus'; status: TeamStatus }
  /** To x.com tabs and pages: who else of the team is on which customer (handles and customer keys only). */
  | { caselint: 'presence'; entries: PresenceEntry[] }
  /** To one x.com tab: the agent pressed a Caselint keyboard shortcut there (browser `commands`: trusted). */
  | { caselint: 'command'; name: CaselintCommand };

/** Keyboard shortcuts the content script acts on (manifest `commands`; the side panel's is the browser's own). */
export type CaselintCommand = 'open-card';
export const CASELINT_COMMANDS: readonly CaselintCommand[] = ['open-card'];

export function isBroadcast(msg: unknown): msg is BroadcastMessage {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    ['casesChanged', 'focusChanged', 'teamStatus', 'presence', 'command'].includes((msg as { caselint?: unknown }).caselint as string)
  );
}

// ---------------------------------------------------------------------------------------------------------
// Validation and sender checks

export class MessageRejectedError extends Error {
  override name = 'MessageRejectedError';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      // The tuple's first element is the single argument: drop the leading 0 so paths read "patch.title".
      const path = issue.path.length > 0 && issue.path[0] === 0 ? issue.path.slice(1) : issue.path;
      const where = path.length ? path.map(String).join('.') : 'arguments';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validate a message's data against its method's schema. Throws `MessageRejectedError` naming the field. */
export function parseArgs(method: string, data: unknown): unknown[] {
  const schema = (caseArgSchemas as Record<string, z.ZodType>)[method] ?? (extraSchemas as Record<string, z.ZodType>)[method];
  if (!schema) throw new MessageRejectedError(`Caselint: unknown message "${method}"`);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new MessageRejectedError(`Caselint: invalid "${method}" message: ${describeIssues(parsed.error)}`);
  return parsed.data as unknown[];
}

/** The subset of runtime.MessageSender we look at. */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface ExtensionIdentity {
  /** browser.runtime.id */
  id: string;
  /** browser.runtime.getURL('/'), e.g. chrome-extension://abc/ or moz-extension://uuid/ */
  origin: string;
}

/** x.com pages our content script runs on (see entrypoints/content matches). */
export const CONTENT_ORIGINS: readonly string[] = ['https://x.com', 'https://twitter.com'];
/** Extension pages that may call the background. */
export const PAGE_PATHS: readonly string[] = ['/options.html', '/sidepanel.html', '/popup.html'];

export type SenderInfo = { kind: 'content'; tabId: number; frameId: number; url: string } | { kind: 'page'; path: string; tabId: number | null };

/**
 * Who sent this? Accepts only this extension's content scripts on x.com / twitter.com tabs and this
 * extension's own pages (by path). Throws `MessageRejectedError` otherwise.
 */
export function checkSender(method: string, sender: SenderLike | undefined, self: ExtensionIdentity): SenderInfo {
  const reject = (why: string): never => {
    throw new MessageRejectedError(`Caselint: rejected "${method}": ${why}`);
  };
  if (!sender || sender.id !== self.id) reject(`sender is not this extension (id ${JSON.stringify(sender?.id ?? null)})`);
  const from = sender!.url ?? '';
  if (from.startsWith(self.origin)) {
    const path = new URL(from).pathname;
    if (!PAGE_PATHS.includes(path)) reject(`extension page ${path} may not call the background`);
    return { kind: 'page', path, tabId: sender!.tab?.id ?? null };
  }
  let origin: string;
  try {
    origin = new URL(from).origin;
  } catch {
    return reject(`sender has no valid URL (${JSON.stringify(from)})`);
  }
  if (!CONTENT_ORIGINS.includes(origin)) reject(`content scripts may only call from x.com or twitter.com, not ${origin}`);
  const tabId = sender!.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) reject('a content script message must come from a browser tab');
  // Least privilege (limits.ts): a content script may call only what the in-page features use.
  if (PAGE_ONLY_METHODS.has(method) || !CONTENT_METHODS.has(method)) reject(`only the extension's own pages may call it, not a content script on ${origin}`);
  return { kind: 'content', tabId: tabId!, frameId: typeof sender!.frameId === 'number' && sender!.frameId >= 0 ? sender!.frameId : 0, url: from };
}
