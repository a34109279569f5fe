import { runExamples } from '../../../lib/lint';
import type { Finding, LintRequest, Rule } from '../../../lib/lint';

/** Vitest wrapper of the RuleTester: one test per example, failing with the tester's message. */
export function describeRuleExamples(rule: Rule, lintWith?: (req: LintRequest) => Finding[]): void {
  describe(`rule ${rule.meta.id} examples`, () => {
    const results = runExamples(rule, lintWith);
    it.each(results.map((r) => [`${r.kind} #${r.index}: ${r.draft.slice(0, 60)}`, r] as const))('%s', (_name, r) => {
      if (!r.ok) throw new Error(r.message);
      expect(r.ok).toBe(true);
    });
  });
}
