import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../scripts/caselint';

async function run(argv: string[], stdin = '', files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    readStdin: async () => stdin,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => {
      if (p in files) return files[p]!;
      return readFileSync(p, 'utf8');
    },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const req = (draft: string, tweet = '@acme hi') => JSON.stringify({ brand: ['acme'], tweet: { author: 'jo', text: tweet }, draft });

describe('caselint lint', () => {
  it('lints one JSON object with packs and exits 1 on an error-level finding', async () => {
    const r = await run(['lint', '--pack', 'packs/tone.yaml'], req('Please calm down.'));
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out.trim());
    expect(result.findings).toContainEqual(
      expect.objectContaining({ rule: 'tone/no-calm-down', severity: 'error', start: 7, end: 16 }),
    );
  });

  it('answers JSON Lines with one result line per request in the same order, exit 0 without errors', async () => {
    const input = [req('Kindly wait'), '', req('Thanks for waiting'), req('Great!! news')].join('\n');
    const r = await run(['lint', '--pack=packs/tone.yaml'], input);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].findings.map((f: { rule: string }) => f.rule)).toEqual(['tone/bureaucratic']);
    expect(lines[1].findings).toEqual([]);
    expect(lines[2].findings.map((f: { rule: string }) => f.rule)).toEqual(['tone/exclamation-marks']);
  });

  it('exits 2 on bad input, naming the line and the field, and keeps the other results in order', async () => {
    const bad = JSON.stringify({ brand: ['acme'], tweet: { text: 'hi' }, draft: 'x' });
    const r = await run(['lint'], [req('ok'), bad, 'not json'].join('\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2: tweet\.author: /);
    expect(r.err).toMatch(/line 3: not valid JSON/);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toHaveProperty('findings');
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[2]).toMatchObject({ line: 3 });
  });

  it('prints readable text with --format text', async () => {
    const r = await run(['lint', '--pack', 'packs/tone.yaml', '--format', 'text'], req('Kindly wait'));
    expect(r.out).toMatch(/1 finding \(0 errors\)/);
    expect(r.out).toMatch(/0-6 warning +tone\/bureaucratic: .*suggest: "Please"/);
  });

  it('refuses a broken pack with its line:column and exit 2', async () => {
    const broken = 'name: bad\nversion: 1.0.0\ndescription: d\nrules:\n  - id: x\n    type: existence\n    severity: warning\n    message: m\n    patterns: ["(?=x)"]\n';
    const r = await run(['lint', '--pack', 'bad.yaml'], req('x'), { 'bad.yaml': broken });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:9:16 rules\[0\]\.patterns\[0\]: pack "bad", rule "x"/);
  });
});

describe('caselint rules, pack, help', () => {
  it('lists built-in and pack rules with docs', async () => {
    const r = await run(['rules', '--pack', 'packs/tone.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^tone\/no-calm-down +\[error\] +\(tone\)$/m);
    expect(r.out).toMatch(/From pack \*\*tone\*\* 1\.0\.0/);
    const json = await run(['rules', '--pack', 'packs/tone.yaml', '--format', 'json']);
    expect(JSON.parse(json.out).map((x: { id: string }) => x.id)).toContain('tone/bureaucratic');
  });

  it('pack check validates and pack test counts passes and failures', async () => {
    expect((await run(['pack', 'check', 'packs/telecom-care.yaml'])).out).toMatch(/ok - telecom-care 1\.0\.0, 6 rules/);
    const t = await run(['pack', 'test', 'packs/tone.yaml']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^21 passed, 0 failed$/m);
    const failing = readFileSync('packs/tone.yaml', 'utf8').replace('- Please calm down, we are looking into it.', '- Please settle down.');
    const f = await run(['pack', 'test', 'x.yaml'], '', { 'x.yaml': failing });
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/FAIL  tone\/no-calm-down invalid #0: invalid example "Please settle down\." was not flagged/);
    expect(f.out).toMatch(/^20 passed, 1 failed$/m);
  });

  it('prints help, and usage errors exit 2', async () => {
    expect((await run(['--help'])).out).toMatch(/caselint lint \[--pack FILE\]/);
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown command "frobnicate"/);
  });
});

describe('caselint as a process', () => {
  it('runs through npx tsx with stdin and exit codes', async () => {
    const child = execFile('npx', ['tsx', 'scripts/caselint.ts', 'lint', '--pack', 'packs/tone.yaml'], { encoding: 'utf8' });
    child.stdin!.end(req('Calm down'));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(1);
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/caselint.ts', 'pack', 'test', 'packs/bank-safety.json'], { encoding: 'utf8' });
    expect(stdout).toMatch(/^13 passed, 0 failed$/m);
  }, 30_000);
});
