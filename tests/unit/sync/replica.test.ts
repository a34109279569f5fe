// @vitest-environment node
import { afterEach } from 'vitest';
import { exchange, makeAgent, stopAll, type TestAgent } from './helpers';

let agents: TestAgent[] = [];
function agent(name: string) {
  const a = makeAgent(name);
  agents.push(a);
  return a;
}
afterEach(async () => {
  await stopAll(...agents);
  agents = [];
});

const HOUR = 3600_000;

describe('replica: local writes reach another agent through the documents', () => {
  it('a note, a detail, a promise and a reply written by A show in B’s store, with who wrote them', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const kase = await a.store.createCase({ handle: '@KevinM', displayName: 'Kevin M', title: '$6,000 bill' });
    await a.store.addNote({ handle: 'kevinm', text: 'Promised a callback from billing', caseId: kase.id });
    await a.store.addDetail({ handle: 'kevinm', kind: 'phone', value: '+1 617 555 0148', source: 'tweet' });
    await a.store.addPromise({ handle: 'kevinm', text: 'Refund by Friday', due: a.clock.now + 48 * HOUR });
    await a.store.recordReply({ handle: 'kevinm', author: 'agent_a', text: 'We are on it', tweetId: '111' });
    await exchange(a, b);

    const h = await b.store.history('@kevinm');
    expect(h).not.toBeNull();
    expect(h!.customer.displayName).toBe('Kevin M');
    expect(h!.cases.map((c) => c.title)).toEqual(['$6,000 bill']);
    expect(h!.notes.map((n) => [n.text, n.by, n.caseId])).toEqual([['Promised a callback from billing', 'agent_a', kase.id]]);
    expect(h!.details.map((d) => d.value)).toEqual(['+1 617 555 0148']);
    expect(h!.promises.map((p) => [p.text, p.by])).toEqual([['Refund by Friday', 'agent_a']]);
    expect(h!.interactions.map((i) => i.author)).toEqual(['agent_a']);
    // The chip's summary is rebuilt from the projected rows.
    const s = await b.store.summaries(['kevinm']);
    expect(s.kevinm).toMatchObject({ openCases: 1, notes: 1, nextDue: a.clock.now + 48 * HOUR });
    expect(b.projected.flat()).toContain('kevinm');
  });

  it('two agents replying to the same customer tweet are two replies', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    await a.store.recordReply({ handle: 'kevinm', author: 'agent_a', text: 'Looking into it', tweetId: '222' });
    await exchange(a, b);
    await b.store.recordReply({ handle: 'kevinm', author: 'agent_b', text: 'Refund sent', tweetId: '222' });
    await exchange(a, b);
    for (const x of [a, b]) {
      const h = await x.store.history('kevinm');
      expect(h!.interactions.map((i) => i.author).sort()).toEqual(['agent_a', 'agent_b']);
    }
  });

  it('edits and deletes made by B come back to A', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const note = await a.store.addNote({ handle: 'kevinm', text: 'first' });
    const gone = await a.store.addNote({ handle: 'kevinm', text: 'to delete' });
    await exchange(a, b);
    await b.store.updateNote({ id: note.id, text: 'first, corrected' });
    await b.store.deleteNote({ id: gone.id });
    await exchange(a, b);
    const h = await a.store.history('kevinm');
    expect(h!.notes.map((n) => n.text)).toEqual(['first, corrected']);
    expect((await a.store.summaries(['kevinm'])).kevinm!.notes).toBe(1);
  });
});

describe('replica: what stays in one browser', () => {
  it('each agent is notified of an overdue promise once: A’s notification mark does not silence B’s, and survives B’s edit', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const p = await a.store.addPromise({ handle: 'kevinm', text: 'Call back', due: a.clock.now + HOUR });
    await exchange(a, b);
    a.clock.now += 2 * HOUR;
    b.clock.now += 2 * HOUR;
    expect((await a.store.duePromises({ now: a.clock.now, markNotified: true })).map((x) => x.id)).toEqual([p.id]);
    await exchange(a, b);
    expect((await b.store.duePromises({ now: b.clock.now, markNotified: true })).map((x) => x.id)).toEqual([p.id]);
    await b.store.updatePromise({ id: p.id, text: 'Call back before noon' });
    await exchange(a, b);
    expect((await a.store.history('kevinm'))!.promises[0]).toMatchObject({ text: 'Call back before noon', notifiedAt: a.clock.now });
    expect(await a.store.duePromises({ now: a.clock.now, markNotified: true })).toEqual([]);
  });
});

describe('replica: what another browser wrote is untrusted', () => {
  it('times outside the Date range in a shared document are dropped or defaulted, never projected', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const p = await a.store.addPromise({ handle: 'kevinm', text: 'Call back', due: a.clock.now + HOUR });
    const n = await a.store.addNote({ handle: 'kevinm', text: 'A note' });
    await exchange(a, b);
    // A hostile (or broken) client edits the document directly.
    const doc = await a.replica.doc('h-kevinm');
    doc.transact(() => {
      (doc.getMap('promises').get(p.id) as import('yjs').Map<unknown>).set('due', 1e20);
      (doc.getMap('notes').get(n.id) as import('yjs').Map<unknown>).set('createdAt', -5);
      (doc.getMap('notes').get(n.id) as import('yjs').Map<unknown>).set('editedAt', Number.MAX_VALUE);
    }, 'remote');
    await exchange(a, b);
    const h = (await b.store.history('kevinm'))!;
    expect(h.promises[0]).toMatchObject({ text: 'Call back', due: null });
    expect(h.notes[0]).toMatchObject({ text: 'A note', createdAt: 0, editedAt: null });
    expect(() => new Date(h.notes[0]!.createdAt).toISOString()).not.toThrow();
  });
});

describe('replica: conflicts', () => {
  it('concurrent edits of different fields both survive; one field ends the same on both', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const c = await a.store.createCase({ handle: 'kevinm', title: 'Bill' });
    await exchange(a, b);
    await a.store.updateCase({ id: c.id, patch: { status: 'waiting' } });
    await b.store.updateCase({ id: c.id, patch: { priority: 'urgent' } });
    await a.store.updateCase({ id: c.id, patch: { title: 'Bill (A)' } });
    await b.store.updateCase({ id: c.id, patch: { title: 'Bill (B)' } });
    await exchange(a, b);
    const ca = (await a.store.history('kevinm'))!.cases[0]!;
    const cb = (await b.store.history('kevinm'))!.cases[0]!;
    expect(ca.status).toBe('waiting');
    expect(ca.priority).toBe('urgent');
    expect(cb.status).toBe('waiting');
    expect(cb.priority).toBe('urgent');
    expect(['Bill (A)', 'Bill (B)']).toContain(ca.title);
    expect(cb.title).toBe(ca.title);
  });

  it('a promise moved by two agents at once keeps both due times in its log, and one due time everywhere', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const t0 = a.clock.now;
    const p = await a.store.addPromise({ handle: 'kevinm', text: 'Call back', due: t0 + HOUR });
    await exchange(a, b);
    a.clock.now += 1000;
    b.clock.now += 2000;
    await a.store.updatePromise({ id: p.id, due: t0 + 2 * HOUR });
    await b.store.updatePromise({ id: p.id, due: t0 + 3 * HOUR });
    await exchange(a, b);
    const pa = (await a.store.history('kevinm'))!.promises[0]!;
    const pb = (await b.store.history('kevinm'))!.promises[0]!;
    expect(pa.due).toBe(pb.due);
    expect([t0 + 2 * HOUR, t0 + 3 * HOUR]).toContain(pa.due);
    const log = (x: typeof pa) => x.dueLog!.map((e) => [e.due, e.by]);
    expect(log(pa)).toEqual([
      [t0 + HOUR, 'agent_a'],
      [t0 + 2 * HOUR, 'agent_a'],
      [t0 + 3 * HOUR, 'agent_b'],
    ]);
    expect(log(pb)).toEqual(log(pa));
  });

  it('a record deleted by one agent while another edits it stays deleted', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    const n = await a.store.addNote({ handle: 'kevinm', text: 'draft' });
    await exchange(a, b);
    await a.store.deleteNote({ id: n.id });
    await b.store.updateNote({ id: n.id, text: 'edited meanwhile' });
    await exchange(a, b);
    expect((await a.store.history('kevinm'))!.notes).toEqual([]);
    expect((await b.store.history('kevinm'))!.notes).toEqual([]);
  });

  it('two agents who create the same handle offline end with one customer holding both histories', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    await a.store.addNote({ handle: 'kevinm', displayName: 'Kevin', text: 'from A' });
    await b.store.addNote({ handle: 'KevinM', text: 'from B' });
    await exchange(a, b);
    for (const x of [a, b]) {
      const h = await x.store.history('kevinm');
      expect(h!.notes.map((n) => n.text).sort()).toEqual(['from A', 'from B']);
    }
  });

  it('a rename on A races a new customer with the new handle on B: one customer, both histories, old handle resolves', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    await a.store.addNote({ handle: 'oldname', text: 'history under the old handle' });
    await exchange(a, b);
    await a.store.renameCustomer({ from: 'oldname', to: 'newname' });
    await b.store.addNote({ handle: 'newname', text: 'B met the new handle first' });
    await exchange(a, b);
    for (const x of [a, b]) {
      const h = await x.store.history('newname');
      expect(h, x.name).not.toBeNull();
      expect(h!.customer.key).toBe('newname');
      expect(h!.notes.map((n) => n.text).sort()).toEqual(['B met the new handle first', 'history under the old handle']);
      expect((await x.store.history('oldname'))!.customer.key).toBe('newname');
      const s = await x.store.summaries(['oldname', 'newname']);
      expect(s.newname!.notes).toBe(2);
      expect(s.oldname!.key).toBe('newname');
    }
  });

  it('a merge on A moves the history on B too, and the merged handle resolves to the target', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    await a.store.addNote({ handle: 'kev_alt', text: 'second account' });
    await a.store.addNote({ handle: 'kevinm', text: 'main account' });
    await exchange(a, b);
    await a.store.mergeCustomers({ from: 'kev_alt', into: 'kevinm' });
    await exchange(a, b);
    const h = await b.store.history('kev_alt');
    expect(h!.customer.key).toBe('kevinm');
    expect(h!.notes.map((n) => n.text).sort()).toEqual(['main account', 'second account']);
    expect((await b.store.summaries(['kevinm'])).kevinm!.notes).toBe(2);
  });

  it('a customer deleted on A is deleted on B', async () => {
    const a = agent('agent_a');
    const b = agent('agent_b');
    await a.store.addNote({ handle: 'kevinm', text: 'x' });
    await exchange(a, b);
    a.clock.now += 1000;
    await a.store.deleteCustomer({ handle: 'kevinm' });
    await exchange(a, b);
    expect(await b.store.history('kevinm')).toBeNull();
    expect(await b.store.summaries(['kevinm'])).toEqual({});
  });

  it('joining uploads the local history once: the other agent receives every customer', async () => {
    const a = makeAgent('agent_a');
    agents.push(a);
    await a.replica.stop();
    // Written before joining (no capture running).
    await a.store.addNote({ handle: 'one', text: 'n1' });
    await a.store.addPromise({ handle: 'two', text: 'p2', due: null });
    a.replica.start();
    expect(await a.replica.uploadAll()).toBe(2);
    const b = agent('agent_b');
    await exchange(a, b);
    expect((await b.store.history('one'))!.notes.map((n) => n.text)).toEqual(['n1']);
    expect((await b.store.history('two'))!.promises.map((p) => p.text)).toEqual(['p2']);
    expect((await a.replica.dirtyDocs()).sort()).toEqual(['h-one', 'h-two']);
  });
});
