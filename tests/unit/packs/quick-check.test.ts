import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { matchesEmpty } from '../../../lib/packs/patterns';
import { quickCheck } from '../../../lib/packs/quick-check';

function re2(pattern: string): RE2JS | Error {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    return e as Error;
  }
}

/** Fragments that mix the subset with syntax just outside it (and plain mistakes). */
const atoms = [
  'a', 'b', 'Z', '0', ' ', 'é', '日', '😀', '.', '^', '$', '\\.', '\\-', '\\\\', '\\d', '\\D', '\\w', '\\s', '\\b', '\\B', '\\A', '\\z',
  '\\t', '\\n', '\\p{L}', '\\p{Lu}', '\\P{N}', '\\p{Han}', '\\p{Nope}', '\\pL', '\\x41', '\\Q.\\E', '\\1', '\\k', '\\v',
  '[a-z]', '[^0-9 ]', '[z-a]', '[a-]', '[-a]', '[\\d.]', '[\\p{L}_]', '[]a]', '[^]a]', '[[:alpha:]]', '[a', '[\\b]', '[a-\\d]',
  '(', ')', '(?:', '(?i)', '(?i:', '(?s)', '(?P<n>', '(?<n>', '(?P<n>', '(?=', '(?!', '(?<=', '(?x)', '|', '*', '+', '?', '*?', '+?',
  '{2}', '{2,}', '{2,5}', '{5,2}', '{1001}', '{,3}', '{', '}', ']', '\uD800',
];

describe('quickCheck (the fast syntax check of pack patterns)', () => {
  it('accepts only what re2js compiles, and says "can match empty" exactly when re2js does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 8 }), (parts) => {
        const pattern = parts.join('');
        const q = quickCheck(pattern);
        if (!q) return;
        accepted++;
        const compiled = re2(pattern);
        expect(compiled, pattern).toBeInstanceOf(RE2JS);
        expect(q.nullable, pattern).toBe(matchesEmpty(compiled as RE2JS));
      }),
      { numRuns: 20000, seed: 14 },
    );
    // The generator reaches the subset often enough for the property to say something.
    expect(accepted).toBeGreaterThan(2000);
  });

  it('reads everyday pack patterns without re2js', () => {
    for (const p of ['\\b(call|phone) us\\b', '1-?8[0-9]{2}-?\\d{3}-?\\d{4}', '(?i)kindly', '[\\p{L}\\p{N}]+@acme', 'a[a-z ]*b(?:q1)?', '(?P<n>dm|inbox)']) {
      expect(quickCheck(p), p).not.toBeNull();
    }
  });

  it('leaves syntax outside the subset to re2js', () => {
    for (const p of ['(a)\\1', '(?=x)', '\\x41', '[[:alpha:]]', 'a**', 'x{1001}', '(?P<n>a)(?P<n>b)', '\\p{Nope}', 'a{', '[z-a]', '\uD800']) {
      expect(quickCheck(p), p).toBeNull();
    }
  });

  it('knows the \\p names it accepts are re2js names', () => {
    for (const name of ['L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co', 'Cs', 'Latin', 'Greek', 'Cyrillic', 'Han', 'Arabic', 'Hebrew', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Common']) {
      const p = `x\\p{${name}}`;
      expect(quickCheck(p), p).not.toBeNull();
      expect(re2(p), p).toBeInstanceOf(RE2JS);
    }
  });
});
