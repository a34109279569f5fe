/**
 * A RuleTester like ESLint's: runs a rule's own `valid` and `invalid` examples.
 * Pure and framework-free; tests/unit/lint wraps it for vitest.
 */
import { createLinter } from './engine';
import type { Finding, LintRequest, Rule, RuleExample } from './types';

export interface ExampleResult {
  rule: string;
  kind: 'valid' | 'invalid';
  index: number;
  draft: string;
  ok: boolean;
  /** Why it failed (empty when ok). */
  message: string;
  findings: Finding[];
}

/** Defaults for an example: an empty tweet by "customer" replying to "@brand", brand ["brand"]. */
export function exampleRequest(ex: RuleExample): LintRequest {
  const r = ex.request ?? {};
  return {
    brand: r.brand ?? ['brand'],
    tweet: { author: 'customer', text: '', inReplyTo: 'brand', ...(r.tweet ?? {}) },
    thread: r.thread ?? [],
    history: r.history ?? {},
    draft: ex.draft,
  };
}

const show = (s: string) => JSON.stringify(s.length > 120 ? s.slice(0, 117) + '...' : s);

/**
 * Run every example of `rule`. `lintWith` lints a request (default: a linter with only this rule, as "builtin").
 * Valid: no finding from this rule. Invalid: at least one, and if `expect` is given a finding whose range covers it.
 */
export function runExamples(rule: Rule, lintWith?: (req: LintRequest) => Finding[]): ExampleResult[] {
  const lint = lintWith ?? createLinter({ builtins: false, extraRules: [{ rule, source: 'builtin' }] }).lint;
  const id = rule.meta.id;
  const results: ExampleResult[] = [];
  const run = (kind: 'valid' | 'invalid', ex: RuleExample, index: number) => {
    let findings: Finding[] = [];
    let message = '';
    try {
      findings = lint(exampleRequest(ex)).filter((f) => f.rule === id);
    } catch (err) {
      message = `${id} ${kind} example #${index} ${show(ex.draft)}: lint threw ${String(err)}`;
    }
    if (!message) {
      if (kind === 'valid' && findings.length) {
        message = `${id} valid example #${index} ${show(ex.draft)} got ${findings.length} finding(s): ${findings
          .map((f) => `[${f.start},${f.end}) ${show(ex.draft.slice(f.start, f.end))} "${f.message}"`)
          .join('; ')}`;
      } else if (kind === 'invalid' && !findings.length) {
        message = `${id} invalid example #${index} ${show(ex.draft)} got no finding${ex.note ? ` (${ex.note})` : ''}`;
      } else if (kind === 'invalid' && ex.expect !== undefined) {
        const at = ex.draft.indexOf(ex.expect);
        if (at < 0) message = `${id} invalid example #${index}: expect ${show(ex.expect)} is not in the draft`;
        else if (!findings.some((f) => f.start <= at && f.end >= at + ex.expect!.length))
          message = `${id} invalid example #${index} ${show(ex.draft)}: no finding covers ${show(ex.expect)}; got ${findings
            .map((f) => `[${f.start},${f.end}) ${show(ex.draft.slice(f.start, f.end))}`)
            .join('; ')}`;
      }
    }
    results.push({ rule: id, kind, index, draft: ex.draft, ok: !message, message, findings });
  };
  rule.examples.valid.forEach((ex, i) => run('valid', ex, i));
  rule.examples.invalid.forEach((ex, i) => run('invalid', ex, i));
  return results;
}
