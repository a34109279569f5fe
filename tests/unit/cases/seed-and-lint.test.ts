import { describe, expect, it } from 'vitest';
import { toLintHistory } from '../../../lib/cases/history-to-lint';
import { NO_HISTORY_HANDLES, SEED_STORIES, seedCustomers, seedData } from '../../../lib/cases/seed';
import { createLinter } from '../../../lib/lint';
import { DAY, HOUR, T0, makeStore } from './helpers';

describe('seeds', () => {
  it('seeds the stories; the cable customer has an overdue promise, the joker has no history', async () => {
    const { store, db } = makeStore();
    const report = await seedCustomers(store, { now: T0 });
    expect(report.customers).toBe(SEED_STORIES.length);
    const s = await store.summaries(['router_wait_con', 'dropped_calls_jen', ...NO_HISTORY_HANDLES]);
    expect(s.router_wait_con).toMatchObject({ openCases: 1, overduePromises: 1, nextDue: T0 - 2 * DAY });
    expect(s.router_wait_con?.topDetails.map((d) => d.kind)).toContain('appointment');
    expect(s.dropped_calls_jen?.topDetails.map((d) => d.kind).sort()).toEqual(['device', 'email', 'location', 'phone']);
    expect(s.telegraph_joker).toBeUndefined();
    // Seeding again changes nothing (stable ids, merge by id).
    const before = await store.exportBackup();
    await seedCustomers(store, { now: T0 });
    expect(await store.exportBackup()).toBe(before);
    expect(await db.customers.count()).toBe(SEED_STORIES.length);
  });

  it('maps stories onto other handles', async () => {
    const { store } = makeStore();
    await seedCustomers(store, { now: T0, handles: { 'cable-appointment': '@ConPSweeney' } });
    const h = await store.history('conpsweeney');
    expect(h?.customer.handle).toBe('ConPSweeney');
    expect(h?.interactions.find((i) => i.kind === 'agent-reply')?.text).toMatch(/^@ConPSweeney /);
    expect(await store.history('router_wait_con')).toBeNull();
    expect(seedData({ now: T0 }).customers.map((c) => c.key)).not.toContain('conpsweeney');
  });
});

describe('toLintHistory', () => {
  it('gives the linter details, notes, agent replies, promises and open cases', async () => {
    const { store } = makeStore();
    await seedCustomers(store, { now: T0 });
    const h = (await store.history('dropped_calls_jen'))!;
    const lint = toLintHistory(h, T0);
    expect(lint.openCases).toBe(1);
    expect(lint.details).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: 'jen.dropped@example.com' },
        { kind: 'phone', value: '+12015550123' },
      ]),
    );
    expect(lint.notes?.[0]).toMatch(/Do not ask for either again/);
    expect(lint.replies?.map((r) => r.text)).toEqual([
      '@dropped_calls_jen So sorry about the dropped calls! Please DM us your email address so we can help fix this.',
      '@dropped_calls_jen Thanks for the email! Could you DM us your phone number so we can get this all figured out?',
    ]);
    expect(lint.replies?.[0]?.at).toBe(new Date(T0 - 8 * DAY + 2 * 60_000).toISOString());
    expect(lint.promises).toEqual([{ text: 'Check network reception in her area and report back', due: new Date(T0 + 2 * DAY).toISOString(), done: false }]);
  });

  it('drops promises done long ago, keeps recent ones, dedupes details and counts waiting cases as open', () => {
    const base = { customerKey: 'a', caseId: null };
    const lint = toLintHistory(
      {
        customer: { key: 'a', handle: 'a', displayName: 'A', tags: [], aliases: [], mergedInto: null, createdAt: 0, updatedAt: 0 },
        cases: [
          { ...base, id: 'c1', title: 't', status: 'waiting', priority: 'normal', tags: [], createdAt: 0, updatedAt: 0 },
          { ...base, id: 'c2', title: 't', status: 'solved', priority: 'normal', tags: [], createdAt: 0, updatedAt: 0 },
        ],
        notes: [],
        details: [
          { ...base, id: 'd1', kind: 'email', value: 'A@x.com', source: 'typed', createdAt: 1 },
          { ...base, id: 'd2', kind: 'email', value: 'a@x.com', source: 'tweet', createdAt: 2 },
        ],
        interactions: [{ ...base, id: 'i1', kind: 'customer-tweet', tweetId: '1', author: 'a', text: 'hi', at: 5 }],
        promises: [
          { ...base, id: 'p1', text: 'old done', due: T0 - 60 * DAY, done: true, createdAt: T0 - 61 * DAY },
          { ...base, id: 'p2', text: 'recent done', due: T0 - HOUR, done: true, createdAt: T0 - 2 * DAY },
          { ...base, id: 'p3', text: 'open', due: null, done: false, createdAt: T0 - 90 * DAY },
        ],
      },
      T0,
    );
    expect(lint.openCases).toBe(1);
    expect(lint.details).toEqual([{ kind: 'email', value: 'a@x.com' }]);
    expect(lint.replies).toEqual([]);
    expect(lint.tweets).toEqual([{ text: 'hi', at: new Date(5).toISOString() }]);
    expect(lint.promises?.map((p) => p.text)).toEqual(['recent done', 'open']);
  });

  it('a detail in an attached tweet of the customer is known: asking for it again is flagged, naming that tweet', async () => {
    const { store } = makeStore();
    await store.attachTweet({ handle: 'lee_m', tweetId: '111', text: '@AcmeTel no signal since Monday, call me on 555-201-3344', at: T0 - 2 * DAY });
    await store.attachTweet({ handle: 'lee_m', tweetId: '112', text: '@AcmeTel still nothing', at: T0 - DAY });
    const history = toLintHistory((await store.history('lee_m'))!, T0);
    expect(history.tweets?.map((t) => t.text)).toEqual(['@AcmeTel no signal since Monday, call me on 555-201-3344', '@AcmeTel still nothing']);
    const linter = createLinter();
    const tweet = { author: 'lee_m', text: '@AcmeTel hello?? anyone', inReplyTo: 'AcmeTel' };
    const ask = linter
      .lint({ brand: ['AcmeTel'], tweet, history, draft: 'Sorry for the wait! What is the best number to reach you on?' })
      .find((f) => f.rule === 'asks-known-detail');
    expect(ask?.message).toContain('555-201-3344');
    expect(ask?.message).toContain(`attached to the case (${new Date(T0 - 2 * DAY).toISOString().slice(0, 10)})`);
    // Without the attached tweets the number is unknown and the question is fair.
    const without = linter.lint({ brand: ['AcmeTel'], tweet, history: { ...history, tweets: [] }, draft: 'Sorry for the wait! What is the best number to reach you on?' });
    expect(without.some((f) => f.rule === 'asks-known-detail')).toBe(false);
  });
});
