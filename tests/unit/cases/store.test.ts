import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { DAY, HOUR, T0, makeStore } from './helpers';

describe('customers and handles', () => {
  it('finds a customer whatever the case of the handle or a leading @', async () => {
    const { store } = makeStore();
    const c = await store.upsertCustomer({ handle: '@ConPSweeney', displayName: 'Con' });
    expect(c.key).toBe('conpsweeney');
    expect(c.handle).toBe('ConPSweeney');
    await store.addNote({ handle: 'CONPSWEENEY', text: 'asked for an earlier appointment' });
    const h = await store.history('@conpsweeney');
    expect(h?.customer.displayName).toBe('Con');
    expect(h?.notes.map((n) => n.text)).toEqual(['asked for an earlier appointment']);
    const again = await store.upsertCustomer({ handle: 'conpsweeney' });
    expect(again.displayName).toBe('Con');
    expect(await store.db.customers.count()).toBe(1);
  });

  it('rejects a handle that is not an X handle, naming it', async () => {
    const { store } = makeStore();
    await expect(store.addNote({ handle: 'not a handle!', text: 'x' })).rejects.toThrow(/"not a handle!" is not an X handle/);
    await expect(store.createCase({ handle: '', title: 'x' })).rejects.toThrow(/handle/);
    expect(await store.db.customers.count()).toBe(0);
  });

  it('updates the display name and tags', async () => {
    const { store, clock } = makeStore();
    await store.upsertCustomer({ handle: 'jen', displayName: 'Jen' });
    clock.now += HOUR;
    const c = await store.upsertCustomer({ handle: 'JEN', displayName: 'Jen R.', tags: ['vip', 'vip', ' iphone '] });
    expect(c).toMatchObject({ displayName: 'Jen R.', tags: ['vip', 'iphone'], updatedAt: T0 + HOUR, createdAt: T0 });
    expect((await store.summaries(['jen'])).jen?.displayName).toBe('Jen R.');
  });

  it('deletes a customer with all their history and old handles', async () => {
    const { store, db } = makeStore();
    await store.createCase({ handle: 'old_name', title: 'Router' });
    await store.renameCustomer({ from: 'old_name', to: 'new_name' });
    await store.addNote({ handle: 'new_name', text: 'n' });
    await store.addPromise({ handle: 'new_name', text: 'call back', due: T0 + DAY });
    await store.createCase({ handle: 'someone_else', title: 'Other' });
    await store.deleteCustomer({ handle: 'OLD_NAME' });
    expect(await store.history('new_name')).toBeNull();
    expect(await store.history('old_name')).toBeNull();
    expect(await db.notes.count()).toBe(0);
    expect(await db.promises.count()).toBe(0);
    expect((await db.customers.toArray()).map((c) => c.key)).toEqual(['someone_else']);
    expect(await db.summaries.count()).toBe(1);
  });
});

describe('cases, notes, details, interactions', () => {
  it('creates, updates and lists cases; open count follows status', async () => {
    const { store, clock } = makeStore();
    const a = await store.createCase({ handle: 'jen', title: 'Dropped calls', priority: 'high', tags: ['network'] });
    clock.now += 1000;
    const b = await store.createCase({ handle: 'jen', title: 'Bill', status: 'waiting' });
    expect(a).toMatchObject({ status: 'open', priority: 'high', customerKey: 'jen' });
    expect((await store.summaries(['jen'])).jen?.openCases).toBe(2);
    clock.now = T0 + HOUR;
    const solved = await store.updateCase({ id: b.id, patch: { status: 'solved' } });
    expect(solved.updatedAt).toBe(T0 + HOUR);
    expect((await store.summaries(['jen'])).jen?.openCases).toBe(1);
    await expect(store.updateCase({ id: a.id, patch: { status: 'closed' as never } })).rejects.toThrow(
      /status: "closed" is not one of open, waiting, solved/,
    );
    await expect(store.updateCase({ id: 'nope', patch: { title: 'x' } })).rejects.toThrow(/No case with id nope/);
    const h = await store.history('jen');
    expect(h?.cases.map((c) => [c.title, c.status])).toEqual([
      ['Dropped calls', 'open'],
      ['Bill', 'solved'],
    ]);
  });

  it('edits and deletes notes, keeping the note count right', async () => {
    const { store } = makeStore();
    const c = await store.createCase({ handle: 'jen', title: 'Dropped calls' });
    const n1 = await store.addNote({ handle: 'jen', text: 'gave email', caseId: c.id });
    await store.addNote({ handle: 'jen', text: 'gave phone' });
    expect((await store.summaries(['jen'])).jen?.notes).toBe(2);
    const edited = await store.updateNote({ id: n1.id, text: 'gave email by DM' });
    expect(edited).toMatchObject({ text: 'gave email by DM', caseId: c.id });
    await store.deleteNote({ id: n1.id });
    const h = await store.history('jen');
    expect(h?.notes.map((n) => n.text)).toEqual(['gave phone']);
    expect((await store.summaries(['jen'])).jen?.notes).toBe(1);
    await expect(store.addNote({ handle: 'jen', text: '   ' })).rejects.toThrow(/text: must not be empty/);
  });

  it('refuses a note on another customer\'s case', async () => {
    const { store } = makeStore();
    const c = await store.createCase({ handle: 'jen', title: 'x' });
    await expect(store.addNote({ handle: 'adam', text: 'n', caseId: c.id })).rejects.toThrow(/belongs to @jen/);
    expect(await store.history('adam')).toBeNull();
  });

  it('keeps details once per kind and value; top details show the newest per kind', async () => {
    const { store, clock } = makeStore();
    await store.addDetail({ handle: 'jen', kind: 'email', value: 'jen@example.com', source: 'tweet', sourceRef: '123' });
    clock.now += HOUR;
    await store.addDetail({ handle: 'jen', kind: 'phone', value: '+12015550123', source: 'typed' });
    clock.now += HOUR;
    const newer = await store.addDetail({ handle: 'jen', kind: 'email', value: 'jen@work.example', source: 'typed' });
    const dup = await store.addDetail({ handle: 'jen', kind: 'email', value: 'JEN@example.com', source: 'typed' });
    expect(dup.sourceRef).toBe('123');
    expect((await store.history('jen'))?.details).toHaveLength(3);
    expect((await store.summaries(['jen'])).jen?.topDetails).toEqual([
      { kind: 'email', value: 'jen@work.example' },
      { kind: 'phone', value: '+12015550123' },
    ]);
    await store.deleteDetail({ id: newer.id });
    expect((await store.summaries(['jen'])).jen?.topDetails).toEqual([
      { kind: 'phone', value: '+12015550123' },
      { kind: 'email', value: 'jen@example.com' },
    ]);
    await expect(store.addDetail({ handle: 'jen', kind: 'ssn' as never, value: '1', source: 'typed' })).rejects.toThrow(/kind: "ssn"/);
  });

  it('a handle seen only on a tweet already attached to someone else still answers lookups', async () => {
    const { store } = makeStore();
    await store.attachTweet({ handle: 'jen', tweetId: '4', text: '!' });
    await store.attachTweet({ handle: 'quoter', tweetId: '4', text: '!' });
    await store.recordReply({ handle: 'replier', author: 'brand', tweetId: '5', text: 'hi' });
    await store.recordReply({ handle: 'other', author: 'brand', tweetId: '5', text: 'hi' });
    const s = await store.summaries(['quoter', 'other']);
    expect(s.quoter).toMatchObject({ handle: 'quoter', openCases: 0, notes: 0 });
    expect(s.other).toMatchObject({ handle: 'other', openCases: 0, notes: 0 });
  });

  it('attaches tweets once per tweet id, records replies, and tracks last contact', async () => {
    const { store } = makeStore();
    const c = await store.createCase({ handle: 'jen', title: 'Dropped calls' });
    const t1 = await store.attachTweet({ handle: 'Jen', tweetId: '111', text: 'dropping EVERY call', at: T0 + 5 * HOUR });
    const again = await store.attachTweet({ handle: 'jen', tweetId: '111', text: 'dropping EVERY call', caseId: c.id });
    expect(again.id).toBe(t1.id);
    expect(again.caseId).toBe(c.id);
    await store.recordReply({ handle: 'jen', author: '@ATTCares', text: 'Please DM us your email', at: T0 + 6 * HOUR, tweetId: '222' });
    await store.recordReply({ handle: 'jen', author: '@ATTCares', text: 'Please DM us your email', at: T0 + 6 * HOUR, tweetId: '222' });
    const h = await store.history('jen');
    expect(h?.interactions.map((i) => [i.kind, i.author, i.text])).toEqual([
      ['customer-tweet', 'Jen', 'dropping EVERY call'],
      ['agent-reply', 'ATTCares', 'Please DM us your email'],
    ]);
    expect((await store.summaries(['jen'])).jen?.lastContact).toBe(T0 + 6 * HOUR);
  });
});

describe('merge and rename', () => {
  it('merging moves all history; the old handle resolves to the merged customer', async () => {
    const { store, db } = makeStore();
    await store.createCase({ handle: 'jen_work', title: 'Bill', status: 'open' });
    await store.addNote({ handle: 'jen_work', text: 'from work account' });
    await store.addDetail({ handle: 'jen_work', kind: 'account', value: 'A-1', source: 'typed' });
    await store.upsertCustomer({ handle: 'jen', displayName: 'Jen', tags: ['vip'] });
    await store.createCase({ handle: 'jen', title: 'Dropped calls' });
    const merged = await store.mergeCustomers({ from: '@Jen_Work', into: 'JEN' });
    expect(merged.aliases).toEqual(['jen_work']);
    const viaOld = await store.history('jen_work');
    expect(viaOld?.customer.key).toBe('jen');
    expect(viaOld?.cases.map((c) => c.title).sort()).toEqual(['Bill', 'Dropped calls']);
    expect(viaOld?.notes).toHaveLength(1);
    const sums = await store.summaries(['jen', 'jen_work']);
    expect(sums.jen_work).toEqual(sums.jen);
    expect(sums.jen).toMatchObject({ key: 'jen', openCases: 2, notes: 1, topDetails: [{ kind: 'account', value: 'A-1' }] });
    // Writing through the old handle lands on the merged customer.
    await store.addNote({ handle: 'jen_work', text: 'later' });
    expect((await store.history('jen'))?.notes).toHaveLength(2);
    // The old handle keeps only a pointer row (v3), so a lookup needs no customer read.
    expect(await db.summaries.get('jen_work')).toEqual({ key: 'jen_work', aliasOf: 'jen' });
    expect((await store.summaries(['jen_work'])).jen_work).toMatchObject({ key: 'jen', notes: 2 });
    // Deleting the customer also removes the old handle's pointer.
    await store.deleteCustomer({ handle: 'jen' });
    expect(await db.summaries.count()).toBe(0);
    expect(await store.summaries(['jen_work', 'jen'])).toEqual({});
  });

  it('merging a customer that already had aliases leaves no chains', async () => {
    const { store, db } = makeStore();
    await store.addNote({ handle: 'a', text: 'a' });
    await store.renameCustomer({ from: 'a', to: 'b' });
    await store.addNote({ handle: 'c', text: 'c' });
    await store.mergeCustomers({ from: 'b', into: 'c' });
    expect((await db.customers.get('a'))?.mergedInto).toBe('c');
    expect((await db.customers.get('c'))?.aliases).toEqual(['a', 'b']);
    expect((await store.summaries(['a'])).a?.notes).toBe(2);
  });

  it('rename follows the customer to the new handle', async () => {
    const { store } = makeStore();
    await store.upsertCustomer({ handle: 'router_con', displayName: 'Con' });
    await store.addPromise({ handle: 'router_con', text: 'earlier slot', due: T0 - HOUR });
    const renamed = await store.renameCustomer({ from: 'router_con', to: '@ConPSweeney' });
    expect(renamed).toMatchObject({ key: 'conpsweeney', handle: 'ConPSweeney', displayName: 'Con', aliases: ['router_con'] });
    const s = await store.summaries(['router_con']);
    expect(s.router_con).toMatchObject({ handle: 'ConPSweeney', overduePromises: 1 });
    expect((await store.searchCustomers('router')).map((c) => c.key)).toEqual(['conpsweeney']);
    // Renaming back takes the old handle over again.
    const back = await store.renameCustomer({ from: 'conpsweeney', to: 'router_con' });
    expect(back).toMatchObject({ key: 'router_con', aliases: ['conpsweeney'] });
    expect((await store.history('conpsweeney'))?.promises).toHaveLength(1);
  });

  it('refuses to rename onto another live customer', async () => {
    const { store } = makeStore();
    await store.upsertCustomer({ handle: 'a' });
    await store.upsertCustomer({ handle: 'b' });
    await expect(store.renameCustomer({ from: 'a', to: 'b' })).rejects.toThrow(/merge @a into @b/);
    await expect(store.mergeCustomers({ from: 'zz', into: 'b' })).rejects.toThrow(/No customer with handle @zz/);
  });
});

describe('summaries and search', () => {
  it('answers a whole screen in one call, absent for unknown handles', async () => {
    const { store, clock } = makeStore();
    await store.createCase({ handle: 'jen', title: 'Dropped calls' });
    await store.addPromise({ handle: 'jen', text: 'check reception', due: T0 + DAY });
    await store.addPromise({ handle: 'jen', text: 'call back', due: T0 + 2 * HOUR });
    await store.addPromise({ handle: 'jen', text: 'open-ended', due: null });
    await store.upsertCustomer({ handle: 'adam' });
    clock.now = T0 + 3 * HOUR;
    const s = await store.summaries(['@Jen', 'adam', 'nobody', 'not a handle', 'JEN']);
    expect(Object.keys(s).sort()).toEqual(['adam', 'jen']);
    expect(s.jen).toMatchObject({ openCases: 1, overduePromises: 1, nextDue: T0 + 2 * HOUR, lastContact: T0, notes: 0 });
    expect(s.adam).toMatchObject({ openCases: 0, overduePromises: 0, nextDue: null, lastContact: null, topDetails: [] });
    expect(await store.summaries([])).toEqual({});
  });

  it('done promises leave the summary', async () => {
    const { store, clock } = makeStore();
    const p = await store.addPromise({ handle: 'jen', text: 'call back', due: T0 + HOUR });
    clock.now = T0 + 2 * HOUR;
    expect((await store.summaries(['jen'])).jen?.overduePromises).toBe(1);
    await store.setPromiseDone({ id: p.id, done: true });
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 0, nextDue: null });
  });

  it('lists recently updated customers for an empty query', async () => {
    const { store, clock } = makeStore();
    for (const h of ['a', 'b', 'c']) {
      clock.now += 1000;
      await store.upsertCustomer({ handle: h });
    }
    clock.now += 1000;
    await store.addNote({ handle: 'a', text: 'touched' });
    expect((await store.searchCustomers('')).map((c) => c.key)).toEqual(['a', 'c', 'b']);
  });

  it('searches by handle prefix and by display-name word prefix, limited', async () => {
    const { store } = makeStore();
    await store.upsertCustomer({ handle: 'att_jen', displayName: 'Jennifer Ruiz' });
    await store.upsertCustomer({ handle: 'attjason', displayName: 'Jason' });
    await store.upsertCustomer({ handle: 'bank_voip', displayName: 'Community Bank' });
    await store.upsertCustomer({ handle: 'zed', displayName: 'Ruiz Family' });
    expect((await store.searchCustomers('@ATT')).map((c) => c.key).sort()).toEqual(['att_jen', 'attjason']);
    expect((await store.searchCustomers('ruiz')).map((c) => c.key).sort()).toEqual(['att_jen', 'zed']);
    expect((await store.searchCustomers('bank')).map((c) => c.key)).toEqual(['bank_voip']);
    expect(await store.searchCustomers('att', 1)).toHaveLength(1);
    expect(await store.searchCustomers('nomatch')).toEqual([]);
    // An empty query lists the most recently updated customers first.
    expect((await store.searchCustomers('', 2)).map((c) => c.key)).toHaveLength(2);
  });
});

describe('due promises', () => {
  it('returns overdue promises once when marking them notified', async () => {
    const { store } = makeStore();
    const late = await store.addPromise({ handle: 'con', text: 'technician in the earlier slot', due: T0 - DAY });
    await store.addPromise({ handle: 'con', text: 'exec call back', due: T0 + 5 * DAY });
    const done = await store.addPromise({ handle: 'jen', text: 'done one', due: T0 - DAY });
    await store.setPromiseDone({ id: done.id, done: true });
    await store.addPromise({ handle: 'jen', text: 'no date', due: null });

    const peek = await store.duePromises({ now: T0 });
    expect(peek.map((p) => p.id)).toEqual([late.id]);
    const first = await store.duePromises({ now: T0, markNotified: true });
    expect(first).toMatchObject([{ id: late.id, notifiedAt: T0 }]);
    expect(await store.duePromises({ now: T0 + HOUR, markNotified: true })).toEqual([]);
    // Six days later the second one is overdue too, and comes once.
    expect((await store.duePromises({ now: T0 + 6 * DAY, markNotified: true })).map((p) => p.text)).toEqual(['exec call back']);
    // Still counted as overdue in the summary until done.
    expect((await store.summaries(['con'])).con?.overduePromises).toBe(1);
  });
});

describe('rescheduling a promise (updatePromise)', () => {
  it('changes the due time and the text; history and the chip follow the new date', async () => {
    const { store, clock } = makeStore();
    const p = await store.addPromise({ handle: 'jen', text: "I'll DM you by Friday", due: T0 + HOUR });
    clock.now = T0 + 2 * HOUR;
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 1, nextDue: T0 + HOUR });

    const moved = await store.updatePromise({ id: p.id, due: T0 + 3 * DAY });
    expect(moved).toMatchObject({ id: p.id, text: "I'll DM you by Friday", due: T0 + 3 * DAY, done: false });
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 0, nextDue: T0 + 3 * DAY });

    const renamed = await store.updatePromise({ id: p.id, text: "  I'll DM you by Monday  " });
    expect(renamed).toMatchObject({ text: "I'll DM you by Monday", due: T0 + 3 * DAY });
    const h = await store.history('jen');
    expect(h?.promises).toEqual([expect.objectContaining({ id: p.id, text: "I'll DM you by Monday", due: T0 + 3 * DAY })]);
    expect(await store.db.promises.count()).toBe(1);

    // Back into the past: overdue again; no due date: out of the chip's due dates.
    await store.updatePromise({ id: p.id, due: T0 });
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 1, nextDue: T0 });
    await store.updatePromise({ id: p.id, due: null });
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 0, nextDue: null });
  });

  it('a rescheduled promise that becomes overdue again notifies once more; a text edit does not re-notify', async () => {
    const { store } = makeStore();
    const p = await store.addPromise({ handle: 'con', text: 'technician visit', due: T0 - HOUR });
    expect((await store.duePromises({ now: T0, markNotified: true })).map((x) => x.id)).toEqual([p.id]);

    await store.updatePromise({ id: p.id, text: 'technician visit (earlier slot)' });
    expect(await store.duePromises({ now: T0 + HOUR })).toEqual([]);

    const moved = await store.updatePromise({ id: p.id, due: T0 + DAY });
    expect(moved.notifiedAt).toBeNull();
    expect(await store.duePromises({ now: T0 + HOUR, markNotified: true })).toEqual([]);
    const again = await store.duePromises({ now: T0 + 2 * DAY, markNotified: true });
    expect(again.map((x) => [x.id, x.text])).toEqual([[p.id, 'technician visit (earlier slot)']]);
    expect(await store.duePromises({ now: T0 + 3 * DAY, markNotified: true })).toEqual([]);

    // Saving the same due time is not a new deadline: still notified, no second notification.
    await store.updatePromise({ id: p.id, due: T0 + DAY });
    expect(await store.duePromises({ now: T0 + 4 * DAY })).toEqual([]);
  });

  it('a done promise stays done when its date moves, and stays out of the summary', async () => {
    const { store } = makeStore();
    const p = await store.addPromise({ handle: 'jen', text: 'call back', due: T0 - HOUR });
    await store.setPromiseDone({ id: p.id, done: true });
    const moved = await store.updatePromise({ id: p.id, due: T0 - 2 * HOUR });
    expect(moved.done).toBe(true);
    expect((await store.summaries(['jen'])).jen).toMatchObject({ overduePromises: 0, nextDue: null });
    expect(await store.duePromises({ now: T0 })).toEqual([]);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { store } = makeStore();
    const p = await store.addPromise({ handle: 'jen', text: 'call back', due: T0 + HOUR });
    const before = await store.exportBackup();
    await expect(store.updatePromise({ id: 'nope-123', due: T0 })).rejects.toThrow('No promise with id nope-123');
    await expect(store.updatePromise({ id: p.id, text: '   ' })).rejects.toThrow('text: must not be empty');
    await expect(store.updatePromise({ id: p.id, due: Number.NaN })).rejects.toThrow('due: expected a time in ms');
    await expect(store.updatePromise({ id: p.id, due: '2025-01-20' as unknown as number })).rejects.toThrow(/^due:/);
    await expect(store.updatePromise({ id: p.id })).rejects.toThrow(`Promise ${p.id}: nothing to change`);
    expect(await store.exportBackup()).toBe(before);
  });
});

describe('storage full', () => {
  it('a quota error during a write becomes a clear error and leaves the store as it was', async () => {
    const { store, db } = makeStore();
    await store.createCase({ handle: 'jen', title: 'Dropped calls' });
    await store.addNote({ handle: 'jen', text: 'kept' });
    const before = await store.exportBackup();
    const spy = vi.spyOn(db.summaries, 'put').mockImplementation(() =>
      Dexie.Promise.reject(new Dexie.QuotaExceededError('QuotaExceededError: quota exceeded')) as never,
    );
    await expect(store.addNote({ handle: 'jen', text: 'lost?' })).rejects.toThrow(/^Browser storage is full: could not save the note/);
    await expect(store.createCase({ handle: 'newbie', title: 'x' })).rejects.toMatchObject({ name: 'StorageFullError' });
    spy.mockRestore();
    expect(await store.exportBackup()).toBe(before);
    expect((await store.history('jen'))?.notes.map((n) => n.text)).toEqual(['kept']);
    expect(await store.history('newbie')).toBeNull();
  });

  it('a quota error from bulkPut (Dexie BulkError) during an import also rolls back', async () => {
    const { store, db } = makeStore();
    await store.addNote({ handle: 'jen', text: 'kept' });
    const before = await store.exportBackup();
    const spy = vi.spyOn(db.notes, 'bulkPut').mockImplementation(() =>
      Dexie.Promise.reject(new Dexie.BulkError('1 of 2 operations failed', { 0: new Dexie.QuotaExceededError() })) as never,
    );
    const csv = 'handle,title,note\nadam,Bill,huge bill\nbank_voip,VOIP,delayed\n';
    await expect(store.importCsv({ text: csv })).rejects.toThrow(/Browser storage is full: could not import the CSV file/);
    spy.mockRestore();
    expect(await store.exportBackup()).toBe(before);
    expect(await db.cases.count()).toBe(0);
  });
});
