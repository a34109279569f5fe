import { createLinter } from '../../../lib/lint/engine';
import type { Finding, LintRequest } from '../../../lib/lint/types';
import { loadPack, type LoadResult } from '../../../lib/packs';

export function mustLoad(text: string, filename?: string): Extract<LoadResult, { ok: true }> {
  const r = loadPack(text, { filename });
  if (!r.ok) throw new Error(`pack did not load: ${r.errors.map((e) => `${e.where}: ${e.message}`).join('; ')}`);
  return r;
}

export function packJson(rules: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'team', version: '1.0.0', description: 'test pack', rules, ...extra });
}

/** Lint with only the pack's rules. */
export function lintWith(text: string, req: Partial<LintRequest> & { draft: string }): Finding[] {
  const { compiled } = mustLoad(text);
  const linter = createLinter({ builtins: false, extraRules: compiled.rules.map((r) => ({ rule: r.rule, source: r.source })) });
  return linter.lint({ brand: ['acme'], tweet: { author: 'jo', text: '@acme hi', inReplyTo: 'acme' }, ...req });
}
