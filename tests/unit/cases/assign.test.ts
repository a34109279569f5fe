// Ownership (issue 12): a case's assignee, the handoff note a reassignment needs, the chip's summary, the queues.
import { describe, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';

const T = Date.UTC(2026, 11, 2, 16, 0);

function store(actor: { name: string }) {
  const clock = { now: T };
  const s = new CaseStore(new CaselintDB(`assign-${Math.random()}`), { now: () => clock.now, actor: () => actor.name });
  return { s, clock };
}

describe('assigning cases', () => {
  it('assign to me, the summary says so; taking it from another agent needs a handoff note, kept as a note', async () => {
    const actor = { name: 'agent_a' };
    const { s, clock } = store(actor);
    const c = await s.createCase({ handle: 'KevinM', title: '$6,000 bill' });
    expect((await s.summaries(['kevinm'])).kevinm!.assignee).toBeUndefined();
    await s.assignCase({ id: c.id, assignee: 'agent_a' });
    expect((await s.summaries(['kevinm'])).kevinm!.assignee).toBe('agent_a');

    actor.name = 'agent_b';
    clock.now += 60_000;
    await expect(s.assignCase({ id: c.id, assignee: '@Agent_B' })).rejects.toThrow(/assigned to @agent_a; reassigning it to @agent_b needs a handoff note/);
    const taken = await s.assignCase({ id: c.id, assignee: '@Agent_B', handoff: 'Billing promised a callback by Friday' });
    expect(taken).toMatchObject({ assignee: 'agent_b', editedAt: clock.now });
    const h = await s.history('kevinm');
    expect(h!.notes.map((n) => [n.text, n.by, n.caseId])).toEqual([['Handoff from @agent_a to @agent_b: Billing promised a callback by Friday', 'agent_b', c.id]]);
    // The owner may unassign or hand on without a note.
    await s.assignCase({ id: c.id, assignee: null });
    expect((await s.summaries(['kevinm'])).kevinm!.assignee).toBeUndefined();
    await expect(s.assignCase({ id: c.id, assignee: 'not a handle' })).rejects.toThrow(/not an agent's handle/);
  });

  it('my open cases and unassigned ones, overdue promises first; solved cases are left out', async () => {
    const actor = { name: 'agent_a' };
    const { s } = store(actor);
    const a = await s.createCase({ handle: 'calm', title: 'No rush' });
    const b = await s.createCase({ handle: 'late', title: 'Promised a refund' });
    await s.addPromise({ handle: 'late', text: 'Refund', due: T - 3_600_000 });
    const solved = await s.createCase({ handle: 'done', title: 'Fixed', status: 'solved' });
    const mine = await s.createCase({ handle: 'mine', title: 'Mine' });
    await s.assignCase({ id: mine.id, assignee: 'agent_a' });
    await s.assignCase({ id: solved.id, assignee: 'agent_a' });
    expect((await s.openCases({ assignee: null })).map((r) => r.case.id)).toEqual([b.id, a.id]);
    expect((await s.openCases({ assignee: 'Agent_A' })).map((r) => [r.case.title, r.summary.handle])).toEqual([['Mine', 'mine']]);
  });
});
