import { describe, expect, it } from 'vitest';
import type { LintRequest } from '../../../lib/lint/types';
import { lintWith, packJson } from './helpers';

const base = { severity: 'warning', examples: { valid: [], invalid: [] } };

describe('existence rules', () => {
  const pack = packJson([{ ...base, id: 'kindly', type: 'existence', message: 'Avoid "{{match}}"', phrases: ['kindly', 'as per'] }]);
  it('flags each whole-word phrase, case-insensitive by default, with the match in the message', () => {
    const f = lintWith(pack, { draft: 'Kindly note, as  per the terms, unkindly kindly.' });
    expect(f.map((x) => [x.start, x.end, x.message])).toEqual([
      [0, 6, 'Avoid "Kindly"'],
      [13, 20, 'Avoid "as  per"'],
      [41, 47, 'Avoid "kindly"'],
    ]);
    expect(f[0]).toMatchObject({ rule: 'team/kindly', severity: 'warning', source: 'team' });
  });
  it('respects ignoreCase: false and wholeWord: false', () => {
    const strict = packJson([{ ...base, id: 'los', type: 'existence', message: 'm', ignoreCase: false, wholeWord: false, patterns: ['LOS'] }]);
    expect(lintWith(strict, { draft: 'los LOSS' })).toHaveLength(1);
    expect(lintWith(strict, { draft: 'los loss' })).toHaveLength(0);
  });
  it('reports UTF-16 offsets after emoji and accented words', () => {
    const p = packJson([{ ...base, id: 'c', type: 'existence', message: 'm', phrases: ['café'] }]);
    const f = lintWith(p, { draft: '😀 Café, cafés' });
    expect(f.map((x) => [x.start, x.end])).toEqual([[3, 7]]);
  });
});

describe('substitution rules', () => {
  const pack = packJson([
    { ...base, id: 'swap', type: 'substitution', message: 'Say "{{replacement}}" not "{{match}}"', swap: { kindly: 'please', 'at your earliest convenience': ['when you can', 'soon'] } },
  ]);
  it('offers the replacement as a suggestion, keeping a capital first letter', () => {
    const f = lintWith(pack, { draft: 'Kindly reply at your earliest convenience' });
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toBe('Say "Please" not "Kindly"');
    expect(f[0]!.suggestions).toEqual([{ start: 0, end: 6, text: 'Please', label: 'Replace with "Please"' }]);
    expect(f[1]!.suggestions!.map((s) => s.text)).toEqual(['when you can', 'soon']);
  });
  it('treats keys as literal text unless regex: true', () => {
    const lit = packJson([{ ...base, id: 's', type: 'substitution', message: 'm', swap: { 'a.b': 'x' } }]);
    expect(lintWith(lit, { draft: 'axb' })).toHaveLength(0);
    expect(lintWith(lit, { draft: 'a.b' })).toHaveLength(1);
    const re = packJson([{ ...base, id: 's', type: 'substitution', message: 'm', regex: true, swap: { 'a.b': 'x' } }]);
    expect(lintWith(re, { draft: 'axb' })).toHaveLength(1);
  });
});

describe('occurrence rules', () => {
  const pack = packJson([{ ...base, id: 'bang', type: 'occurrence', max: 1, wholeWord: false, message: '{{count}} "!"', patterns: ['!'] }]);
  it('allows up to max and flags the extra matches', () => {
    expect(lintWith(pack, { draft: 'Thanks!' })).toHaveLength(0);
    const f = lintWith(pack, { draft: 'Hi! Thanks!!' });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ start: 10, end: 12, message: '3 "!"' });
  });
  it('flags fewer than min once something is written', () => {
    const min = packJson([{ ...base, id: 'sign', type: 'occurrence', min: 1, message: 'sign with ^initials', patterns: ['\\^[A-Z]{2}'] }]);
    expect(lintWith(min, { draft: '' })).toHaveLength(0);
    expect(lintWith(min, { draft: 'Sorry about that' })).toMatchObject([{ start: 0, end: 16 }]);
    expect(lintWith(min, { draft: 'Sorry about that ^JD' })).toHaveLength(0);
  });
});

describe('requires rules and when conditions', () => {
  const pack = packJson([
    {
      ...base,
      id: 'apologise',
      type: 'requires',
      severity: 'error',
      message: 'Acknowledge the outage',
      phrases: ['sorry', 'apologies'],
      when: { tweetMatches: ['outage|no internet'] },
    },
  ]);
  it('only applies when the tweet matches, and then requires one of the phrases', () => {
    expect(lintWith(pack, { draft: 'Restarting helps', tweet: { author: 'jo', text: 'how do I pay?' } })).toHaveLength(0);
    expect(lintWith(pack, { draft: 'Restarting helps', tweet: { author: 'jo', text: 'NO INTERNET again' } })).toMatchObject([
      { rule: 'team/apologise', severity: 'error', start: 0, end: 16 },
    ]);
    expect(lintWith(pack, { draft: 'So sorry, checking now', tweet: { author: 'jo', text: 'outage?' } })).toHaveLength(0);
  });

  const cond = (when: Record<string, unknown>) =>
    packJson([{ ...base, id: 'w', type: 'existence', message: 'm', phrases: ['hello'], when }]);
  it.each([
    [{ firstReply: true }, {}, true],
    [{ firstReply: true }, { history: { replies: [{ text: 'earlier' }] } }, false],
    [{ firstReply: false }, { history: { replies: [{ text: 'earlier' }] } }, true],
    [{ openPromise: true }, { history: { promises: [{ text: 'call back', done: true }] } }, false],
    [{ openPromise: true }, { history: { promises: [{ text: 'call back' }] } }, true],
    [{ openCase: true }, { history: { openCases: 2 } }, true],
    [{ openCase: false }, { history: { openCases: 2 } }, false],
    [{ hasDetail: 'phone' }, { history: { details: [{ kind: 'email', value: 'a@b.c' }] } }, false],
    [{ hasDetail: ['email', 'phone'] }, { history: { details: [{ kind: 'email', value: 'a@b.c' }] } }, true],
    [{ lacksDetail: 'email' }, { history: { details: [{ kind: 'email', value: 'a@b.c' }] } }, false],
    [{ addressingBrand: true }, { tweet: { author: 'jo', text: 'hey @Acme help' } }, true],
    [{ addressingBrand: true }, { tweet: { author: 'jo', text: 'talking to a friend', inReplyTo: 'bob' } }, false],
    [{ addressingBrand: false }, { tweet: { author: 'jo', text: 'talking to a friend', inReplyTo: 'bob' } }, true],
    [{ tweetNotMatches: ['refund'] }, { tweet: { author: 'jo', text: 'Refund please' } }, false],
    [{ threadMatches: ['outage'] }, { tweet: { author: 'jo', text: 'still?' }, thread: [{ author: 'jo', text: 'outage in Leeds' }] }, true],
    [{ firstReply: true, openCase: true }, { history: { openCases: 1 } }, true],
    [{ firstReply: true, openCase: true }, {}, false],
  ] as Array<[Record<string, unknown>, Partial<LintRequest>, boolean]>)('when %j with context %j applies: %s', (when, ctx, applies) => {
    expect(lintWith(cond(when), { draft: 'hello there', ...ctx })).toHaveLength(applies ? 1 : 0);
  });
});

describe('pattern safety', () => {
  it('lints a hostile-looking pattern on a long draft in linear time (no backtracking blow-up)', () => {
    const pack = packJson([{ ...base, id: 'evil', type: 'existence', message: 'm', wholeWord: false, patterns: ['(a+)+$'] }]);
    // With a backtracking engine this input never finishes; RE2 answers at once.
    const f = lintWith(pack, { draft: `${'a'.repeat(5000)}!` });
    expect(f).toHaveLength(0);
  });
});
