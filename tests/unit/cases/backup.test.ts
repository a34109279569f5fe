import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKUP_VERSION, parseBackup } from '../../../lib/cases/backup';
import type { CaseStore } from '../../../lib/cases/store';
import { DAY, HOUR, T0, makeStore } from './helpers';

type Op =
  | { op: 'case'; h: number; title: string; status: 'open' | 'waiting' | 'solved' }
  | { op: 'note'; h: number; text: string }
  | { op: 'detail'; h: number; kind: 'phone' | 'email' | 'account'; value: string }
  | { op: 'tweet'; h: number; text: string; id: number }
  | { op: 'reply'; h: number; text: string }
  | { op: 'promise'; h: number; text: string; due: number | null; done: boolean }
  | { op: 'merge'; h: number; into: number }
  | { op: 'rename'; h: number; to: number };

const HANDLES = ['jen', 'Adam_Roams', 'bank_voip', 'con', 'x1', 'new_name'];
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim().length > 0);
const h = fc.nat({ max: HANDLES.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('case' as const), h, title: text, status: fc.constantFrom('open' as const, 'waiting' as const, 'solved' as const) }),
  fc.record({ op: fc.constant('note' as const), h, text }),
  fc.record({ op: fc.constant('detail' as const), h, kind: fc.constantFrom('phone' as const, 'email' as const, 'account' as const), value: text }),
  fc.record({ op: fc.constant('tweet' as const), h, text, id: fc.nat({ max: 5 }) }),
  fc.record({ op: fc.constant('reply' as const), h, text }),
  fc.record({ op: fc.constant('promise' as const), h, text, due: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), done: fc.boolean() }),
  fc.record({ op: fc.constant('merge' as const), h, into: h }),
  fc.record({ op: fc.constant('rename' as const), h, to: h }),
);

/** Applies operations through the public API; operations the store refuses (e.g. merge of unknown) are skipped. */
async function apply(store: CaseStore, ops: Op[], clock: { now: number }): Promise<void> {
  for (const o of ops) {
    clock.now += 1000;
    const handle = HANDLES[o.h]!;
    try {
      if (o.op === 'case') await store.createCase({ handle, title: o.title, status: o.status });
      else if (o.op === 'note') await store.addNote({ handle, text: o.text });
      else if (o.op === 'detail') await store.addDetail({ handle, kind: o.kind, value: o.value, source: 'typed' });
      else if (o.op === 'tweet') await store.attachTweet({ handle, tweetId: `t${o.id}`, text: o.text });
      else if (o.op === 'reply') await store.recordReply({ handle, author: 'brand', text: o.text });
      else if (o.op === 'promise') {
        const p = await store.addPromise({ handle, text: o.text, due: o.due === null ? null : T0 + o.due * HOUR });
        if (o.done) await store.setPromiseDone({ id: p.id, done: true });
      } else if (o.op === 'merge') await store.mergeCustomers({ from: handle, into: HANDLES[o.into]! });
      else if (o.op === 'rename') await store.renameCustomer({ from: handle, to: HANDLES[o.to]! });
    } catch (err) {
      if (!/No customer|already a customer/.test((err as Error).message)) throw err;
    }
  }
}

describe('backup round trip', () => {
  it('export then import into an empty store gives identical data (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 25 }), async (ops) => {
        const a = makeStore();
        await apply(a.store, ops, a.clock);
        const json = await a.store.exportBackup();
        const b = makeStore(a.clock.now);
        const report = await b.store.importBackup({ json });
        expect(report.customers).toBe(await a.db.customers.count());
        expect(await b.store.exportBackup()).toBe(json);
        // Derived summaries are rebuilt to the same values.
        const keys = HANDLES.map((x) => x.toLowerCase());
        expect(await b.store.summaries(keys)).toEqual(await a.store.summaries(keys));
        a.db.close();
        b.db.close();
      }),
      { numRuns: 30 },
    );
  }, 60_000); // 30 stores on fake-indexeddb: seconds on a loaded shared machine.

  it('writes format, version and export time', async () => {
    const { store } = makeStore();
    await store.addNote({ handle: 'jen', text: 'hi' });
    const b = JSON.parse(await store.exportBackup());
    expect(b).toMatchObject({ format: 'caselint-backup', version: BACKUP_VERSION, exportedAt: new Date(T0).toISOString() });
    expect(Object.keys(b.data).sort()).toEqual(['cases', 'customers', 'details', 'interactions', 'notes', 'promises']);
  });
});

async function sampleBackup() {
  const { store } = makeStore();
  await store.createCase({ handle: 'jen', title: 'Dropped calls' });
  for (let i = 0; i < 14; i++) await store.addNote({ handle: 'jen', text: `note ${i}` });
  await store.addPromise({ handle: 'jen', text: 'call back', due: T0 + DAY });
  return JSON.parse(await store.exportBackup());
}

describe('backup validation', () => {
  it('names the first bad path', async () => {
    const backup = await sampleBackup();
    backup.data.notes[12].text = 42;
    const { store } = makeStore();
    await expect(store.importBackup({ json: JSON.stringify(backup) })).rejects.toThrow(
      'Invalid backup: data.notes[12].text: expected string, received number',
    );
    backup.data.notes[12].text = 'ok';
    backup.data.cases[0].status = 'closed';
    await expect(store.importBackup({ json: JSON.stringify(backup) })).rejects.toThrow(/data\.cases\[0\]\.status: .*"open"\|"waiting"\|"solved"/);
    expect(await store.db.notes.count()).toBe(0);
  });

  it('refuses a backup from a newer version with a clear message', async () => {
    const backup = await sampleBackup();
    backup.version = BACKUP_VERSION + 1;
    backup.data.notes = 'whatever a future version writes';
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(
      `This backup was made by a newer version of Caselint (backup format version ${BACKUP_VERSION + 1}; this version reads up to ${BACKUP_VERSION})`,
    );
  });

  it('refuses what is not a backup', () => {
    expect(() => parseBackup('{"format":"other"}')).toThrow(/Not a Caselint backup: format is "other"/);
    expect(() => parseBackup('not json')).toThrow(/The backup is not valid JSON/);
    expect(() => parseBackup('[]')).toThrow(/not a JSON object/);
  });

  it('refuses rows that point at customers missing from the backup, and repeated ids', async () => {
    const backup = await sampleBackup();
    backup.data.notes[3].customerKey = 'ghost';
    const { store } = makeStore();
    await expect(store.importBackup({ json: JSON.stringify(backup) })).rejects.toThrow(/data\.notes\[3\]\.customerKey: "ghost" is not a customer/);
    backup.data.notes[3].customerKey = 'jen';
    backup.data.notes[5].id = backup.data.notes[2].id;
    await expect(store.importBackup({ json: JSON.stringify(backup) })).rejects.toThrow(/data\.notes\[5\]\.id: .* repeats data\.notes\[2\]/);
  });

  it('a failed import loses nothing already stored, even in replace mode', async () => {
    const { store } = makeStore();
    await store.addNote({ handle: 'adam', text: 'precious' });
    const before = await store.exportBackup();
    const backup = await sampleBackup();
    backup.data.promises[0].customerKey = 'ghost';
    await expect(store.importBackup({ json: JSON.stringify(backup), mode: 'replace' })).rejects.toThrow(/ghost/);
    expect(await store.exportBackup()).toBe(before);
  });
});

describe('merge semantics', () => {
  it('merge keeps stored records not in the backup and overwrites the same ids', async () => {
    const src = makeStore();
    const n = await src.store.addNote({ handle: 'jen', text: 'original' });
    const json = await src.store.exportBackup();

    const dst = makeStore();
    await dst.store.addNote({ handle: 'adam', text: 'kept' });
    await dst.store.importBackup({ json });
    // Same id again, edited in the source: overwritten, not duplicated.
    await src.store.updateNote({ id: n.id, text: 'edited' });
    const report = await dst.store.importBackup({ json: await src.store.exportBackup() });
    expect(report.notes).toBe(1);
    expect((await dst.store.history('jen'))?.notes.map((x) => x.text)).toEqual(['edited']);
    expect((await dst.store.history('adam'))?.notes.map((x) => x.text)).toEqual(['kept']);
    expect(Object.keys(await dst.store.summaries(['jen', 'adam'])).sort()).toEqual(['adam', 'jen']);
  });

  it('replace empties the store first', async () => {
    const src = makeStore();
    await src.store.addNote({ handle: 'jen', text: 'j' });
    const dst = makeStore();
    await dst.store.addNote({ handle: 'adam', text: 'gone' });
    await dst.store.importBackup({ json: await src.store.exportBackup(), mode: 'replace' });
    expect(await dst.store.history('adam')).toBeNull();
    expect(await dst.store.summaries(['adam', 'jen'])).toHaveProperty('jen');
    expect(await dst.db.summaries.count()).toBe(1);
  });
});
