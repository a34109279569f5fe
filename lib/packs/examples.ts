/**
 * runPackExamples: every rule's `invalid` drafts must produce a finding from that rule, `valid` drafts must not.
 * Rules run on their own (no built-ins, no settings), so a pack's examples mean the same everywhere.
 */
import { createLinter } from '../lint/engine';
import type { Finding, LintRequest, RuleExample } from '../lint/types';
import type { CompiledPack } from './compile';

export interface PackExampleResult {
  /** Namespaced rule id. */
  rule: string;
  kind: 'valid' | 'invalid';
  /** Index of the example within the rule's valid or invalid list. */
  index: number;
  draft: string;
  passed: boolean;
  /** Why it failed, or what was found. */
  message: string;
  findings: Finding[];
}

export interface PackExamplesReport {
  passed: number;
  failed: number;
  results: PackExampleResult[];
}

/** The request an example runs in: missing parts default to an empty tweet by "customer" to "@brand". */
export function packExampleRequest(ex: RuleExample): LintRequest {
  const r = ex.request ?? {};
  const brand = r.brand && r.brand.length ? r.brand : ['brand'];
  return {
    brand,
    tweet: r.tweet ?? { author: 'customer', text: '', inReplyTo: brand[0] ?? 'brand' },
    thread: r.thread ?? [],
    history: r.history ?? {},
    draft: ex.draft,
  };
}

function show(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

export function runPackExamples(loaded: { compiled: CompiledPack }): PackExamplesReport {
  const results: PackExampleResult[] = [];
  for (const cr of loaded.compiled.rules) {
    const linter = createLinter({ builtins: false, extraRules: [{ rule: cr.rule, source: cr.source }] });
    const run = (kind: 'valid' | 'invalid', ex: RuleExample, index: number): void => {
      let findings: Finding[];
      try {
        findings = linter.lint(packExampleRequest(ex)).filter((f) => f.rule === cr.id);
      } catch (e) {
        results.push({ rule: cr.id, kind, index, draft: ex.draft, passed: false, message: `error: ${String(e)}`, findings: [] });
        return;
      }
      let passed: boolean;
      let message: string;
      if (kind === 'valid') {
        passed = findings.length === 0;
        message = passed
          ? 'no finding, as expected'
          : `valid example ${show(ex.draft)} was flagged: ${findings.map((f) => `"${f.message}" at ${show(ex.draft.slice(f.start, f.end))}`).join('; ')}`;
      } else if (findings.length === 0) {
        passed = false;
        message = `invalid example ${show(ex.draft)} was not flagged`;
      } else if (ex.expect !== undefined) {
        const want = ex.expect;
        passed = findings.some((f) => ex.draft.slice(f.start, f.end).toLowerCase().includes(want.toLowerCase()));
        message = passed
          ? `flagged: ${findings[0]!.message}`
          : `invalid example ${show(ex.draft)} was flagged, but no finding covers ${show(want)} (found ${findings.map((f) => show(ex.draft.slice(f.start, f.end))).join(', ')})`;
      } else {
        passed = true;
        message = `flagged: ${findings[0]!.message}`;
      }
      results.push({ rule: cr.id, kind, index, draft: ex.draft, passed, message, findings });
    };
    cr.rule.examples.valid.forEach((ex, i) => run('valid', ex, i));
    cr.rule.examples.invalid.forEach((ex, i) => run('invalid', ex, i));
  }
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}
