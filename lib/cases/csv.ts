/**
 * CSV import of case history (e.g. a helpdesk export), parsed with papaparse.
 *
 * Columns (our field: headers recognised when no mapping is given; case, spaces and dashes do not matter):
 *   handle (required)  handle, twitter, twitter_handle, screen_name, username, x_handle, customer_handle
 *   display_name       display_name, name, customer_name, full_name, requester
 *   title              title, subject, summary, ticket_subject
 *   status             status, state              open | waiting | solved (aliases: new, pending, on hold,
 *                                                 closed, resolved, ...); empty = open
 *   priority           priority, urgency          low | normal | high | urgent (medium = normal); empty = normal
 *   tags               tags, labels               separated by , ; or |
 *   note               note, notes, comment, description, body
 *   phone              phone, phone_number, telephone, mobile   normalised to E.164 with libphonenumber-js when
 *                                                 it parses (numbers without +country need `defaultCountry`);
 *                                                 otherwise kept as written
 *   email, account, order, location, device        (and email_address, account_number, order_id, city, model ...)
 *   created_at         created_at, created, date, created_date, opened
 *                      ISO 8601 (no zone = UTC), epoch seconds or ms, or a date JavaScript parses ("Jan 13, 2010")
 * `mapping` (our field -> header in the file) overrides the guess for the fields it names; a field mapped to ""
 * is not imported at all (the options page's "(not in file)"), even when a header would match it.
 *
 * What a row becomes: the customer (created when new; display_name updates it); a case when `title` is set
 * (status, priority, tags, created_at apply to it; tags go to the customer when there is no title); a note when
 * `note` is set (on the row's case); a detail (source "import") per phone/email/account/order/location/device.
 * Rows repeating a case (same customer, title and created time), note (same text and time) or detail (same
 * kind and value) already stored or earlier in the file are not stored twice, so re-importing a file is harmless.
 *
 * ALL OR NOTHING (decided): the whole file is checked first; if any row has an error, nothing is written and
 * the report lists every error (line numbers are 1-based, the header is line 1, and count lines inside quoted
 * fields). Otherwise the records are built in memory and written in ONE transaction, in slices of `CSV_WRITE_CHUNK`
 * records with progress and a cancel check between slices; a failure or a cancel aborts it (see `importCsvRows`).
 */
import type { Table } from 'dexie';
import Papa from 'papaparse';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { CsvImportReport, CsvMapping, CsvRowError } from './api';
import { SummaryBuilder, isAliasRow, type SummaryEntry } from './db';
import type { CaseStore } from './store';
import type { ImportTicket } from './progress';
import { type Case, type CaseStatus, type Customer, type Detail, type DetailKind, type Note, type Priority, handleKey } from './types';

export type CsvField = keyof Required<CsvMapping>;
export interface CsvOptions {
  /** Country assumed for phone numbers written without +country code (ISO 3166 alpha-2, e.g. "US"). */
  defaultCountry?: string;
}

function checkCountry(code: string | undefined): CountryCode | undefined {
  if (code === undefined || code === '') return undefined;
  const c = code.trim().toUpperCase();
  if (!isSupportedCountry(c)) throw new Error(`defaultCountry: "${code}" is not a supported country code (e.g. US, GB, DE)`);
  return c as CountryCode;
}

export const CSV_FIELDS: readonly CsvField[] = [
  'handle', 'display_name', 'title', 'status', 'priority', 'tags', 'note',
  'phone', 'email', 'account', 'order', 'location', 'device', 'created_at',
];

export const CSV_ALIASES: Record<CsvField, string[]> = {
  handle: ['handle', 'twitter', 'twitter_handle', 'screen_name', 'screenname', 'username', 'user_name', 'x_handle', 'customer_handle', 'x'],
  display_name: ['display_name', 'name', 'customer_name', 'full_name', 'requester', 'customer'],
  title: ['title', 'subject', 'summary', 'ticket_subject', 'case_title'],
  status: ['status', 'state', 'ticket_status'],
  priority: ['priority', 'urgency'],
  tags: ['tags', 'labels', 'tag'],
  note: ['note', 'notes', 'comment', 'comments', 'description', 'body'],
  phone: ['phone', 'phone_number', 'telephone', 'tel', 'mobile', 'cell'],
  email: ['email', 'e_mail', 'email_address', 'mail'],
  account: ['account', 'account_number', 'account_id', 'account_no', 'customer_id'],
  order: ['order', 'order_number', 'order_id', 'order_no'],
  location: ['location', 'city', 'region', 'area'],
  device: ['device', 'model', 'device_model'],
  created_at: ['created_at', 'created', 'date', 'created_date', 'opened', 'opened_at', 'timestamp'],
};

const STATUS_WORDS: Record<string, CaseStatus> = {
  open: 'open', new: 'open', active: 'open', reopened: 'open', 'in progress': 'open', in_progress: 'open',
  waiting: 'waiting', pending: 'waiting', 'on hold': 'waiting', on_hold: 'waiting', hold: 'waiting',
  'waiting on customer': 'waiting',
  solved: 'solved', closed: 'solved', resolved: 'solved', done: 'solved',
};
const PRIORITY_WORDS: Record<string, Priority> = {
  low: 'low', normal: 'normal', medium: 'normal', high: 'high', urgent: 'urgent', critical: 'urgent',
};
const DETAIL_FIELDS: ReadonlyArray<[CsvField, DetailKind]> = [
  ['phone', 'phone'], ['email', 'email'], ['account', 'account'], ['order', 'order'], ['location', 'location'], ['device', 'device'],
];

const normHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** A row as it will be imported. */
export interface CsvRow {
  line: number;
  handle: string;
  key: string;
  displayName: string | null;
  title: string | null;
  status: CaseStatus;
  priority: Priority;
  tags: string[];
  note: string | null;
  details: Array<{ kind: DetailKind; value: string }>;
  createdAt: number | null;
}

export interface CsvPreview {
  headers: string[];
  /** The mapping that will be used: our field -> header (fields with no column are absent). */
  mapping: CsvMapping;
  rows: CsvRow[];
  errors: CsvRowError[];
  totalRows: number;
}

/** Resolves the mapping: explicit entries first, then a case-insensitive match on our name or an alias. */
export function guessMapping(headers: string[], mapping: CsvMapping = {}): { mapping: CsvMapping; errors: CsvRowError[] } {
  const out: CsvMapping = {};
  const errors: CsvRowError[] = [];
  const byNorm = new Map<string, string>();
  headers.forEach((h) => byNorm.has(normHeader(h)) || byNorm.set(normHeader(h), h));
  const used = new Set<string>();
  for (const field of CSV_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined || wanted === '') continue;
    const header = byNorm.get(normHeader(wanted));
    if (!header) {
      errors.push({ line: 1, column: wanted, message: `column "${wanted}" (mapped to ${field}) is not in the file; its columns are: ${headers.join(', ')}` });
    } else {
      out[field] = header;
      used.add(header);
    }
  }
  for (const field of CSV_FIELDS) {
    // A field the mapping names, even as "" ("not in the file"), is never guessed: "" means do not import it.
    if (out[field] || mapping[field] !== undefined) continue;
    for (const alias of CSV_ALIASES[field]) {
      const header = byNorm.get(alias);
      if (header && !used.has(header)) {
        out[field] = header;
        used.add(header);
        break;
      }
    }
  }
  if (!out.handle && !mapping.handle) {
    errors.push({
      line: 1,
      column: 'handle',
      message:
        mapping.handle === ''
          ? 'the handle is required: map it to one of the columns ' + headers.join(', ')
          : `no handle column: name one "handle" (or ${CSV_ALIASES.handle.slice(1, 4).join(', ')}) or map it`,
    });
  }
  return { mapping: out, errors };
}

/** Cell limits, the same as the options page's and the messages' (lib/messaging/protocol.ts). */
const CELL_LIMITS: Array<[CsvField, number, string]> = [
  ['display_name', 200, 'a display name'],
  ['title', 500, 'a title'],
  ['note', 20_000, 'a note'],
  ...(['phone', 'email', 'account', 'order', 'location', 'device'] as const).map((f): [CsvField, number, string] => [f, 500, `a ${f} detail`]),
];

/** Parses a date cell; null when empty, NaN when unparseable. */
export function parseCsvDate(value: string): number | null {
  const v = value.trim();
  if (!v) return null;
  if (/^\d{10}$/.test(v)) return Number(v) * 1000;
  if (/^\d{12,13}$/.test(v)) return Number(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = iso;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
    let t = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    if (new Date(t).getUTCDate() !== day) return NaN; // 2024-02-31
    if (zone && zone.toUpperCase() !== 'Z') {
      const m = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
      t -= (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
    }
    return t;
  }
  // Month-name formats only: numeric d/m/y vs m/d/y is ambiguous, so "03/04/2020" is refused. No Date.parse
  // fallback: it reads "ticket 12" as a date and rolls "Feb 30 2024" over into March.
  return parseMonthNameDate(v);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Feb 3 2024", "3 Feb 2024", "February 3, 2024", "Mon, 3 Feb 2024 10:30", with an optional hh:mm[:ss] (UTC). */
function parseMonthNameDate(v: string): number {
  const m =
    /^(?:[a-z]{3,9},?\s+)?(?:([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?)\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*(?:UTC|GMT|Z))?$/i.exec(v);
  if (!m) return NaN;
  const name = (m[1] ?? m[4])!.toLowerCase();
  const month = MONTHS.findIndex((p) => name.startsWith(p) && (name.length === 3 || 'january february march april may june july august september october november december'.split(' ').some((full) => full.startsWith(name) || name === 'sept')));
  if (month < 0) return NaN;
  const day = Number(m[2] ?? m[3]);
  const [h, mi, s] = [Number(m[6] ?? 0), Number(m[7] ?? 0), Number(m[8] ?? 0)];
  if (day < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const t = Date.UTC(Number(m[5]), month, day, h, mi, s);
  if (new Date(t).getUTCDate() !== day) return NaN; // Feb 30
  return t;
}

export function normalisePhone(value: string, defaultCountry?: string): string {
  const p = parsePhoneNumberFromString(value, checkCountry(defaultCountry));
  return p && p.isValid() ? p.number : value.trim();
}

function extractHandle(raw: string): string {
  const v = raw.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:x|twitter)\.com\/@?([A-Za-z0-9_]+)\/?(?:[?#].*)?$/i.exec(v);
  return url ? url[1]! : v.replace(/^@/, '');
}

interface Parsed {
  headers: string[];
  mapping: CsvMapping;
  rows: CsvRow[];
  errors: CsvRowError[];
}

/** Parses the whole file into rows and errors. Pure. `keepRows` caps the rows kept (preview). */
function parseCsv(text: string, mappingIn: CsvMapping, opts: CsvOptions, keepRows = Infinity): Parsed {
  const country = checkCountry(opts.defaultCountry);
  const errors: CsvRowError[] = [];
  const rows: CsvRow[] = [];
  let headers: string[] | null = null;
  let mapping: CsvMapping = {};
  let idx: Partial<Record<CsvField, number>> = {};
  let prevCursor = 0;
  let scanPos = 0;
  let line = 1;
  let fatal = false;
  // Offsets below are in `src` (Papa's cursor), so lines are counted there: a BOM is not a character of line 1,
  // and \r\n, \r (old Mac) and \n each end one line.
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const advance = (to: number) => {
    for (; scanPos < to; scanPos++) {
      const c = src.charCodeAt(scanPos);
      if (c === 13 || (c === 10 && (scanPos === 0 || src.charCodeAt(scanPos - 1) !== 13))) line++;
    }
  };

  Papa.parse<string[]>(src, {
    skipEmptyLines: 'greedy',
    step: (res) => {
      if (fatal) return;
      // Line of this row's first character: skip the newlines between the previous row and this one.
      advance(prevCursor);
      let start = prevCursor;
      while (start < src.length && (src[start] === '\n' || src[start] === '\r')) start++;
      advance(start);
      const rowLine = line;
      prevCursor = res.meta.cursor;
      const cells = res.data;
      const parseErrors = res.errors.filter((e) => e.code !== 'UndetectableDelimiter');
      if (!headers) {
        headers = cells.map((h) => h.trim());
        if (parseErrors.length) {
          errors.push({ line: 1, message: `malformed header row: ${parseErrors[0]!.message}` });
          fatal = true;
          return;
        }
        const g = guessMapping(headers, mappingIn);
        mapping = g.mapping;
        errors.push(...g.errors);
        if (g.errors.length) fatal = true;
        idx = Object.fromEntries(Object.entries(mapping).map(([f, h]) => [f, headers!.indexOf(h as string)]));
        return;
      }
      if (parseErrors.some((e) => e.code === 'MissingQuotes')) {
        // Papa reads an unclosed quote to the end of the file: every row after it is inside that one field.
        const q = unclosedQuote(src, start);
        const at = q === null ? rowLine : rowLine + countLines(src, start, q);
        const last = rowLine + countLines(src, start, src.replace(/[\r\n]+$/, '').length);
        errors.push({
          line: at,
          message: `unclosed quote: the quoted field opened on line ${at} never closes, so ${last > at ? `lines ${at}–${last} were read as one field and none of them was imported` : 'this row was not imported'} (close the quote; a quote inside a quoted field is written "")`,
        });
        fatal = true;
        return;
      }
      if (parseErrors.length) {
        errors.push({ line: rowLine, message: `malformed row: ${parseErrors.map((e) => e.message).join('; ')}` });
        return;
      }
      if (cells.length !== headers.length) {
        errors.push({
          line: rowLine,
          message: `malformed row: ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${headers.length}`,
        });
        return;
      }
      const get = (f: CsvField): string => {
        const i = idx[f];
        return i === undefined || i < 0 ? '' : (cells[i] ?? '').trim();
      };
      const col = (f: CsvField) => mapping[f] ?? f;
      let bad = false;
      const fail = (f: CsvField, message: string) => {
        errors.push({ line: rowLine, column: col(f), message });
        bad = true;
      };
      const rawHandle = get('handle');
      const handle = extractHandle(rawHandle);
      const key = handleKey(handle);
      if (!rawHandle) fail('handle', 'missing handle');
      // Checked before lower-casing: the Kelvin sign (U+212A) lower-cases to "k", so "\u212Aelvin" would fold into "kelvin".
      else if (!/^[A-Za-z0-9_]{1,50}$/.test(handle) || !/^[a-z0-9_]{1,50}$/.test(key)) fail('handle', `invalid handle "${rawHandle}" (X handles have letters, digits and _)`);
      // The same limits as the UI and the messages (lib/messaging/protocol.ts): a row stored here can be saved again.
      for (const [f, max, what] of CELL_LIMITS) {
        const v = get(f);
        if (v.length > max) fail(f, `${what} has ${v.length} characters; at most ${max}`);
      }
      const tagList = get('tags').split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
      if (tagList.some((t) => t.length > 64)) fail('tags', 'a tag has at most 64 characters');
      if (new Set(tagList).size > 50) fail('tags', 'at most 50 tags');
      const statusRaw = get('status').toLowerCase().replace(/\s+/g, ' ');
      const status = statusRaw ? STATUS_WORDS[statusRaw] : 'open';
      if (!status) fail('status', `unknown status "${get('status')}" (use open, waiting or solved)`);
      const prioRaw = get('priority').toLowerCase();
      const priority = prioRaw ? PRIORITY_WORDS[prioRaw] : 'normal';
      if (!priority) fail('priority', `unknown priority "${get('priority')}" (use low, normal, high or urgent)`);
      const createdAt = parseCsvDate(get('created_at'));
      if (createdAt !== null && Number.isNaN(createdAt)) {
        fail('created_at', `unparseable date "${get('created_at')}" (use ISO 8601 like 2024-05-01 or 2024-05-01T14:30:00Z)`);
      }
      if (bad) return;
      const details: CsvRow['details'] = [];
      for (const [f, kind] of DETAIL_FIELDS) {
        const v = get(f);
        if (v) details.push({ kind, value: kind === 'phone' ? normalisePhone(v, country) : v });
      }
      if (rows.length < keepRows) {
        rows.push({
          line: rowLine,
          handle,
          key,
          displayName: get('display_name') || null,
          title: get('title') || null,
          status: status!,
          priority: priority!,
          tags: [...new Set(get('tags').split(/[,;|]/).map((t) => t.trim()).filter(Boolean))],
          note: get('note') || null,
          details,
          createdAt,
        });
      }
    },
  });
  if (!headers && !fatal) errors.push({ line: 1, message: 'the file is empty: expected a header row' });
  return { headers: headers ?? [], mapping, rows, errors };
}

/** For the options page: headers, the mapping used, the first rows as imported, and every row error. Pure. */
export function previewCsv(text: string, mapping: CsvMapping = {}, options: CsvOptions & { rows?: number } = {}): CsvPreview {
  const p = parseCsv(text, mapping, options, options.rows ?? 20);
  return { headers: p.headers, mapping: p.mapping, rows: p.rows, errors: p.errors, totalRows: countDataRows(text) };
}

/** Offset of the quote that opens a field never closed, scanning CSV from `from` (a row start); null if none. */
function unclosedQuote(src: string, from: number): number | null {
  let open: number | null = null;
  let fieldStart = true;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (open !== null) {
      if (c === '"') {
        if (src[i + 1] === '"') i++;
        else {
          open = null;
          fieldStart = false;
        }
      }
    } else if (c === '"' && fieldStart) open = i;
    else fieldStart = c === ',' || c === '\n' || c === '\r';
  }
  return open;
}

/** Line breaks (\r\n, \r or \n) in src[from, to). */
function countLines(src: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c === 13 || (c === 10 && (i === 0 || src.charCodeAt(i - 1) !== 13))) n++;
  }
  return n;
}

function countDataRows(text: string): number {
  let n = 0;
  Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', step: () => void n++ });
  return Math.max(0, n - 1);
}

/** Records per slice of a CSV import's write (progress and cancel are checked between slices; `importCsvRows`). */
export const CSV_WRITE_CHUNK = 5_000;

type Op = { table: 'cases' | 'notes' | 'details' | 'customers' | 'summaries'; rows: object[] };

/** Splits table writes into transactions of at most `size` records (a transaction may span tables). */
export function chunkOps(ops: Op[], size: number): Op[][] {
  const out: Op[][] = [];
  let cur: Op[] = [];
  let n = 0;
  for (const op of ops) {
    for (let i = 0; i < op.rows.length; ) {
      const take = Math.min(size - n, op.rows.length - i);
      cur.push({ table: op.table, rows: op.rows.slice(i, i + take) });
      i += take;
      n += take;
      if (n >= size) {
        out.push(cur);
        cur = [];
        n = 0;
      }
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Writes a parsed file; all-or-nothing.
 *
 * 1. Parse and check the whole file (pure; any row error -> nothing written, every error reported).
 * 2. One read transaction: the stored customers, cases, details, promises and summaries of the file's handles;
 *    every record to write is built in memory (no I/O), summaries included.
 * 3. The records are written in ONE read-write transaction, in slices of `chunk` records (cases, notes, details,
 *    then customers and summaries), one slice after the other; after each slice the import reports the rows done
 *    (the share of records written, in lines) to `opts.ticket`, which throws when the page asked to cancel.
 * 4. A cancel, or a failed slice (e.g. the disk is full), aborts the transaction: IndexedDB rolls it back, so the
 *    store is exactly as before, and team sync, which takes only committed transactions (lib/sync/capture.ts),
 *    sends nothing. Measured: one transaction costs the same as chunked ones (docs/performance.md). The price:
 *    other reads and writes of the store (x.com's chip lookups included) wait until the import ends.
 */
export async function importCsvRows(
  store: CaseStore,
  text: string,
  mapping: CsvMapping,
  opts: CsvOptions & { now: number; chunk?: number; ticket?: ImportTicket },
): Promise<CsvImportReport> {
  const parsed = parseCsv(text, mapping, opts);
  if (parsed.errors.length) {
    return { imported: 0, customersCreated: 0, errors: parsed.errors, aborted: true };
  }
  opts.ticket?.check();
  return store.exclusive(() => writeCsvRows(store, parsed.rows, opts.now, opts.chunk ?? CSV_WRITE_CHUNK, opts.ticket));
}

async function writeCsvRows(store: CaseStore, rows: CsvRow[], now: number, chunk: number, ticket?: ImportTicket): Promise<CsvImportReport> {
  const db = store.db;
  const keys = [...new Set(rows.map((r) => r.key))];
  const plan = await store.read(async () => {
    // An empty store (a first import) has nothing to look up.
    const empty = (await db.customers.limit(1).primaryKeys()).length === 0;
    const found = empty ? [] : await db.customers.bulkGet(keys);
    // Old handles resolve to the customer they were merged into or renamed to.
    const targets = [...new Set(found.map((c) => c?.mergedInto).filter((k): k is string => !!k))];
    const targetRows = targets.length ? await db.customers.bulkGet(targets) : [];
    const customers = new Map<string, Customer>();
    [...found, ...targetRows].forEach((c) => c && customers.set(c.key, c));
    const resolve = (k: string): string => {
      const c = customers.get(k);
      return c?.mergedInto && customers.has(c.mergedInto) ? c.mergedInto : k;
    };
    const liveKeys = [...new Set(keys.map(resolve))];
    // Only customers already stored can have stored rows: skip the lookups for a file of new customers.
    const storedKeys = liveKeys.filter((k) => customers.has(k));
    const [oldCases, oldDetails, oldPromises, oldSummaries] = await Promise.all([
      storedKeys.length ? db.cases.where('customerKey').anyOf(storedKeys).toArray() : [],
      storedKeys.length ? db.details.where('customerKey').anyOf(storedKeys).toArray() : [],
      storedKeys.length ? db.promises.where('customerKey').anyOf(storedKeys).toArray() : [],
      storedKeys.length ? db.summaries.bulkGet(storedKeys) : [],
    ]);
    const caseSig = (k: string, title: string, at: number) => `${k}\u0000${title.toLowerCase()}\u0000${at}`;
    const caseBySig = new Map(oldCases.map((c) => [caseSig(c.customerKey, c.title, c.createdAt), c]));
    const detailSeen = new Set(oldDetails.map((d) => `${d.customerKey}\u0000${d.kind}\u0000${d.value.toLowerCase()}`));
    // Notes already stored for these customers, to skip exact repeats (same text and time).
    const noteSeen = new Set<string>();
    const noteSig = (k: string, t: string, at: number) => `${k}\u0000${at}\u0000${t}`;
    const noteTimes = new Set(rows.filter((r) => r.note).map((r) => r.createdAt ?? now));
    if (noteTimes.size && storedKeys.length) {
      await db.notes
        .where('customerKey')
        .anyOf(storedKeys)
        .each((n) => {
          if (noteTimes.has(n.createdAt)) noteSeen.add(noteSig(n.customerKey, n.text, n.createdAt));
        });
    }

    const newCases: Case[] = [];
    const newNotes: Note[] = [];
    const newDetails: Detail[] = [];
    const changed = new Map<string, Customer>();
    let created = 0;
    for (const row of rows) {
      const k = resolve(row.key);
      let c = changed.get(k) ?? customers.get(k);
      const at = row.createdAt ?? now;
      if (!c) {
        c = { key: k, handle: row.handle, displayName: row.displayName ?? row.handle, tags: [], mergedInto: null, aliases: [], createdAt: at, updatedAt: now };
        created++;
      } else if (row.displayName && row.displayName !== c.displayName) {
        c = { ...c, displayName: row.displayName, updatedAt: now };
      }
      let caseId: string | null = null;
      if (row.title) {
        const sig = caseSig(k, row.title, at);
        const existing = caseBySig.get(sig);
        if (existing) caseId = existing.id;
        else {
          const item: Case = { id: crypto.randomUUID(), customerKey: k, title: row.title, status: row.status, priority: row.priority, tags: row.tags, createdAt: at, updatedAt: at };
          newCases.push(item);
          caseBySig.set(sig, item);
          caseId = item.id;
        }
      } else if (row.tags.length) {
        const tags = [...new Set([...c.tags, ...row.tags])];
        if (tags.length !== c.tags.length) c = { ...c, tags, updatedAt: now };
      }
      if (row.note && !noteSeen.has(noteSig(k, row.note, at))) {
        noteSeen.add(noteSig(k, row.note, at));
        newNotes.push({ id: crypto.randomUUID(), customerKey: k, caseId, text: row.note, createdAt: at });
      }
      for (const d of row.details) {
        const sig = `${k}\u0000${d.kind}\u0000${d.value.toLowerCase()}`;
        if (detailSeen.has(sig)) continue;
        detailSeen.add(sig);
        newDetails.push({ id: crypto.randomUUID(), customerKey: k, caseId, kind: d.kind, value: d.value, source: 'import', sourceRef: null, createdAt: at });
      }
      changed.set(k, { ...c, updatedAt: now });
    }

    // Summaries: start from the stored summary and add the new rows (no recount of stored notes).
    const builders = new Map<string, SummaryBuilder>();
    liveKeys.forEach((k) => builders.set(k, new SummaryBuilder(k)));
    oldSummaries.forEach((s) => s && !isAliasRow(s) && builders.get(s.key)?.addNotes(s.notes, s.lastContact));
    for (const c of oldCases) builders.get(c.customerKey)?.addCase({ status: c.status, createdAt: -Infinity });
    for (const d of oldDetails) builders.get(d.customerKey)?.addDetail(d);
    for (const p of oldPromises) builders.get(p.customerKey)?.addPromise(p);
    for (const c of newCases) builders.get(c.customerKey)?.addCase(c);
    for (const n of newNotes) builders.get(n.customerKey)?.addNote(n);
    for (const d of newDetails) builders.get(d.customerKey)?.addDetail(d);
    const changedCustomers = [...changed.values()];
    return {
      created,
      newCases,
      newNotes,
      newDetails,
      changedCustomers,
      summaries: changedCustomers.map((c) => builders.get(c.key)!.build(c.displayName, c.handle)),
      // What step 4 puts back.
      oldCustomers: changedCustomers.map((c) => customers.get(c.key)).filter((c): c is Customer => !!c),
      newCustomerKeys: changedCustomers.filter((c) => !customers.has(c.key)).map((c) => c.key),
      oldSummaries: (oldSummaries as Array<SummaryEntry | undefined>).filter((s): s is SummaryEntry => !!s),
    };
  });

  const chunks = chunkOps(
    [
      { table: 'cases', rows: plan.newCases },
      { table: 'notes', rows: plan.newNotes },
      { table: 'details', rows: plan.newDetails },
      { table: 'customers', rows: plan.changedCustomers },
      { table: 'summaries', rows: plan.summaries },
    ],
    Math.max(1, chunk),
  );
  const records = chunks.reduce((n, ops) => n + ops.reduce((m, op) => m + op.rows.length, 0), 0);
  ticket?.start(rows.length);
  await store.writeOnce('import the CSV file', async () => {
    let written = 0;
    for (const ops of chunks) {
      ticket?.check();
      // One slice: its tables' puts issued together.
      await Promise.all(ops.map((op) => (db[op.table] as Table<object>).bulkPut(op.rows)));
      written += ops.reduce((m, op) => m + op.rows.length, 0);
      // Rows done: the share of the records written, in lines.
      ticket?.step(Math.floor((written / Math.max(1, records)) * rows.length));
    }
  });
  return { imported: rows.length, customersCreated: plan.created, errors: [], aborted: false };
}

/** A CSV the importer takes as it is: every column it knows, in order, and one example row (the template offered for download). */
export function csvTemplate(): string {
  const example: Record<CsvField, string> = {
    handle: '@lee_m',
    display_name: 'Lee M',
    title: 'Fiber box shows a red LOS light',
    status: 'open',
    priority: 'high',
    tags: 'fiber;outage',
    note: 'Technician visit offered, "before noon" preferred',
    phone: '+1 617 555 0148',
    email: 'lee@example.com',
    account: 'AC-104233',
    order: 'ORD-88121',
    location: 'Somerville, MA',
    device: 'ONT G-240W',
    created_at: '2024-05-01T14:30:00Z',
  };
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${CSV_FIELDS.join(',')}\r\n${CSV_FIELDS.map((f) => cell(example[f])).join(',')}\r\n`;
}
