/**
 * Pattern compilation for packs: every pattern runs on re2js (linear time, no catastrophic backtracking).
 * Syntax RE2 cannot run in linear time (backreferences, lookaround) is refused with a clear error.
 *
 * Speed (docs/performance.md, "Packs: after the fixes"): a phrase of plain words is found by string search
 * (indexOf, linear) with exactly re2js's semantics; a pattern is scanned by re2js only when the text contains
 * the literals every match must contain (prefilter.ts).
 */
import { RE2JS } from 're2js';
import { extractPrefilter, foldAscii, formatFormula, literalWord, phrasePrefilter, satisfies, type Formula } from './prefilter';

export interface Match {
  start: number;
  end: number;
  text: string;
}

export interface CompiledMatcher {
  /** The source pattern or phrase as written in the pack. */
  source: string;
  kind: 'pattern' | 'phrase';
  /** All non-overlapping matches, left to right (UTF-16 offsets). */
  findAll(text: string, limit?: number): Match[];
  test(text: string): boolean;
  /** How matches are found: plain string search (literal phrases) or re2js. */
  engine?: 'literal' | 're2js';
  /** The literals a text must contain before it is scanned, readable ("(none)": always scanned). */
  prefilter?: string;
}

export interface MatchOptions {
  ignoreCase: boolean;
  wholeWord: boolean;
}

export class PatternError extends Error {
  constructor(
    message: string,
    readonly pattern: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}


function explain(pattern: string, raw: string): string {
  if (/\\[1-9]/.test(pattern) || /\\k</.test(pattern)) return 'backreferences are not supported (RE2 syntax runs in linear time)';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookahead and lookbehind are not supported (RE2 syntax runs in linear time)';
  if (/\(\?>/.test(pattern)) return 'atomic groups are not supported (RE2 syntax)';
  if (/[*+?}]\+/.test(pattern)) return 'possessive quantifiers are not supported (RE2 syntax)';
  return raw.replace(/^error parsing regexp: /, '');
}

const MAX_MATCHES = 1000;
const NONE: Match[] = [];
/** Bounds the work per draft even for patterns whose matches keep failing the whole-word check. */
const MAX_ATTEMPTS = 5000;

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}
/** Like \b, but for every script: a match may not start or end in the middle of a word. */
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
function charBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text.charAt(index - 1);
}

/** RE2's \s: [\t\n\f\r ] (not \v, not Unicode spaces). */
function isRe2Space(u: number): boolean {
  return u === 32 || u === 9 || u === 10 || u === 12 || u === 13;
}

/** Folded texts of the last few calls: every matcher of every rule sees the same draft, folded once. */
const foldCache: Array<[string, string]> = [];
function folded(text: string): string {
  for (const [t, f] of foldCache) if (t === text) return f;
  const f = foldAscii(text);
  foldCache.unshift([text, f]);
  if (foldCache.length > 4) foldCache.pop();
  return f;
}

type Finder = (text: string, pos: number) => [number, number] | null;

/**
 * A phrase made of plain words (see literalWord) found by string search with exactly re2js's semantics: the
 * words in order, separated by one or more RE2 whitespace characters, leftmost match first. indexOf and
 * startsWith are linear; whitespace runs after different word ends never overlap, so a scan stays linear.
 */
function literalFinder(words: string[], ignoreCase: boolean): Finder {
  const [first, ...others] = words as [string, ...string[]];
  return (text, pos) => {
    const h = ignoreCase ? folded(text) : text;
    let p = pos;
    for (;;) {
      const i = h.indexOf(first, p);
      if (i < 0) return null;
      let e = i + first.length;
      let ok = true;
      for (const w of others) {
        let s = e;
        while (s < h.length && isRe2Space(h.charCodeAt(s))) s++;
        if (s === e || !h.startsWith(w, s)) {
          ok = false;
          break;
        }
        e = s + w.length;
      }
      if (ok) return [i, e];
      p = i + 1;
    }
  };
}

export function compileMatcher(source: string, kind: 'pattern' | 'phrase', opts: MatchOptions): CompiledMatcher {
  let body: string;
  let prefilter: Formula | null;
  let literalWords: string[] | null = null;
  if (kind === 'phrase') {
    // Literal phrase; runs of spaces match any whitespace so "as  per" and line breaks still count.
    const words = source.trim().split(/\s+/);
    body = words.map((w) => RE2JS.quote(w)).join('\\s+');
    const lits = words.map((w) => literalWord(w, opts.ignoreCase));
    if (lits.every((w): w is string => w !== null)) literalWords = lits;
    prefilter = phrasePrefilter(words, opts.ignoreCase);
  } else {
    body = source;
    prefilter = null;
  }
  let flags = 0;
  if (opts.ignoreCase) flags |= RE2JS.CASE_INSENSITIVE;
  let re: RE2JS;
  try {
    // Compiled even for phrases matched by string search: the pack is refused exactly as before.
    re = RE2JS.compile(body, flags);
  } catch (e) {
    throw new PatternError(explain(source, e instanceof Error ? e.message : String(e)), source);
  }
  if (kind === 'pattern') prefilter = extractPrefilter(source, opts.ignoreCase);

  let find: Finder;
  if (literalWords) {
    find = literalFinder(literalWords, opts.ignoreCase);
  } else {
    let m: ReturnType<RE2JS['matcher']> | null = null;
    let mText: string | null = null;
    find = (text, pos) => {
      if (mText !== text || !m) {
        m = re.matcher(text);
        mText = text;
      }
      return m.find(pos) ? [m.start(), m.end()] : null;
    };
  }
  const pf = prefilter;
  const ignoreCase = opts.ignoreCase;

  // The last text scanned and its full result: the same draft or tweet is asked about by many rules (a pattern
  // shared by several rules is compiled once per pack), and again when nothing changed between keystrokes.
  let lastText: string | null = null;
  let lastAll: Match[] = [];
  const findAll = (text: string, limit = MAX_MATCHES): Match[] => {
    if (text === lastText && limit >= MAX_MATCHES) return lastAll.slice();
    const out = scan(text, limit);
    if (limit >= MAX_MATCHES) {
      lastText = text;
      // Kept apart from what the caller gets (callers may change their array); no copy for the usual "none".
      lastAll = out.length ? out.slice() : NONE;
    }
    return out;
  };
  let testText: string | null = null;
  let testResult = false;
  const test = (text: string): boolean => {
    if (text === lastText) return lastAll.length > 0;
    if (text !== testText) {
      testResult = scan(text, 1).length > 0;
      testText = text;
    }
    return testResult;
  };

  const scan = (text: string, limit: number): Match[] => {
    const out: Match[] = [];
    // Skip the scan when the text lacks a literal every match must contain.
    if (pf !== null && !satisfies(pf, ignoreCase ? folded(text) : text)) return out;
    let pos = 0;
    let attempts = 0;
    let hit: [number, number] | null;
    while (pos <= text.length && out.length < limit && attempts++ < MAX_ATTEMPTS && (hit = find(text, pos))) {
      const [start, end] = hit;
      if (opts.wholeWord && !atWordBoundaries(text, start, end)) {
        // A match inside a longer word ("kindly" in "unkindly"): try again one character further.
        pos = start + 1;
        continue;
      }
      if (end > start) out.push({ start, end, text: text.slice(start, end) });
      // Never loop on empty matches.
      pos = end > pos ? end : pos + 1;
    }
    return out;
  };
  return {
    source,
    kind,
    engine: literalWords ? 'literal' : 're2js',
    prefilter: formatFormula(pf),
    findAll,
    test,
  };
}
