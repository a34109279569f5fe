// @vitest-environment node
// Presence (lib/sync/presence.ts): the team's awareness states read into "who is on this customer", stale states
// expiring, who viewed remembered a while, malformed states dropped; this browser's tabs turned into one state.
import { describe, expect, it } from 'vitest';
import { LocalPresence, PresenceBoard, describePresence, parsePresence } from '../../../lib/sync/presence';

const T = Date.UTC(2026, 11, 2, 16, 0);

function board(me = 'agent_a') {
  const clock = { now: T };
  const b = new PresenceBoard({ me: () => me, now: () => clock.now, staleMs: 45_000, rememberMs: 30 * 60_000 });
  return { b, clock };
}
const st = (agent: string, key: string | null, mode: 'viewing' | 'replying' | null, at: number, beat = at) => ({ agent, key, mode, at, beat });

describe('PresenceBoard', () => {
  it('shows other agents on a customer, replying first, never this agent itself', () => {
    const { b } = board();
    expect(b.update([st('agent_b', 'kevinm', 'replying', T - 20_000), st('agent_c', 'kevinm', 'viewing', T - 5000), st('agent_a', 'kevinm', 'replying', T)])).toBe(true);
    expect(b.forKey('kevinm')).toEqual([
      { agent: 'agent_b', key: 'kevinm', mode: 'replying', at: T - 20_000 },
      { agent: 'agent_c', key: 'kevinm', mode: 'viewing', at: T - 5000 },
    ]);
    expect(describePresence(b.forKey('kevinm')[0]!, T)).toBe('@agent_b is replying · 20 s');
    expect(b.update([st('agent_b', 'kevinm', 'replying', T - 20_000), st('agent_c', 'kevinm', 'viewing', T - 5000)])).toBe(false);
  });

  it('an agent who leaves becomes "viewed …ago", remembered for 30 minutes', () => {
    const { b, clock } = board();
    b.update([st('agent_b', 'kevinm', 'viewing', T - 60_000, T)]);
    clock.now = T + 1000;
    b.update([]);
    expect(b.forKey('kevinm')).toEqual([{ agent: 'agent_b', key: 'kevinm', mode: 'viewed', at: T }]);
    clock.now = T + 2 * 60_000;
    expect(describePresence(b.forKey('kevinm')[0]!, clock.now)).toBe('@agent_b viewed 2 min ago');
    clock.now = T + 31 * 60_000;
    expect(b.expire()).toBe(true);
    expect(b.forKey('kevinm')).toEqual([]);
  });

  it('a state not renewed (a crashed browser, a lost network) expires: never "replying" forever', () => {
    const { b, clock } = board();
    b.update([st('agent_b', 'kevinm', 'replying', T, T)]);
    clock.now = T + 44_000;
    expect(b.expire()).toBe(false);
    clock.now = T + 46_000;
    expect(b.expire()).toBe(true);
    expect(b.forKey('kevinm').map((e) => e.mode)).toEqual(['viewed']);
    // A reconnect brings the renewed state back.
    expect(b.update([st('agent_b', 'kevinm', 'replying', T, clock.now)])).toBe(true);
    expect(b.forKey('kevinm').map((e) => e.mode)).toEqual(['replying']);
  });

  it('two tabs of one agent on one customer: replying wins', () => {
    const { b } = board();
    b.update([st('agent_b', 'kevinm', 'viewing', T - 1000), st('agent_b', 'kevinm', 'replying', T - 9000), st('agent_b', 'kevinm', 'viewing', T)]);
    expect(b.forKey('kevinm')).toEqual([{ agent: 'agent_b', key: 'kevinm', mode: 'replying', at: T - 9000 }]);
  });

  it('drops malformed states from other browsers (they are untrusted)', () => {
    const { b } = board();
    b.update([null, 'x', { agent: 'agent_b' }, st('agent_b', 'Kevin M', 'viewing', T), st('<img>', 'kevinm', 'viewing', T), { ...st('agent_b', 'kevinm', 'viewing', T), mode: 'typing' }, st('agent_b', 'kevinm', 'viewing', Number.NaN)]);
    expect(b.entries()).toEqual([]);
    expect(parsePresence({ agent: 'Agent_B', key: 'kevinm', mode: 'viewing', at: T, text: 'a draft' })).toEqual({ agent: 'agent_b', key: 'kevinm', mode: 'viewing', at: T, beat: T });
  });
});

describe('LocalPresence', () => {
  it('publishes one state for all tabs: replying beats viewing, the latest wins; a closed tab clears its part', () => {
    const clock = { now: T };
    const p = new LocalPresence(() => clock.now);
    expect(p.state('agent_a')).toMatchObject({ key: null, mode: null });
    expect(p.set(1, { key: 'kevinm', mode: 'viewing' })).toBe(true);
    clock.now += 1000;
    expect(p.set(2, { key: 'dana_w', mode: 'replying' })).toBe(true);
    clock.now += 1000;
    expect(p.set(1, { key: 'other', mode: 'viewing' })).toBe(false); // still replying to dana_w
    expect(p.state('agent_a')).toEqual({ agent: 'agent_a', key: 'dana_w', mode: 'replying', at: T + 1000, beat: T + 2000 });
    expect(p.clear(2)).toBe(true);
    expect(p.state('agent_a')).toMatchObject({ key: 'other', mode: 'viewing' });
    expect(p.set(2, { key: 'dana_w', mode: 'replying' })).toBe(true);
    expect(p.set(2, { key: 'dana_w', mode: 'replying' })).toBe(false); // unchanged: same start time
  });
});
