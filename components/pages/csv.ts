/** Column mapping helpers for the CSV import: read the header, guess which column holds which field. */
import Papa from 'papaparse';
import type { CsvMapping } from '../../lib/cases/api';

export type CsvField = keyof CsvMapping;

export const CSV_FIELDS: Array<{ field: CsvField; label: string; required?: boolean }> = [
  { field: 'handle', label: 'Handle', required: true },
  { field: 'display_name', label: 'Display name' },
  { field: 'title', label: 'Case title' },
  { field: 'status', label: 'Status' },
  { field: 'priority', label: 'Priority' },
  { field: 'tags', label: 'Tags' },
  { field: 'note', label: 'Note' },
  { field: 'phone', label: 'Phone' },
  { field: 'email', label: 'Email' },
  { field: 'account', label: 'Account' },
  { field: 'order', label: 'Order' },
  { field: 'location', label: 'Location' },
  { field: 'device', label: 'Device' },
  { field: 'created_at', label: 'Created at' },
];

const SYNONYMS: Record<CsvField, string[]> = {
  handle: ['handle', 'xhandle', 'twitterhandle', 'twitter', 'username', 'screenname', 'user', 'customer', 'author'],
  display_name: ['displayname', 'name', 'fullname', 'customername'],
  title: ['title', 'casetitle', 'subject', 'issue', 'summary', 'case'],
  status: ['status', 'state', 'casestatus'],
  priority: ['priority', 'prio', 'urgency'],
  tags: ['tags', 'tag', 'labels', 'label', 'categories'],
  note: ['note', 'notes', 'comment', 'comments', 'description'],
  phone: ['phone', 'phonenumber', 'tel', 'telephone', 'mobile'],
  email: ['email', 'emailaddress', 'mail'],
  account: ['account', 'accountid', 'accountnumber', 'customerid'],
  order: ['order', 'orderid', 'ordernumber', 'orderno'],
  location: ['location', 'city', 'region', 'country'],
  device: ['device', 'model', 'devicemodel'],
  created_at: ['createdat', 'created', 'date', 'opened', 'openedat', 'createddate'],
};

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Guess a mapping from header names: exact synonyms first, each header used once. */
export function guessMapping(headers: string[]): CsvMapping {
  const mapping: CsvMapping = {};
  const used = new Set<string>();
  for (const { field } of CSV_FIELDS) {
    const found = headers.find((h) => !used.has(h) && SYNONYMS[field].includes(norm(h)));
    if (found !== undefined) {
      mapping[field] = found;
      used.add(found);
    }
  }
  return mapping;
}

export interface CsvTable {
  headers: string[];
  /** The first rows, each with its 1-based line in the file (the header is line 1; quoted newlines count). */
  rows: Array<{ line: number; values: Record<string, string> }>;
  /** Total data rows (not counting the header). */
  total: number;
}

/** Parse the header and the first `limit` rows for the mapping selects and the preview table. */
export function readCsvTable(text: string, limit = 5): CsvTable {
  const src = text.replace(/^\uFEFF/, '');
  let headers: string[] | null = null;
  const rows: CsvTable['rows'] = [];
  let total = 0;
  let scanned = 0;
  let line = 1;
  let rowStart = 0;
  Papa.parse<string[]>(src, {
    skipEmptyLines: 'greedy',
    step: (res) => {
      // Line of this row: newlines before where it starts (skipping the blank lines papaparse skipped).
      let start = rowStart;
      while (start < src.length && (src[start] === '\n' || src[start] === '\r')) start++;
      for (; scanned < start; scanned++) if (src.charCodeAt(scanned) === 10) line++;
      rowStart = res.meta.cursor;
      const cells = res.data;
      if (!headers) {
        headers = cells.map((h) => h.trim());
        return;
      }
      total++;
      if (rows.length < limit) {
        const values: Record<string, string> = {};
        headers.forEach((h, i) => {
          if (h && !(h in values)) values[h] = (cells[i] ?? '').replace(/\r$/, '');
        });
        rows.push({ line, values });
      }
    },
  });
  return { headers: (headers ?? ([] as string[])).filter((h) => h !== ''), rows, total };
}
