// @vitest-environment node
// The check before sending (lib/sync/activity.ts): what another agent did on a customer since this agent opened
// the conversation, from the history's authors and the team's presence.
import { describe, expect, it } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { teamActivitySince } from '../../../lib/sync/activity';

const T = Date.UTC(2026, 11, 2, 16, 0);

describe('teamActivitySince', () => {
  it('lists another agent’s reply, note and promise after the conversation was opened, and who is replying now; never mine', async () => {
    const clock = { now: T - 60_000 };
    let actor = 'agent_b';
    const store = new CaseStore(new CaselintDB(`activity-${Math.random()}`), { now: () => clock.now, actor: () => actor });
    await store.addNote({ handle: 'kevinm', text: 'Old note by B, before A opened the conversation' });
    const opened = T - 30_000;
    clock.now = T - 20_000;
    await store.recordReply({ handle: 'kevinm', author: 'AcmeCares', text: 'We have booked an engineer for Thursday', tweetId: '42' });
    clock.now = T - 10_000;
    await store.addPromise({ handle: 'kevinm', text: 'Text the time slot', due: null });
    actor = 'agent_a';
    await store.addNote({ handle: 'kevinm', text: 'My own note' });
    const history = await store.history('kevinm');
    const presence = [
      { agent: 'agent_c', key: 'kevinm', mode: 'replying' as const, at: T - 5000 },
      { agent: 'agent_d', key: 'kevinm', mode: 'viewing' as const, at: T - 5000 },
      { agent: 'agent_a', key: 'kevinm', mode: 'replying' as const, at: T },
    ];
    expect(teamActivitySince(history, presence, opened, 'agent_a')).toEqual([
      { kind: 'replying', agent: 'agent_c', at: T - 5000, text: '' },
      { kind: 'promise', agent: 'agent_b', at: T - 10_000, text: 'Text the time slot' },
      { kind: 'reply', agent: 'agent_b', at: T - 20_000, text: 'We have booked an engineer for Thursday' },
    ]);
    // After "Post anyway" only newer activity counts; an agent alone (no team) has none.
    expect(teamActivitySince(history, [], T, 'agent_a')).toEqual([]);
  });
});
