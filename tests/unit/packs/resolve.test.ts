import { describe, expect, it } from 'vitest';
import { createLinter } from '../../../lib/lint/engine';
import { resolveConfig } from '../../../lib/packs';
import { mustLoad } from './helpers';

const rule = (id: string, severity = 'warning') => ({
  id,
  type: 'existence',
  severity,
  message: `${id}: {{match}}`,
  phrases: ['kindly'],
});
const pack = (name: string, settings: Record<string, unknown>, rules: unknown[] = []) => {
  const { pack: p, compiled } = mustLoad(JSON.stringify({ name, version: '1.0.0', description: 'd', settings, rules }));
  return { pack: p, compiled };
};

describe('resolveConfig precedence', () => {
  const a = pack('alpha', { 'shared/rule': { severity: 'error', options: { limit: 1, style: 'a' } }, 'beta/kind': { enabled: false } });
  const b = pack('beta', { 'shared/rule': { severity: 'info', enabled: false, options: { limit: 9 } } }, [rule('kind')]);

  it('earlier packs win over later ones, field by field, and record who decided', () => {
    const r = resolveConfig([a, b], {});
    expect(r.settings['shared/rule']).toEqual({ severity: 'error', enabled: false, options: { limit: 1, style: 'a' }, source: 'alpha' });
    expect(r.decisions['shared/rule']!.enabled).toEqual({ value: false, source: 'beta' });
    expect(r.decisions['shared/rule']!.severity).toEqual({ value: 'error', source: 'alpha' });
    expect(r.decisions['shared/rule']!.overridden).toContainEqual({ field: 'severity', value: 'info', source: 'beta' });
  });

  it("the agent's own settings win over every pack", () => {
    const r = resolveConfig([a, b], { 'shared/rule': { severity: 'warning' }, 'beta/kind': { enabled: true } });
    expect(r.settings['shared/rule']).toMatchObject({ severity: 'warning', source: 'settings' });
    expect(r.settings['shared/rule']!.options).toEqual({ limit: 1, style: 'a' });
    expect(r.settings['beta/kind']).toEqual({ enabled: true, source: 'settings' });
  });

  it('reordering packs changes the winner', () => {
    expect(resolveConfig([b, a], {}).settings['shared/rule']).toMatchObject({ severity: 'info', source: 'beta' });
  });

  it('feeds createLinter: a pack can switch off another pack’s rule, and findings name the source', () => {
    const draft = { brand: ['acme'], tweet: { author: 'jo', text: 'x' }, draft: 'kindly wait' };
    const off = resolveConfig([a, b], {});
    expect(createLinter({ builtins: false, ...off }).lint(draft)).toHaveLength(0);
    const on = resolveConfig([b], {});
    const f = createLinter({ builtins: false, ...on }).lint(draft);
    expect(f).toMatchObject([{ rule: 'beta/kind', severity: 'warning', source: 'beta' }]);
    const user = resolveConfig([b], { 'beta/kind': { severity: 'error' } });
    expect(createLinter({ builtins: false, ...user }).lint(draft)).toMatchObject([{ severity: 'error', source: 'settings' }]);
  });

  it('skips disabled packs and duplicate names, and reports settings for unknown rules', () => {
    const r = resolveConfig([{ ...b, enabled: false }, a, a], {}, { knownRuleIds: [] });
    expect(r.extraRules).toHaveLength(0);
    expect(r.problems.some((p) => /installed twice/.test(p))).toBe(true);
    expect(r.problems.some((p) => /configures rule "shared\/rule"/.test(p))).toBe(true);
  });
});
