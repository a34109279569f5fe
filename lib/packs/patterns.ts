/**
 * Pattern compilation for packs: every pattern runs on re2js (linear time, no catastrophic backtracking).
 * Syntax RE2 cannot run in linear time (backreferences, lookaround) is refused with a clear error.
 *
 * Speed (docs/performance.md, "Packs: after the fixes"): a phrase of plain words is found by string search
 * (indexOf, linear) with exactly re2js's semantics; a pattern is scanned by re2js only when the text contains
 * the literals every match must contain (prefilter.ts).
 *
 * Whole words, in linear time: a match may not start or end in the middle of a word (W = letters, digits,
 * marks, "_", every script). For re2js patterns the check is part of the expression, so one left-to-right scan
 * finds every match and nothing is retried from the next character:
 *   (?:\A|N)(body)(?:\z|N)      N = a character that is not W; group 1 is the match
 * Which sides get a condition is read from the compiled body (wordEdges): a body that can only begin with
 * non-word characters ("!!+", "\$\d+") needs none at its start, likewise at its end. A body that can begin (end)
 * with either kind gets the condition, so "[$\w]+" does not match the "$5" of "pay$5" (the old retry loop,
 * up to 5,000 re2js scans per pattern and draft, allowed it).
 * Every scan also checks the lint's deadline (lib/lint/budget.ts) between matches.
 */
import { RE2JS } from 're2js';
import { checkDeadline } from '../lint/budget';
import { quickCheck } from './quick-check';
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

const W_CLASS = '\\p{L}\\p{N}\\p{M}_';
/** For texts without a character above U+007F, W is exactly [0-9A-Za-z_], and a far smaller program. */
const W_ASCII = '0-9A-Za-z_';
const isAscii = (text: string) => !/[^\x00-\x7f]/.test(text);

/**
 * Compiled patterns by flags and source, shared by every pack loaded in this page (re2js takes 0.2-0.3 ms per
 * pattern; the pack editor checks the whole pack again after each edit, and the content script reloads packs
 * when one changes). Bounded; failures are not kept.
 */
const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 20000;
function compileCached(body: string, flags: number, source: string): RE2JS {
  const key = `${flags}\u0000${body}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(body, flags);
  } catch (e) {
    throw new PatternError(explain(source, e instanceof Error ? e.message : String(e)), source);
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, re);
  return re;
}

/** Can the pattern match without reading a character (ignoring \b, ^ and friends, so `\b` alone counts)? */
export function matchesEmpty(re: RE2JS): boolean {
  const prog = (re.re2() as unknown as { prog?: { inst?: ProgInst[]; start?: number } } | undefined)?.prog;
  if (!prog || !Array.isArray(prog.inst) || typeof prog.start !== 'number') return re.matches('');
  const first = closure(prog.inst, [prog.start]);
  return first === null ? re.matches('') : first.some((pc) => prog.inst![pc]!.op === OP.MATCH);
}

/** Code points looked at when deciding whether a pattern can begin or end with a word character. */
const CHAR_BUDGET = 20000;
/** re2js instruction opcodes (Inst in re2js, as in RE2's Go design). */
const OP = { ALT: 1, ALT_MATCH: 2, CAPTURE: 3, EMPTY_WIDTH: 4, FAIL: 5, MATCH: 6, NOP: 7, RUNE: 8, RUNE1: 9, RUNE_ANY: 10, RUNE_ANY_NOT_NL: 11 } as const;
interface ProgInst {
  op: number;
  out: number;
  arg: number;
  runes: ArrayLike<number>;
}

/** Can one of these character instructions read a word character? Unsure is "yes". */
function runesHaveWord(inst: ProgInst, budget: { left: number }): boolean {
  if (inst.op === OP.RUNE_ANY || inst.op === OP.RUNE_ANY_NOT_NL) return true;
  const r = inst.runes;
  if (r.length === 1) return isWord(String.fromCodePoint(r[0]!));
  for (let j = 0; j + 1 < r.length; j += 2) {
    const lo = r[j]!;
    const hi = r[j + 1]!;
    if (hi - lo >= budget.left) return true;
    budget.left -= hi - lo + 1;
    for (let c = lo; c <= hi; c++) if (isWord(String.fromCodePoint(c))) return true;
  }
  return false;
}

/** Instructions reachable from `from` without reading a character; null when one is not understood. */
function closure(inst: ProgInst[], from: number[]): number[] | null {
  const seen = new Set<number>();
  const out: number[] = [];
  const stack = [...from];
  while (stack.length) {
    const pc = stack.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const i = inst[pc];
    if (!i) return null;
    if (i.op === OP.ALT || i.op === OP.ALT_MATCH) stack.push(i.out, i.arg);
    else if (i.op === OP.CAPTURE || i.op === OP.NOP || i.op === OP.EMPTY_WIDTH) stack.push(i.out);
    else if (i.op >= OP.RUNE && i.op <= OP.RUNE_ANY_NOT_NL) out.push(pc);
    else if (i.op === OP.MATCH) out.push(pc);
    else if (i.op !== OP.FAIL) return null;
  }
  return out;
}

/**
 * Whether a match of the compiled pattern can begin / end with a word character, read from re2js's program.
 * Unsure (internals not found, huge classes) is "yes": that only makes the whole-word condition stricter.
 */
function wordEdges(re: RE2JS): { start: boolean; end: boolean } {
  const prog = (re.re2() as unknown as { prog?: { inst?: ProgInst[]; start?: number } } | undefined)?.prog;
  const inst = prog?.inst;
  if (!prog || !Array.isArray(inst) || typeof prog.start !== 'number') return { start: true, end: true };
  const budget = { left: CHAR_BUDGET };
  const first = closure(inst, [prog.start]);
  const start = first === null || first.some((pc) => inst[pc]!.op !== OP.MATCH && runesHaveWord(inst[pc]!, budget));
  let end = false;
  for (let pc = 0; pc < inst.length && !end; pc++) {
    const i = inst[pc]!;
    if (i.op < OP.RUNE || i.op > OP.RUNE_ANY_NOT_NL) continue;
    const next = closure(inst, [i.out]);
    // A character after which the match can stop is a possible last character.
    if (next === null || (next.some((q) => inst[q]!.op === OP.MATCH) && runesHaveWord(i, budget))) end = true;
  }
  return { start, end };
}

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

export function compileMatcher(source: string, kind: 'pattern' | 'phrase', opts: MatchOptions): CompiledMatcher {
  return new Matcher(source, kind, opts);
}

/**
 * One pattern or phrase of a pack. A class, not closures: a pack at the size limit has 12,200 of them, and
 * their per-instance cost is most of checking it once re2js compiles lazily.
 */
class Matcher implements CompiledMatcher {
  readonly engine: 'literal' | 're2js';
  private readonly body: string;
  private readonly flags: number;
  private readonly ignoreCase: boolean;
  private readonly wholeWord: boolean;
  /** Words found by string search (literal phrases), else null. */
  private readonly literalWords: string[] | null = null;
  /** The required-literal formula; undefined until the first scan extracts it (patterns). */
  private pf: Formula | null | undefined;
  private re: RE2JS | null = null;
  private scanAscii: RE2JS | null = null;
  private scanAny: RE2JS | null = null;
  private edges: { start: boolean; end: boolean } | null = null;
  private m: ReturnType<RE2JS['matcher']> | null = null;
  private mText: string | null = null;
  // The last text scanned and its full result: the same draft or tweet is asked about by many rules (a pattern
  // shared by several rules is compiled once per pack), and again when nothing changed between keystrokes.
  private lastText: string | null = null;
  private lastAll: Match[] = NONE;
  private testText: string | null = null;
  private testResult = false;

  constructor(
    readonly source: string,
    readonly kind: 'pattern' | 'phrase',
    opts: MatchOptions,
  ) {
    this.ignoreCase = opts.ignoreCase;
    this.wholeWord = opts.wholeWord;
    this.flags = opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
    if (kind === 'phrase') {
      // Literal phrase; runs of spaces match any whitespace so "as  per" and line breaks still count.
      const words = source.trim().split(/\s+/);
      this.body = words.map((w) => RE2JS.quote(w)).join('\\s+');
      const lits = words.map((w) => literalWord(w, opts.ignoreCase));
      // Quoted words always compile, so a phrase found by string search is not compiled at all.
      if (lits.every((w): w is string => w !== null)) this.literalWords = lits;
      this.pf = phrasePrefilter(words, opts.ignoreCase);
    } else {
      this.body = source;
      this.pf = undefined; // extracted on the first scan (30 ms for 12,200 patterns, most never scanned)
    }
    this.engine = this.literalWords ? 'literal' : 're2js';
    if (!this.literalWords) {
      // A pattern in the subset quickCheck reads is compiled by re2js on first use (after its prefilter
      // passed): re2js takes 0.02-0.3 ms per pattern, too slow for a pack of 12,200 patterns when it is
      // checked. Anything else is compiled now, so its error (re2js's wording) is reported by the check.
      const quick = kind === 'pattern' ? quickCheck(source) : null;
      if (!quick) this.re = compileCached(this.body, this.flags, source);
      if (quick ? quick.nullable : matchesEmpty(this.re!)) {
        throw new PatternError('it can match empty text, so it would flag every draft (write what a match must contain)', source);
      }
    }
  }

  /** The literals a text must contain before it is scanned, readable. */
  get prefilter(): string {
    return formatFormula(this.prefilterOf());
  }

  private prefilterOf(): Formula | null {
    if (this.pf === undefined) this.pf = extractPrefilter(this.source, this.ignoreCase);
    return this.pf;
  }

  private compiled(): RE2JS {
    if (this.re) return this.re;
    checkDeadline(); // a lazy compile is paid inside a lint: it counts against the pack budget like a scan
    return (this.re = compileCached(this.body, this.flags, this.source));
  }

  /** Whole words: the boundary check is part of the expression (see the header); group 1 is the match. */
  private wrapped(w: string): RE2JS {
    checkDeadline(); // compiling costs about as much as a scan of a long draft
    this.edges ??= wordEdges(this.compiled());
    // The case flag applies to the body only: folding the big word classes is most of a compile.
    const inner = this.ignoreCase ? `(?i:${this.body})` : `(?:${this.body})`;
    return RE2JS.compile(`${this.edges.start ? `(?:\\A|[^${w}])` : ''}(${inner})${this.edges.end ? `(?:\\z|[^${w}])` : ''}`);
  }

  private scannerFor(text: string): RE2JS {
    if (!this.wholeWord) return this.compiled();
    if (isAscii(text)) return (this.scanAscii ??= this.wrapped(W_ASCII));
    return (this.scanAny ??= this.wrapped(W_CLASS));
  }

  /** The next match at or after `pos`: its start, its end, and where to search next. */
  private find(text: string, pos: number): [number, number, number] | null {
    if (this.literalWords) return this.findLiteral(this.literalWords, text, pos);
    if (this.mText !== text || !this.m) {
      this.m = this.scannerFor(text).matcher(text);
      this.mText = text;
    }
    const edgeStart = this.edges?.start ?? false;
    if (!this.m.find(pos)) return null;
    const g = this.wholeWord ? 1 : 0;
    const start = this.m.start(g);
    const end = this.m.end(g);
    // The character before the next match may be this match's last one (BEFORE_WORD reads it).
    const next = edgeStart && end > start ? end - 1 : end;
    return [start, end, next];
  }

  /**
   * A phrase made of plain words (see literalWord) found by string search with exactly re2js's semantics: the
   * words in order, separated by one or more RE2 whitespace characters, leftmost match first. indexOf and
   * startsWith are linear; whitespace runs after different word ends never overlap, so a scan stays linear.
   */
  private findLiteral(words: string[], text: string, pos: number): [number, number, number] | null {
    const h = this.ignoreCase ? folded(text) : text;
    const first = words[0]!;
    let p = pos;
    for (;;) {
      const i = h.indexOf(first, p);
      if (i < 0) return null;
      let e = i + first.length;
      let ok = true;
      for (let k = 1; k < words.length; k++) {
        const w = words[k]!;
        let s = e;
        while (s < h.length && isRe2Space(h.charCodeAt(s))) s++;
        if (s === e || !h.startsWith(w, s)) {
          ok = false;
          break;
        }
        e = s + w.length;
      }
      if (ok) return [i, e, e];
      p = i + 1;
    }
  }

  findAll(text: string, limit = MAX_MATCHES): Match[] {
    if (text === this.lastText && limit >= MAX_MATCHES) return this.lastAll.slice();
    const out = this.scan(text, limit);
    if (limit >= MAX_MATCHES) {
      this.lastText = text;
      // Kept apart from what the caller gets (callers may change their array); no copy for the usual "none".
      this.lastAll = out.length ? out.slice() : NONE;
    }
    return out;
  }

  test(text: string): boolean {
    if (text === this.lastText) return this.lastAll.length > 0;
    if (text !== this.testText) {
      this.testResult = this.scan(text, 1).length > 0;
      this.testText = text;
    }
    return this.testResult;
  }

  private scan(text: string, limit: number): Match[] {
    const out: Match[] = [];
    // Skip the scan when the text lacks a literal every match must contain.
    const f = this.prefilterOf();
    if (f !== null && !satisfies(f, this.ignoreCase ? folded(text) : text)) return out;
    // Phrases found by string search check word boundaries afterwards; each rejected occurrence moves the
    // search past its start, and indexOf never looks back, so a scan stays linear. re2js patterns need no check.
    const checkWords = this.wholeWord && this.literalWords !== null;
    let pos = 0;
    let hit: [number, number, number] | null;
    while (pos <= text.length && out.length < limit && (hit = this.find(text, pos))) {
      checkDeadline();
      const [start, end, next] = hit;
      if (checkWords && !atWordBoundaries(text, start, end)) {
        // A match inside a longer word ("kindly" in "unkindly"): try again one character further.
        pos = start + 1;
        continue;
      }
      if (end > start) out.push({ start, end, text: text.slice(start, end) });
      // Never loop on empty matches.
      pos = next > pos ? next : pos + 1;
    }
    return out;
  }
}
