import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineStarts, loadPack, openingQuote, packDiagnostics, positionOf } from '../../../lib/packs';

const tone = readFileSync('packs/tone.yaml', 'utf8');
const bank = readFileSync('packs/bank-safety.json', 'utf8');
const lines = tone.split('\n');
const lineOf = (text: string, offset: number) => positionOf(lineStarts(text), offset).line;
const lineNo = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

function problems(text: string, filename?: string) {
  const r = loadPack(text, filename ? { filename } : {});
  if (r.ok) throw new Error('expected problems');
  return { errors: r.errors, diags: packDiagnostics(text, r.errors) };
}

describe('pack problems as editor diagnostics', () => {
  it('reports an unclosed quote on the line where it opens, not where the parser gave up', () => {
    const n = lineNo('description: Never tell');
    const text = lines.map((l, i) => (i === n - 1 ? l.replace('description: ', 'description: "') : l)).join('\n');
    const { errors, diags } = problems(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: n, message: expect.stringMatching(/double quote opened here is never closed/) });
    expect(text[diags[0]!.from]).toBe('"');
    expect(lineOf(text, diags[0]!.from)).toBe(n);
  });

  it('finds the quote that opens a single-quoted string with doubled quotes inside', () => {
    const text = "a: 'it''s open\nb: 1\n";
    expect(openingQuote(text, 14, "'")).toBe(3);
    expect(openingQuote('x: "say \\"hi\\" ', 14, '"')).toBe(3);
  });

  it('gives one error for one mistake: a tab used as indentation', () => {
    const n = lineNo('type: existence');
    const text = lines.map((l, i) => (i === n - 1 ? l.replace('    type', '\ttype') : l)).join('\n');
    const { diags } = problems(text);
    expect(diags).toHaveLength(1);
    expect(diags[0]!.message).toMatch(/Tabs are not allowed/);
    expect(lineOf(text, diags[0]!.from)).toBe(n);
  });

  it('gives one error for a stray quote that used to cascade into hundreds', () => {
    const n = lineNo("message: '\"{{match}}\" tells");
    const text = lines.map((l, i) => (i === n - 1 ? l.replace("message: '", "message: \"'") : l)).join('\n');
    const { diags } = problems(text);
    expect(diags).toHaveLength(1);
    expect(lineOf(text, diags[0]!.from)).toBe(n);
  });

  it('keeps every duplicate key, each on its own line', () => {
    const text = tone.replace('severity: error', 'severity: error\n    severity: warning').replace('type: substitution', 'type: substitution\n    type: existence');
    const { diags } = problems(text);
    expect(diags.map((d) => d.message)).toEqual([expect.stringMatching(/unique/), expect.stringMatching(/unique/)]);
  });

  it('parses JSON packs as JSON and points an unfinished string at its opening quote', () => {
    const text = bank.replace(/"version": "([^"]*)"/, '"version": "$1');
    const { errors, diags } = problems(text, 'bank.json');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^JSON syntax/);
    const n = text.split('\n').findIndex((l) => l.includes('"version"')) + 1;
    expect(lineOf(text, diags[0]!.from)).toBe(n);
    expect(text[diags[0]!.from]).toBe('"');
    expect(text.slice(diags[0]!.from - 11, diags[0]!.from)).toBe('"version": ');
  });

  it('puts a schema problem at the line of the field, with its path, and drops exact duplicates', () => {
    const n = lineNo('severity: error');
    const text = tone.replace('severity: error', 'severity: fatal');
    const { errors, diags } = problems(text);
    expect(diags).toHaveLength(1);
    expect(diags[0]!.message).toMatch(/^rules\[0\]\.severity: /);
    expect(lineOf(text, diags[0]!.from)).toBe(n);
    expect(packDiagnostics(text, [...errors, ...errors])).toHaveLength(1);
    // The span covers the rest of that line's text.
    expect(text.slice(diags[0]!.from, diags[0]!.to)).toBe('fatal');
  });

  it('places a problem without a position at the start, and a problem at the very end inside the text', () => {
    expect(packDiagnostics('abc', [{ path: [], where: '(pack)', message: 'x' }])[0]).toMatchObject({ from: 0, to: 3 });
    expect(packDiagnostics('ab\n', [{ path: [], where: '(pack)', message: 'x', line: 2, column: 1 }])[0]).toMatchObject({ from: 2, to: 3 });
  });
});
