/**
 * Pattern compilation for packs: every pattern runs on re2js (linear time, no catastrophic backtracking).
 * Syntax RE2 cannot run in linear time (backreferences, lookaround) is refused with a clear error.
 */
import { RE2JS } from 're2js';

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

export function compileMatcher(source: string, kind: 'pattern' | 'phrase', opts: MatchOptions): CompiledMatcher {
  let body: string;
  if (kind === 'phrase') {
    // Literal phrase; runs of spaces match any whitespace so "as  per" and line breaks still count.
    body = source
      .trim()
      .split(/\s+/)
      .map((w) => RE2JS.quote(w))
      .join('\\s+');
  } else {
    body = source;
  }
  let flags = 0;
  if (opts.ignoreCase) flags |= RE2JS.CASE_INSENSITIVE;
  let re: RE2JS;
  try {
    re = RE2JS.compile(body, flags);
  } catch (e) {
    throw new PatternError(explain(source, e instanceof Error ? e.message : String(e)), source);
  }
  const findAll = (text: string, limit = MAX_MATCHES): Match[] => {
    const out: Match[] = [];
    const m = re.matcher(text);
    let pos = 0;
    let attempts = 0;
    while (pos <= text.length && out.length < limit && attempts++ < MAX_ATTEMPTS && m.find(pos)) {
      const start = m.start();
      const end = m.end();
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
    findAll,
    test: (text) => findAll(text, 1).length > 0,
  };
}
