import { describe, expect, it } from 'vitest';
import { LIMITS, loadPack, formatPackError } from '../../../lib/packs';
import { mustLoad, packJson } from './helpers';

const minimal = {
  id: 'no-restart-first',
  type: 'existence',
  severity: 'warning',
  message: 'Do not open with "{{match}}"',
  patterns: ['restart (your|the) router'],
  examples: { valid: ['Sorry about that'], invalid: ['Please restart your router'] },
};

describe('loadPack', () => {
  it('loads the minimal JSON pack from the brief and namespaces rule ids', () => {
    const r = mustLoad(packJson([minimal]));
    expect(r.pack.name).toBe('team');
    expect(r.compiled.rules.map((x) => x.id)).toEqual(['team/no-restart-first']);
    expect(r.compiled.rules[0]!.rule.meta.id).toBe('team/no-restart-first');
    expect(r.pack.rules[0]!.ignoreCase).toBe(true);
  });

  it('loads YAML', () => {
    const yaml = `name: team\nversion: 2.1.0-beta.1\ndescription: d\nrules:\n  - id: a\n    type: existence\n    severity: info\n    message: m\n    phrases: [kindly]\n`;
    const r = mustLoad(yaml, 'team.yaml');
    expect(r.pack.version).toBe('2.1.0-beta.1');
    expect(r.compiled.rules).toHaveLength(1);
  });

  it('reports schema problems with path and YAML line:column', () => {
    const yaml = [
      'name: team',
      'version: 1.0',
      'description: d',
      'rules:',
      '  - id: a',
      '    type: existence',
      '    severity: loud',
      '    message: m',
      '    phrases: [kindly]',
    ].join('\n');
    const r = loadPack(yaml, { filename: 'team.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const version = r.errors.find((e) => e.where === 'version');
    expect(version).toMatchObject({ line: 2, column: 10 });
    expect(version!.message).toMatch(/semver/);
    const sev = r.errors.find((e) => e.where === 'rules[0].severity');
    expect(sev).toMatchObject({ line: 7, column: 15, rule: 'team/a' });
    expect(formatPackError(sev!, 'team.yaml')).toMatch(/^team\.yaml:7:15 rules\[0\]\.severity: /);
  });

  it('reports unknown fields (typos) instead of ignoring them', () => {
    const r = loadPack(packJson([{ ...minimal, patern: ['x'] }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join()).toMatch(/unknown field "patern"/);
  });

  it('reports YAML syntax errors with a position', () => {
    const r = loadPack('name: team\nrules: [\n  - id: a\n', { filename: 'x.yaml' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.message).toMatch(/YAML syntax/);
      expect(r.errors[0]!.line).toBeGreaterThan(0);
    }
  });

  it('refuses backreferences and lookaround, naming pack, rule and pattern, and applies nothing', () => {
    const good = { ...minimal, id: 'good' };
    const bad = { ...minimal, id: 'bad', patterns: ['ok', '(?<!not )sorry', '(a)\\1'] };
    const r = loadPack(packJson([good, bad]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({ where: 'rules[1].patterns[1]', rule: 'team/bad', pattern: '(?<!not )sorry' });
    expect(r.errors[0]!.message).toMatch(/pack "team", rule "bad".*\(\?<!not \)sorry.*lookahead and lookbehind/);
    expect(r.errors[1]!.message).toMatch(/backreferences/);
    expect(r.errors[0]!.line).toBe(1); // JSON on one line
    expect('compiled' in r).toBe(false);
  });

  it('checks patterns inside when conditions too', () => {
    const r = loadPack(packJson([{ ...minimal, when: { tweetMatches: ['(?=outage)'] } }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.where).toBe('rules[0].when.tweetMatches[0]');
  });

  it('enforces documented limits', () => {
    const big = loadPack('#'.repeat(LIMITS.packChars + 1));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.errors[0]!.message).toMatch(/limit is 256 KB/);

    const longPattern = loadPack(packJson([{ ...minimal, patterns: ['a'.repeat(LIMITS.patternChars + 1)] }]));
    expect(longPattern.ok).toBe(false);
    if (!longPattern.ok) expect(longPattern.errors[0]!.where).toBe('rules[0].patterns[0]');

    const many = Array.from({ length: LIMITS.rules + 1 }, (_, i) => ({ ...minimal, id: `r${i}`, examples: undefined }));
    const tooMany = loadPack(JSON.stringify({ name: 'team', version: '1.0.0', description: 'd', rules: many }));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.errors.some((e) => /at most 1000 rules/.test(e.message))).toBe(true);
  });

  it('rejects duplicate rule ids and occurrence rules without bounds', () => {
    const r = loadPack(packJson([minimal, minimal, { ...minimal, id: 'occ', type: 'occurrence' }]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map((e) => `${e.where}: ${e.message}`);
    expect(messages).toContain('rules[1].id: duplicate rule id "no-restart-first" (also rules[0])');
    expect(messages.some((m) => /give "max", "min" or both/.test(m))).toBe(true);
  });

  it('caps YAML aliases (billion laughs)', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = loadPack(lines.join('\n'));
    expect(r.ok).toBe(false);
  });
});
