import { createLinter, parseLintRequest, normaliseRequest, Analysis, lintRequestSchema } from '../../../lib/lint';
import type { LintRequest, Rule } from '../../../lib/lint';

const base: LintRequest = {
  brand: ['brand'],
  tweet: { author: 'ann', text: '@brand my bill is wrong', inReplyTo: 'brand' },
  draft: 'You should have read the terms. Please call 1-888-555-0101.',
};

const rule = (id: string, check: Rule['check'], severity: Rule['meta']['severity'] = 'info'): Rule => ({
  meta: { id, severity, description: id, docs: id },
  check,
  examples: { valid: [], invalid: [] },
});

describe('createLinter', () => {
  it('lints with the built-in rules and sorts findings by start', () => {
    const findings = createLinter().lint(base);
    const rules = findings.map((f) => f.rule);
    expect(rules).toContain('blames-customer');
    expect(rules).toContain('deflect-to-phone');
    const starts = findings.map((f) => f.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const blame = findings.find((f) => f.rule === 'blames-customer')!;
    expect(base.draft.slice(blame.start, blame.end)).toBe('You should have');
    expect(blame.severity).toBe('error');
    expect(blame.source).toBe('builtin');
  });

  it('applies severity overrides and names who decided', () => {
    const linter = createLinter({ settings: { 'blames-customer': { severity: 'info', source: 'team-pack' } } });
    const f = linter.lint(base).find((x) => x.rule === 'blames-customer')!;
    expect(f.severity).toBe('info');
    expect(f.source).toBe('team-pack');
    const info = linter.rules().find((r) => r.meta.id === 'blames-customer')!;
    expect(info).toMatchObject({ severity: 'info', enabled: true, decidedBy: 'team-pack', source: 'builtin' });
  });

  it('skips disabled rules but still lists them', () => {
    const linter = createLinter({ settings: { 'deflect-to-phone': { enabled: false } } });
    expect(linter.lint(base).some((f) => f.rule === 'deflect-to-phone')).toBe(false);
    expect(linter.rules().find((r) => r.meta.id === 'deflect-to-phone')).toMatchObject({ enabled: false, decidedBy: 'settings' });
  });

  it('runs extra rules from packs with their source and options', () => {
    const seen: unknown[] = [];
    const custom = rule('no-hi', (ctx, options) => {
      seen.push(options);
      const i = ctx.request.draft.indexOf('Please');
      return i >= 0 ? [{ start: i, end: i + 6, message: 'no please' }] : [];
    });
    const linter = createLinter({ extraRules: [{ rule: custom, source: 'acme' }], settings: { 'no-hi': { options: { x: 1 } } } });
    const f = linter.lint(base).find((x) => x.rule === 'no-hi')!;
    expect(f).toMatchObject({ severity: 'info', start: base.draft.indexOf('Please'), source: 'settings' });
    expect(seen).toEqual([{ x: 1 }]);
  });

  it('a throwing rule yields no findings, is reported once, and the others still run', () => {
    const errors: string[] = [];
    const boom = rule('boom', () => {
      throw new Error('kaput');
    });
    const linter = createLinter({ extraRules: [{ rule: boom, source: 'p' }], onRuleError: (e, id) => errors.push(`${id}: ${(e as Error).message}`) });
    const a = linter.lint(base);
    const b = linter.lint({ ...base, draft: base.draft + ' ' });
    expect(a.some((f) => f.rule === 'boom')).toBe(false);
    expect(a.some((f) => f.rule === 'blames-customer')).toBe(true);
    expect(b.length).toBeGreaterThan(0);
    expect(errors).toEqual(['boom: kaput']);
  });

  it('clamps ranges a rule reports outside the draft', () => {
    const wild = rule('wild', () => [{ start: -5, end: 10_000, message: 'x' }]);
    const f = createLinter({ builtins: false, extraRules: [{ rule: wild, source: 'p' }] }).lint(base)[0]!;
    expect([f.start, f.end]).toEqual([0, base.draft.length]);
  });
});

describe('request schema and normalisation', () => {
  it('accepts handles with "@" and optional thread/history', () => {
    const req = parseLintRequest({ brand: ['@Brand'], tweet: { author: '@ann', text: 'hi @Brand', inReplyTo: '@Brand' }, draft: 'x' });
    expect(req.brand).toEqual(['Brand']);
    expect(req.tweet.author).toBe('ann');
    const n = normaliseRequest(req);
    expect(n.thread).toEqual([]);
    expect(n.history).toMatchObject({ details: [], replies: [], openCases: 0 });
    expect(n.tweet.mentions).toEqual(['Brand']);
  });

  it('rejects bad input naming the field', () => {
    expect(() => parseLintRequest({ brand: [], tweet: { author: 'a b', text: 1 }, draft: 'x' })).toThrow(/brand.*tweet\.author|tweet\.author/);
    expect(lintRequestSchema.safeParse({ brand: ['b'], tweet: { author: 'a', text: '' }, draft: 3 }).success).toBe(false);
  });

  it('analyses the tweet and history once per object, the draft per call', () => {
    const history = { details: [{ kind: 'phone' as const, value: '555-201-3344' }] };
    const tweet = { author: 'ann', text: '@brand order #A12345 missing, I am in Boston', inReplyTo: 'brand' };
    const a1 = new Analysis(normaliseRequest({ brand: base.brand, tweet, history, draft: 'one' }));
    const a2 = new Analysis(normaliseRequest({ brand: base.brand, tweet, history, draft: 'two 877-462-8188' }));
    expect(a1.context).toBe(a2.context);
    expect(a2.phones.map((p) => p.text)).toEqual(['877-462-8188']);
    expect(a1.knownDetails.map((d) => [d.kind, d.value, d.where])).toEqual(
      expect.arrayContaining([
        ['order', 'A12345', 'tweet'],
        ['location', 'Boston', 'tweet'],
        ['phone', '555-201-3344', 'history'],
      ]),
    );
  });

  it('finds toll-free numbers but not digits inside URLs', () => {
    const a = new Analysis(normaliseRequest({ ...base, draft: 'Call 1-888-555-0101 or see https://x.com/articles/115005706806' }));
    expect(a.phones.map((p) => p.text)).toEqual(['1-888-555-0101']);
  });
});
