import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { CaseStore } from '../../../lib/cases/store';
import { CSV_FIELDS, csvTemplate, guessMapping, parseCsvDate, previewCsv } from '../../../lib/cases/csv';
import { T0, makeStore } from './helpers';

const GOOD = [
  'Twitter,Name,Subject,State,Priority,Tags,Note,Phone,Email,Account,Created',
  '@dropped_calls_jen,Jen,Dropped calls,open,high,network;iphone,"Gave email, then phone",201-555-0123,jen@example.com,,2010-01-06',
  'adam_roams,Adam,"$6,000 roaming bill",Closed,urgent,billing,"Called before the trip',
  'plans changed",+1 (415) 555-0134,,4410-2231-9981,2009-09-20T10:30:00Z',
  'ADAM_ROAMS,,Service suspended,pending,,,,,,,1260000000',
  'https://x.com/bank_voip,Community Bank,,,,,VOIP delayed 3 months,call me,,,',
].join('\n');

describe('CSV import', () => {
  it('imports a helpdesk export with aliased headers', async () => {
    const { store } = makeStore();
    const report = await store.importCsv({ text: GOOD, defaultCountry: 'US' });
    expect(report).toEqual({ imported: 4, customersCreated: 3, errors: [], aborted: false });

    const jen = await store.history('dropped_calls_jen');
    expect(jen?.customer.displayName).toBe('Jen');
    expect(jen?.cases).toMatchObject([
      { title: 'Dropped calls', status: 'open', priority: 'high', tags: ['network', 'iphone'], createdAt: Date.UTC(2010, 0, 6) },
    ]);
    expect(jen?.notes).toMatchObject([{ text: 'Gave email, then phone', caseId: jen?.cases[0]?.id }]);
    // Same created time: order among them is not defined.
    expect(jen?.details.map((d) => [d.kind, d.value, d.source]).sort()).toEqual([
      ['email', 'jen@example.com', 'import'],
      ['phone', '+12015550123', 'import'],
    ]);

    const adam = await store.history('adam_roams');
    expect(adam?.cases.map((c) => [c.title, c.status, c.priority])).toEqual([
      ['$6,000 roaming bill', 'solved', 'urgent'],
      ['Service suspended', 'waiting', 'normal'],
    ]);
    expect(adam?.cases[1]?.createdAt).toBe(1_260_000_000_000);
    expect(adam?.notes[0]?.text).toBe('Called before the trip\nplans changed');
    expect(adam?.details.map((d) => d.value).sort()).toEqual(['+14155550134', '4410-2231-9981']);

    const bank = await store.history('bank_voip');
    expect(bank?.cases).toEqual([]);
    expect(bank?.notes.map((n) => [n.text, n.caseId, n.createdAt])).toEqual([['VOIP delayed 3 months', null, T0]]);
    // Not a phone number: kept as written.
    expect(bank?.details).toMatchObject([{ kind: 'phone', value: 'call me' }]);

    const s = await store.summaries(['adam_roams', 'dropped_calls_jen']);
    expect(s.adam_roams).toMatchObject({ openCases: 1, notes: 1 });
    expect(s.dropped_calls_jen).toMatchObject({ openCases: 1, notes: 1, lastContact: Date.UTC(2010, 0, 6) });
  });

  it('re-importing the same file stores nothing twice', async () => {
    const { store, db } = makeStore();
    await store.importCsv({ text: GOOD, defaultCountry: 'US' });
    const before = await store.exportBackup();
    const again = await store.importCsv({ text: GOOD, defaultCountry: 'US' });
    expect(again.customersCreated).toBe(0);
    expect(await db.cases.count()).toBe(3);
    expect(await db.notes.count()).toBe(3);
    expect(JSON.parse(await store.exportBackup()).data.details).toEqual(JSON.parse(before).data.details);
  });

  it('adds to existing customers, through old handles too, and keeps summaries right', async () => {
    const { store } = makeStore();
    await store.addNote({ handle: 'con_old', text: 'stored before' });
    await store.addPromise({ handle: 'con_old', text: 'earlier slot', due: T0 - 1 });
    await store.renameCustomer({ from: 'con_old', to: 'conpsweeney' });
    const r = await store.importCsv({ text: 'handle,title,note\ncon_old,Router,imported note\n' });
    expect(r).toMatchObject({ imported: 1, customersCreated: 0 });
    expect((await store.summaries(['conpsweeney'])).conpsweeney).toMatchObject({ notes: 2, openCases: 1, overduePromises: 1 });
  });

  it('reports every row error with line and column, and writes nothing', async () => {
    const { store } = makeStore();
    await store.addNote({ handle: 'adam', text: 'kept' });
    const before = await store.exportBackup();
    const text = [
      'handle,title,status,created_at',
      'jen,ok,open,2024-01-01',
      ',no handle,open,',
      'not a handle!,bad,open,',
      'adam,"multi',
      'line title",reopened?,',
      'con,bad date,open,yesterday',
      'con,too,many,fields,here',
      'con,ambiguous,open,03/04/2020',
      // An unterminated quote runs to the end of the file (papaparse): reported on the line it starts.
      'con,"broken"quote,open,',
      'con,swallowed,open,',
    ].join('\n');
    const r = await store.importCsv({ text });
    expect(r.aborted).toBe(true);
    expect(r.imported).toBe(0);
    expect(r.errors.map((e) => [e.line, e.column ?? null])).toEqual([
      [3, 'handle'],
      [4, 'handle'],
      [5, 'status'],
      [7, 'created_at'],
      [8, null],
      [9, 'created_at'],
      [10, null],
    ]);
    expect(r.errors[0]?.message).toBe('missing handle');
    expect(r.errors[1]?.message).toMatch(/invalid handle "not a handle!"/);
    expect(r.errors[2]?.message).toMatch(/unknown status "reopened\?"/);
    expect(r.errors[3]?.message).toMatch(/unparseable date "yesterday"/);
    expect(r.errors[4]?.message).toMatch(/malformed row: 5 fields, the header has 4/);
    expect(r.errors[5]?.message).toMatch(/unparseable date "03\/04\/2020"/);
    expect(r.errors[6]?.message).toMatch(/^unclosed quote: the quoted field opened on line 10 never closes, so lines 10–11 were read as one field/);
    expect(await store.exportBackup()).toBe(before);
  });

  it('uses an explicit mapping and reports a mapped column missing from the file', async () => {
    const { store } = makeStore();
    const text = 'Customer Twitter,Ticket\n@jen,Dropped calls\n';
    const r = await store.importCsv({ text, mapping: { handle: 'customer twitter', title: 'Ticket' } });
    expect(r).toMatchObject({ imported: 1, aborted: false });
    expect((await store.history('jen'))?.cases[0]?.title).toBe('Dropped calls');
    const bad = await store.importCsv({ text, mapping: { handle: 'screen' } });
    expect(bad.aborted).toBe(true);
    expect(bad.errors[0]).toMatchObject({ line: 1, column: 'screen' });
    expect(bad.errors[0]?.message).toMatch(/column "screen" \(mapped to handle\) is not in the file/);
    const none = await store.importCsv({ text: 'who,what\na,b\n' });
    expect(none.errors).toMatchObject([{ line: 1, column: 'handle' }]);
  });

  it('rejects an unknown default country clearly', async () => {
    const { store } = makeStore();
    await expect(store.importCsv({ text: 'handle\njen\n', defaultCountry: 'XX' })).rejects.toThrow(/defaultCountry: "XX"/);
  });
});

describe('previewCsv', () => {
  it('the downloadable template has every column the importer accepts and one example row it imports without error', () => {
    const p = previewCsv(csvTemplate());
    expect(p.headers).toEqual([...CSV_FIELDS]);
    expect(p.errors).toEqual([]);
    expect(p.rows).toHaveLength(1);
    expect(p.rows[0]).toMatchObject({ handle: 'lee_m', status: 'open', priority: 'high' });
  });

  it('names an unclosed quote at the line where it opens, and says the rows after it were not read', () => {
    const csv = ['handle,title,status', 'ann,first,open', 'bob,"Router broken,open', 'cat,third,open', 'dan,fourth,open'].join('\n');
    const p = previewCsv(csv);
    expect(p.rows.map((r) => r.handle)).toEqual(['ann']);
    expect(p.errors).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/^unclosed quote: the quoted field opened on line 3 never closes, so lines 3–5 were read as one field/) }),
    ]);
    // A quote opening on the second line of a multi-line row is reported where it opens.
    const multi = ['handle,title,status', 'ann,"two', 'lines",open', 'bob,ok,"open', 'cat,x,open'].join('\n');
    expect(previewCsv(multi).errors[0]).toMatchObject({ line: 4, message: expect.stringContaining('opened on line 4') });
  });

  it('shows headers, the guessed mapping, the first rows and errors', () => {
    const p = previewCsv(GOOD + '\n,missing,,,,,,,,,', {}, { rows: 2, defaultCountry: 'US' });
    expect(p.headers[0]).toBe('Twitter');
    expect(p.mapping).toMatchObject({ handle: 'Twitter', display_name: 'Name', title: 'Subject', status: 'State', created_at: 'Created' });
    expect(p.rows).toHaveLength(2);
    expect(p.rows[1]).toMatchObject({ line: 3, key: 'adam_roams', status: 'solved', details: [{ kind: 'phone', value: '+14155550134' }, { kind: 'account', value: '4410-2231-9981' }] });
    expect(p.totalRows).toBe(5);
    expect(p.errors).toEqual([{ line: 7, column: 'Twitter', message: 'missing handle' }]);
  });

  it('guesses common helpdesk aliases, explicit mapping first', () => {
    const { mapping } = guessMapping(['Screen_Name', 'Subject', 'State', 'Created', 'name'], { display_name: 'Subject' });
    expect(mapping).toEqual({ handle: 'Screen_Name', display_name: 'Subject', status: 'State', created_at: 'Created' });
  });

  it('parses dates', () => {
    expect(parseCsvDate('2024-02-29 14:30')).toBe(Date.UTC(2024, 1, 29, 14, 30));
    expect(parseCsvDate('2024-05-01T10:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 8));
    expect(parseCsvDate('2023-02-29')).toBeNaN();
    expect(parseCsvDate('Jan 13, 2010')).not.toBeNaN();
    expect(parseCsvDate('')).toBeNull();
  });
});

describe('CSV mapping: "" means "not in the file"', () => {
  const FILE = ['handle,title,note,email', 'jen,Dropped calls,Called twice,jen@example.com'].join('\n');

  it('does not import a field mapped to "" even when a header matches it', async () => {
    const { store } = makeStore();
    expect(guessMapping(['handle', 'title', 'note', 'email'], { note: '', email: '' }).mapping).toEqual({ handle: 'handle', title: 'title' });
    const report = await store.importCsv({ text: FILE, mapping: { handle: 'handle', title: 'title', note: '', email: '' } });
    expect(report).toMatchObject({ imported: 1, aborted: false });
    const jen = await store.history('jen');
    expect(jen?.cases.map((c) => c.title)).toEqual(['Dropped calls']);
    expect(jen?.notes).toEqual([]);
    expect(jen?.details).toEqual([]);
  });

  it('still guesses the fields the mapping does not name', async () => {
    const { store } = makeStore();
    await store.importCsv({ text: FILE, mapping: { note: '' } });
    const jen = await store.history('jen');
    expect(jen?.notes).toEqual([]);
    expect(jen?.details.map((d) => d.value)).toEqual(['jen@example.com']);
  });

  it('refuses an explicit "" for the handle with a clear error', () => {
    const p = previewCsv(FILE, { handle: '' });
    expect(p.errors).toEqual([{ line: 1, column: 'handle', message: expect.stringMatching(/handle is required: map it to one of the columns handle, title, note, email/) }]);
  });
});

describe('CSV import written in chunks', () => {
  const FILE = [
    'handle,name,title,status,note,phone,email',
    'jen,Jennifer,Dropped calls,open,calls drop at home,+14155550123,jen@example.com',
    'con_old,,Router,waiting,imported note,,con@example.com',
    'newbie,New Person,Bill shock,open,first contact,+14155550199,',
    'adam_roams,Adam,Roaming,solved,,,adam@example.com',
    'newbie,,Second case,open,again,,new@example.com',
  ].join('\n');
  const HANDLES = ['jen', 'con_old', 'conpsweeney', 'newbie', 'adam_roams'];

  /** A store with history: a renamed customer with a promise, a customer whose name the file changes. */
  async function stored(chunk: number) {
    const s = makeStore();
    s.store = new CaseStore(s.db, { now: () => s.clock.now, csvChunkRecords: chunk });
    await s.store.addNote({ handle: 'jen', displayName: 'Jen', text: 'stored before' });
    await s.store.addDetail({ handle: 'jen', kind: 'phone', value: '+14155550123', source: 'typed' });
    await s.store.addNote({ handle: 'con_old', text: 'stored before' });
    await s.store.addPromise({ handle: 'con_old', text: 'earlier slot', due: T0 - 1 });
    await s.store.renameCustomer({ from: 'con_old', to: 'conpsweeney' });
    return s;
  }
  const snapshot = async (s: Awaited<ReturnType<typeof stored>>) => ({
    backup: await s.store.exportBackup(),
    summaryRows: await s.db.summaries.toArray(),
    summaries: await s.store.summaries(HANDLES),
  });

  it('gives the same store whatever the chunk size', async () => {
    const one = await stored(1_000_000);
    const small = await stored(2);
    const r1 = await one.store.importCsv({ text: FILE });
    const r2 = await small.store.importCsv({ text: FILE });
    expect(r2).toEqual(r1);
    expect(r2).toMatchObject({ imported: 5, customersCreated: 2, aborted: false });
    expect(await small.store.summaries(HANDLES)).toEqual(await one.store.summaries(HANDLES));
    expect((await small.store.summaries(['conpsweeney'])).conpsweeney).toMatchObject({ notes: 2, openCases: 1, overduePromises: 1 });
    expect((await small.store.summaries(['jen'])).jen).toMatchObject({ displayName: 'Jennifer', notes: 2, openCases: 1 });
    for (const t of ['customers', 'cases', 'notes', 'details'] as const) {
      expect(await small.db[t].count()).toBe(await one.db[t].count());
    }
  });

  it('a quota error in any chunk leaves the store exactly as it was, and the store keeps working', async () => {
    const tables = ['cases', 'notes', 'details', 'customers', 'summaries'] as const;
    // Count the bulkPut calls of a clean chunked import, then fail each one in turn.
    const probe = await stored(2);
    const spies = tables.map((t) => vi.spyOn(probe.db[t], 'bulkPut'));
    await probe.store.importCsv({ text: FILE });
    const calls = spies.reduce((n, s) => n + s.mock.calls.length, 0);
    expect(calls).toBeGreaterThan(5); // several transactions, so later failures follow committed chunks
    for (let failAt = 1; failAt <= calls; failAt++) {
      const s = await stored(2);
      const before = await snapshot(s);
      let n = 0;
      for (const t of tables) {
        const table = s.db[t] as unknown as { bulkPut: (...a: unknown[]) => unknown };
        const real = table.bulkPut.bind(table);
        vi.spyOn(table, 'bulkPut').mockImplementation((...args: unknown[]) =>
          ++n === failAt
            ? (Dexie.Promise.reject(new Dexie.BulkError('1 of 2 operations failed', { 0: new Dexie.QuotaExceededError() })) as never)
            : (real(...args) as never),
        );
      }
      await expect(s.store.importCsv({ text: FILE }), `failing bulkPut #${failAt}`).rejects.toThrow(
        /^Browser storage is full: could not import the CSV file\. Nothing was changed/,
      );
      vi.restoreAllMocks();
      expect(await snapshot(s), `failing bulkPut #${failAt}`).toEqual(before);
      expect(await s.store.history('newbie')).toBeNull();
      // Not stuck: the next write goes through, and the same file imports fine now.
      await s.store.addNote({ handle: 'jen', text: 'after the failure' });
      expect(await s.store.importCsv({ text: FILE })).toMatchObject({ imported: 5, aborted: false });
      expect((await s.store.summaries(['jen'])).jen?.notes).toBe(3);
    }
  });

  it('a write sent during a chunked import waits for it and is counted', async () => {
    const s = await stored(2);
    // The agent adds a note right after the import's first chunk is written.
    let note: Promise<unknown> | undefined;
    const real = s.db.cases.bulkPut.bind(s.db.cases);
    vi.spyOn(s.db.cases, 'bulkPut').mockImplementation(((...args: Parameters<typeof real>) => {
      note ??= s.store.addNote({ handle: 'newbie', text: 'typed while importing' });
      return real(...args);
    }) as never);
    await s.store.importCsv({ text: FILE });
    await note;
    vi.restoreAllMocks();
    const newbie = (await s.store.summaries(['newbie'])).newbie;
    expect(newbie).toMatchObject({ displayName: 'New Person', notes: 3, openCases: 2 });
    expect((await s.store.history('newbie'))?.notes.map((n) => n.text).sort()).toEqual(['again', 'first contact', 'typed while importing']);
  });
});
