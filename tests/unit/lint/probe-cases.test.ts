/**
 * Probe cases in the CLI's request format (tests/fixtures/lint/probe-cases.jsonl), written independently of the
 * rules and their examples, one story per line, across industries: each names the rules that must fire
 * (`expect`) and those that must not (`absent`). They go through the same path as `caselint lint`: the zod
 * request schema, then the linter with every built-in rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, lintRequestSchema } from '../../../lib/lint';

interface Probe {
  id: string;
  expect: string[];
  absent?: string[];
  req: unknown;
}

const probes: Probe[] = readFileSync(join(__dirname, '../../fixtures/lint/probe-cases.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Probe);

const linter = createLinter();

describe('probe cases (independent of the rules’ own examples)', () => {
  it('has a case for every built-in rule, both ways', () => {
    const ids = linter.rules().map((r) => r.meta.id);
    for (const id of ids) {
      expect(probes.some((p) => p.expect.includes(id)), `a case where ${id} fires`).toBe(true);
      expect(probes.some((p) => p.absent?.includes(id)), `a case where ${id} stays quiet`).toBe(true);
    }
  });

  it.each(probes.map((p) => [p.id, p] as const))('%s', (_id, probe) => {
    const request = lintRequestSchema.parse(probe.req);
    const fired = new Set(linter.lint(request).map((f) => f.rule));
    for (const rule of probe.expect) expect(fired, `${rule} should fire`).toContain(rule);
    for (const rule of probe.absent ?? []) expect(fired, `${rule} should not fire`).not.toContain(rule);
  });
});
