import fc from 'fast-check';
import { RE2JS } from 're2js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileMatcher, type Match } from '../../../lib/packs/patterns';
import { extractPrefilter, foldAscii, formatFormula } from '../../../lib/packs/prefilter';
import { createLinter } from '../../../lib/lint/engine';
import { mustLoad } from './helpers';

/**
 * The oracle: pack matching as it was before the prefilter and the literal engine, every pattern and phrase
 * scanned by re2js (same whole-word retry, same limits).
 */
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);
function charBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text.charAt(index - 1);
}
function atWordBoundaries(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const first = String.fromCodePoint(text.codePointAt(start) ?? 0);
  const before = start > 0 ? charBefore(text, start) : undefined;
  if (isWord(first) && isWord(before)) return false;
  const last = charBefore(text, end);
  const after = end < text.length ? String.fromCodePoint(text.codePointAt(end) ?? 0) : undefined;
  if (isWord(last) && isWord(after)) return false;
  return true;
}
function plainRe2(source: string, kind: 'pattern' | 'phrase', opts: { ignoreCase: boolean; wholeWord: boolean }) {
  const body = kind === 'phrase' ? source.trim().split(/\s+/).map((w) => RE2JS.quote(w)).join('\\s+') : source;
  const re = RE2JS.compile(body, opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return (text: string, limit = 1000): Match[] => {
    const out: Match[] = [];
    const m = re.matcher(text);
    let pos = 0;
    let attempts = 0;
    while (pos <= text.length && out.length < limit && attempts++ < 5000 && m.find(pos)) {
      const start = m.start();
      const end = m.end();
      if (opts.wholeWord && !atWordBoundaries(text, start, end)) {
        pos = start + 1;
        continue;
      }
      if (end > start) out.push({ start, end, text: text.slice(start, end) });
      pos = end > pos ? end : pos + 1;
    }
    return out;
  };
}

/** Characters chosen to hit the hard cases: ASCII case, the two non-ASCII folds (ſ, Kelvin), accents, RE2 vs JS whitespace, emoji. */
const CHARS = ['a', 'b', 'A', 'B', 'k', 'K', 's', 'S', '\u017f', '\u212a', 'é', 'É', 'ß', ' ', '\t', '\n', '\u000b', '\u00a0', '.', '{', '}', '1', '_', 'İ', '😀'];
const draftArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('a', 'b', 'k', 's', ' ', 'K', 'S'), maxLength: 40 }),
);

/** Patterns from a small RE2 grammar: literals, escapes, classes, anchors, groups, alternation, quantifiers, inline flags. */
const literalAtom = fc.constantFrom('a', 'b', 'k', 's', 'A', 'K', 'S', 'ab', 'sk', '\u017f', '\u212a', 'é', 'É', ' ', '1', '_', '{', '😀');
const otherAtom = fc.constantFrom('.', '\\.', '\\{', '[ab]', '[^a]', '[]a]', '[[:alpha:]]', '\\s', '\\w', '\\d', '\\pL', '\\p{Lu}', '\\b', '\\B', '^', '$', '\\t', '\\x41', '\\Qa.\\E');
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,2}', '{0,1}', '{1}', '{0}', '{2,}', '*?', '+?', '??');
const { pattern } = fc.letrec<{ pattern: string; seq: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 5, arbitrary: literalAtom },
    { weight: 2, arbitrary: otherAtom },
    { weight: 2, arbitrary: tie('pattern').map((p) => `(${p})`) },
    { weight: 1, arbitrary: tie('pattern').map((p) => `(?:${p})`) },
    { weight: 1, arbitrary: tie('pattern').map((p) => `(?i:${p})`) },
  ),
  seq: fc.array(fc.tuple(tie('atom'), quantifier).map(([a, q]) => a + q), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('')),
  pattern: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('seq'), fc.array(tie('seq'), { minLength: 2, maxLength: 3 }).map((xs) => xs.join('|'))),
}));
const options = fc.record({ ignoreCase: fc.boolean(), wholeWord: fc.boolean() });

function compiles(p: string, ignoreCase: boolean): boolean {
  try {
    RE2JS.compile(p, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return true;
  } catch {
    return false;
  }
}

describe('prefiltered matching gives the findings of plain re2js matching', () => {
  it('for random patterns and drafts', () => {
    fc.assert(
      fc.property(pattern, options, fc.array(draftArb, { minLength: 1, maxLength: 6 }), (p, opts, drafts) => {
        fc.pre(compiles(p, opts.ignoreCase));
        let fast: ReturnType<typeof compileMatcher>;
        try {
          fast = compileMatcher(p, 'pattern', opts);
        } catch (e) {
          // Patterns that can match empty text are refused (patterns.ts); the rest must compile.
          expect(String(e)).toMatch(/can match empty text/);
          return;
        }
        const slow = plainRe2(p, 'pattern', opts);
        for (const d of drafts) {
          // Also the draft with the pattern's own literal characters spliced in, so matches are common.
          for (const text of [d, d + p.replace(/[^A-Za-z ]/g, '') + d]) {
            const got = fast.findAll(text);
            const old = slow(text);
            expect(fast.test(text)).toBe(got.length > 0);
            if (!opts.wholeWord) {
              expect(got).toEqual(old);
              continue;
            }
            // Whole words now run in one linear scan (patterns.ts): every match is whole-word, in order,
            // without overlaps, and whatever the old retry loop found away from word edges is still found.
            let until = 0;
            for (const m of got) {
              expect(atWordBoundaries(text, m.start, m.end)).toBe(true);
              expect(m.start).toBeGreaterThanOrEqual(until);
              until = m.end;
            }
            const clean = old.filter((m) => !isWord(m.start > 0 ? charBefore(text, m.start) : undefined) && !isWord(m.end < text.length ? String.fromCodePoint(text.codePointAt(m.end)!) : undefined));
            if (clean.length) expect(got.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 1500 },
    );
  }, 60_000); // generous: thousands of re2js compilations on a shared, loaded machine

  it('for random phrases (string search instead of re2js)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'k', 's', 'K', 'S', '\u017f', '\u212a', 'é', '.', '{', '1', '😀', 'ß'), minLength: 1, maxLength: 4 });
    const sep = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n ');
    const phrase = fc.tuple(fc.array(fc.tuple(word, sep), { maxLength: 3 }), word, fc.constantFrom('', ' ')).map(([ws, last, pad]) => pad + ws.map(([w, s]) => w + s).join('') + last + pad);
    fc.assert(
      fc.property(phrase, options, fc.array(draftArb, { minLength: 1, maxLength: 6 }), (ph, opts, drafts) => {
        const fast = compileMatcher(ph, 'phrase', opts);
        const slow = plainRe2(ph, 'phrase', opts);
        for (const d of drafts) {
          for (const text of [d, d + ph + d, d + ph.toUpperCase().replace(/\s+/g, ' \u000b ') + ph.replace(/ /g, '\n')]) {
            expect(fast.findAll(text)).toEqual(slow(text));
          }
        }
      }),
      { numRuns: 1500 },
    );
  }, 60_000); // generous: thousands of re2js compilations on a shared, loaded machine
});

describe('extractPrefilter', () => {
  it.each([
    ['restart (your|the) router', true, '("restart your router" OR "restart the router")'],
    ['\\bRouter\\s+(?:is|are) down', true, '("router" AND ("is down" OR "are down"))'],
    ['colou?r', false, '("colour" OR "color")'],
    ['\\bthanks?\\b', true, '"thank"'],
    ['(?:still|again) modem', true, '("still modem" OR "again modem")'],
    ['Café', true, '"caf"'],
    ['Café', false, '"Café"'],
  ])('%s (ignoreCase %s) requires %s', (p, ic, want) => {
    expect(formatFormula(extractPrefilter(p, ic))).toBe(want);
  });

  it.each([
    ['a*', 'nothing is required'],
    ['(?i)refund', 'inline flags are not modelled'],
    ['\\x41BC', 'hex escapes are not modelled'],
    ['\\Qa.b\\E', '\\Q...\\E is not modelled'],
    ['[a-z]+|refund', 'one branch requires nothing'],
  ])('%s: no prefilter (%s)', (p) => {
    expect(extractPrefilter(p, true)).toBeNull();
  });
});

describe('case folding used by the prefilter and the literal engine', () => {
  it('only U+017F and U+212A outside ASCII fold to ASCII in re2js, and foldAscii maps each to its letter', () => {
    const anyAscii = RE2JS.compile('[\\x00-\\x7f]', RE2JS.CASE_INSENSITIVE);
    const outside: number[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (anyAscii.test(String.fromCodePoint(cp))) outside.push(cp);
    }
    expect(outside).toEqual([0x17f, 0x212a]);
    for (let u = 0; u < 0x80; u++) {
      const c = String.fromCharCode(u);
      const re = RE2JS.compile(RE2JS.quote(c), RE2JS.CASE_INSENSITIVE);
      for (const other of [c.toLowerCase(), c.toUpperCase(), '\u017f', '\u212a']) {
        expect(re.test(other)).toBe(foldAscii(other) === foldAscii(c));
      }
    }
    expect(foldAscii('ſtop İK Straße')).toBe('stop İk straße');
  });
});

describe('work skipped', () => {
  afterEach(() => vi.restoreAllMocks());
  it('does not start a re2js scan when the draft lacks the required literals, and phrases never use re2js', () => {
    const spy = vi.spyOn(RE2JS.prototype, 'matcher');
    const m = compileMatcher('restart (your|the) router', 'pattern', { ignoreCase: true, wholeWord: true });
    expect(m.findAll('Please try turning it off and on.')).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
    expect(m.findAll('Please RESTART your router.')).toEqual([{ start: 7, end: 26, text: 'RESTART your router' }]);
    expect(spy).toHaveBeenCalledTimes(1);
    const ph = compileMatcher('as per', 'phrase', { ignoreCase: true, wholeWord: true });
    expect(ph.engine).toBe('literal');
    expect(ph.findAll('As\tper policy, as per')).toEqual([
      { start: 0, end: 6, text: 'As\tper' },
      { start: 15, end: 21, text: 'as per' },
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('shared matchers and remembered when-conditions', () => {
  const pack = JSON.stringify({
    name: 'team',
    version: '1.0.0',
    description: 'test pack',
    rules: [
      { id: 'a', severity: 'warning', type: 'existence', message: 'a: {{match}}', phrases: ['asap'], when: { tweetMatches: ['\\bwifi\\b'] } },
      { id: 'b', severity: 'info', type: 'existence', message: 'b: {{match}}', phrases: ['asap'], when: { tweetNotMatches: ['\\bwifi\\b'] } },
    ],
  });
  it('re-evaluates the condition for each tweet while reusing it for the same tweet object', () => {
    const { compiled } = mustLoad(pack);
    const linter = createLinter({ builtins: false, extraRules: compiled.rules.map((r) => ({ rule: r.rule, source: r.source })) });
    const wifi = { author: 'jo', text: '@acme my WiFi is down again', inReplyTo: 'acme' };
    const other = { author: 'jo', text: '@acme my bill is wrong', inReplyTo: 'acme' };
    const rules = (tweet: typeof wifi, draft: string) => linter.lint({ brand: ['acme'], tweet, draft }).map((f) => f.message);
    expect(rules(wifi, 'We will fix it ASAP')).toEqual(['a: ASAP']);
    expect(rules(wifi, 'We will fix it asap, promise')).toEqual(['a: asap']);
    expect(rules(other, 'We will fix it ASAP')).toEqual(['b: ASAP']);
    // Same text, new object (a new tweet in the timeline): same answer.
    expect(rules({ ...wifi }, 'asap')).toEqual(['a: asap']);
  });
});
