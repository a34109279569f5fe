import { builtinRules, runExamples } from '../../../lib/lint';
import { describeRuleExamples } from './helpers';

describe('built-in rules are registered with the required ids', () => {
  it('has exactly the nine care rules', () => {
    expect(builtinRules.map((r) => r.meta.id).sort()).toEqual(
      ['asks-known-detail', 'blames-customer', 'dead-end', 'deflect-to-phone', 'ignores-details', 'moves-offline', 'repeats-earlier-reply', 'reply-to-joke', 'too-long'].sort(),
    );
  });
  it.each(builtinRules.map((r) => [r.meta.id, r] as const))('%s has docs and several examples of each kind', (_id, rule) => {
    expect(rule.meta.description.length).toBeGreaterThan(20);
    expect(rule.meta.docs.length).toBeGreaterThan(60);
    expect(rule.examples.valid.length).toBeGreaterThanOrEqual(3);
    expect(rule.examples.invalid.length).toBeGreaterThanOrEqual(3);
  });
});

for (const rule of builtinRules) describeRuleExamples(rule);

describe('the tester reports failures clearly', () => {
  it('names the rule, the example and the unexpected finding', () => {
    const broken = { ...builtinRules.find((r) => r.meta.id === 'blames-customer')! };
    broken.examples = { valid: [{ draft: 'You should have read the terms.' }], invalid: [{ draft: 'All fine here.' }] };
    const res = runExamples(broken);
    expect(res.map((r) => r.ok)).toEqual([false, false]);
    expect(res[0]!.message).toMatch(/blames-customer valid example #0 .*You should have/);
    expect(res[1]!.message).toMatch(/invalid example #0 "All fine here." got no finding/);
  });
});
