import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack, runPackExamples, formatPackError } from '../../../lib/packs';

const dir = 'packs';
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('example packs in packs/', () => {
  it('has at least the telecom-care and tone packs', () => {
    expect(files).toEqual(expect.arrayContaining(['telecom-care.yaml', 'tone.yaml']));
  });

  it.each(files)('%s loads and every example passes', (file) => {
    const r = loadPack(readFileSync(join(dir, file), 'utf8'), { filename: file });
    if (!r.ok) throw new Error(r.errors.map((e) => formatPackError(e, file)).join('\n'));
    const report = runPackExamples(r);
    const failures = report.results.filter((x) => !x.passed).map((x) => `${x.rule} ${x.kind}#${x.index}: ${x.message}`);
    expect(failures).toEqual([]);
    // Every rule documents itself with at least one valid and one invalid example.
    for (const rule of r.pack.rules) {
      expect(rule.examples.valid.length, `${rule.id} valid examples`).toBeGreaterThan(0);
      expect(rule.examples.invalid.length, `${rule.id} invalid examples`).toBeGreaterThan(0);
    }
  });

  it('examples really test something: breaking a pattern makes its invalid examples fail', () => {
    const text = readFileSync(join(dir, 'tone.yaml'), 'utf8').replace('- calm down', '- calm downward');
    const r = loadPack(text);
    if (!r.ok) throw new Error('tone.yaml should still load');
    const report = runPackExamples(r);
    expect(report.failed).toBe(1);
    expect(report.results.find((x) => !x.passed)).toMatchObject({ rule: 'tone/no-calm-down', kind: 'invalid', index: 0 });
  });
});
