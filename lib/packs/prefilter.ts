/**
 * A literal prefilter for pack patterns, in the spirit of RE2's own prefilter: from a pattern, extract the
 * literal substrings any match must contain (an AND/OR formula of strings). A draft that does not contain them
 * cannot match, so the re2js scan is skipped. `String.prototype.includes` is linear, so the safety guarantee
 * (no super-linear time on patterns from other people) holds; when the prefilter passes, re2js still decides.
 *
 * Conservative by construction: whenever the extractor meets syntax it does not model exactly (inline flags,
 * \Q..\E, hex/octal escapes, ...) it gives up and the pattern runs on re2js for every draft, as before.
 *
 * Case-insensitive patterns: re2js folds case with Unicode simple case folding. The only characters outside
 * ASCII that fold to an ASCII character are U+017F (long s) and U+212A (Kelvin sign) (checked exhaustively in
 * tests/unit/packs/prefilter.test.ts). So under ignoreCase the prefilter keeps only ASCII literal characters and
 * compares them with `foldAscii(text)`, which lower-cases ASCII letters and maps those two characters; a
 * non-ASCII pattern character is treated like "any character" (no literal), which is always sound.
 */

/** A required-literal formula: a string must occur; `and`/`or` combine. `true` means "no constraint". */
export type Formula = true | string | { op: 'and' | 'or'; kids: Formula[] };

/** Bound on the size of exact-string sets (as RE2's prefilter does) before falling back to an AND/OR formula. */
const MAX_EXACT = 16;

class Unsure extends Error {}

interface Info {
  /** The node matches exactly one of these strings (already case-folded), or null when unknown/too many. */
  exact: Set<string> | null;
  /** When exact is null: a formula every match satisfies. */
  match: Formula;
}

const ANY: Info = { exact: null, match: true };
const EMPTY = (): Info => ({ exact: new Set(['']), match: true });

function and(kids: Formula[]): Formula {
  const out: Formula[] = [];
  for (const k of kids) {
    if (k === true) continue;
    if (typeof k === 'object' && k.op === 'and') out.push(...k.kids);
    else out.push(k);
  }
  if (out.length === 0) return true;
  if (out.length === 1) return out[0]!;
  const d = prune(dedupe(out), 'and');
  return d.length === 1 ? d[0]! : { op: 'and', kids: d };
}

function or(kids: Formula[]): Formula {
  const out: Formula[] = [];
  for (const k of kids) {
    if (k === true) return true;
    if (typeof k === 'object' && k.op === 'or') out.push(...k.kids);
    else out.push(k);
  }
  if (out.length === 0) return true;
  const d = prune(dedupe(out), 'or');
  if (d.length === 1) return d[0]!;
  return { op: 'or', kids: d };
}

function dedupe(fs: Formula[]): Formula[] {
  const seen = new Set<string>();
  const out: Formula[] = [];
  for (const f of fs) {
    if (typeof f === 'string') {
      if (seen.has(f)) continue;
      seen.add(f);
    }
    out.push(f);
  }
  return out;
}

/**
 * Strings implied by others: in an OR, "thanks" is redundant next to "thank" (drop the longer); in an AND,
 * "thank" is redundant next to "thanks" (drop the shorter).
 */
function prune(fs: Formula[], op: 'and' | 'or'): Formula[] {
  const strs = fs.filter((f): f is string => typeof f === 'string');
  return fs.filter(
    (f) =>
      typeof f !== 'string' ||
      !strs.some((o) => o !== f && (op === 'or' ? f.includes(o) : o.includes(f))),
  );
}

function toMatch(i: Info): Formula {
  if (!i.exact) return i.match;
  if (i.exact.has('')) return true; // the empty string is in every text
  return or([...i.exact]);
}

function concat(a: Info, b: Info): Info {
  if (a.exact && b.exact && a.exact.size * b.exact.size <= MAX_EXACT) {
    const s = new Set<string>();
    for (const x of a.exact) for (const y of b.exact) s.add(x + y);
    return { exact: s, match: true };
  }
  return { exact: null, match: and([toMatch(a), toMatch(b)]) };
}

function alternate(a: Info, b: Info): Info {
  if (a.exact && b.exact) {
    const s = new Set([...a.exact, ...b.exact]);
    if (s.size <= MAX_EXACT) return { exact: s, match: true };
  }
  return { exact: null, match: or([toMatch(a), toMatch(b)]) };
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAsciiAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const REPEAT = /^\{(\d+)(,(\d*))?\}/;

/** Escapes that stand for one literal character. */
const CHAR_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', a: '\x07' };

class Parser {
  private i = 0;
  private readonly cps: string[];
  constructor(
    pattern: string,
    private readonly ignoreCase: boolean,
  ) {
    this.cps = Array.from(pattern); // code points
  }

  parse(): Formula {
    const info = this.alternation();
    if (this.i !== this.cps.length) throw new Unsure('unbalanced )');
    return toMatch(info);
  }

  private peek(k = 0): string | undefined {
    return this.cps[this.i + k];
  }

  private rest(): string {
    return this.cps.slice(this.i, this.i + 24).join('');
  }

  private alternation(): Info {
    let acc = this.concatenation();
    while (this.peek() === '|') {
      this.i++;
      acc = alternate(acc, this.concatenation());
    }
    return acc;
  }

  private concatenation(): Info {
    // Runs of exact atoms are joined into longer strings ("down", not "d" AND "o" ...); a non-exact atom or a
    // too-large cross product closes the run, whose strings become one required piece.
    const parts: Formula[] = [];
    let run = EMPTY();
    let closed = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.quantified(this.atom());
      if (atom.exact && run.exact && atom.exact.size * run.exact.size <= MAX_EXACT) {
        run = concat(run, atom);
      } else {
        parts.push(toMatch(run));
        closed = true;
        if (atom.exact) run = atom;
        else {
          parts.push(atom.match);
          run = EMPTY();
        }
      }
    }
    if (!closed) return run;
    parts.push(toMatch(run));
    return { exact: null, match: and(parts) };
  }

  private quantified(atom: Info): Info {
    let cur = atom;
    for (;;) {
      const c = this.peek();
      let min: number;
      let maxIsOne = false;
      if (c === '*') {
        min = 0;
        this.i++;
      } else if (c === '+') {
        min = 1;
        this.i++;
      } else if (c === '?') {
        min = 0;
        maxIsOne = true;
        this.i++;
      } else if (c === '{') {
        const m = REPEAT.exec(this.rest());
        if (!m) return cur; // not a repeat: "{" is a literal, read as the next atom
        min = Number(m[1]);
        maxIsOne = m[2] === undefined ? min === 1 : m[3] === '1' && min <= 1;
        this.i += m[0].length;
      } else return cur;
      if (this.peek() === '?') this.i++; // non-greedy: same language
      if (min === 0) {
        // x? keeps x's exact strings plus the empty string; x* / x{0,n} only says "nothing required".
        if (maxIsOne && cur.exact && cur.exact.size + 1 <= MAX_EXACT) cur = { exact: new Set([...cur.exact, '']), match: true };
        else cur = ANY;
      } else if (maxIsOne) {
        // x{1} or x{1,1}: exactly x
      } else {
        cur = { exact: null, match: toMatch(cur) }; // x+ / x{n,...}: x occurs at least once
      }
    }
  }

  private literal(ch: string): Info {
    const cp = ch.codePointAt(0)!;
    if (this.ignoreCase) {
      if (cp >= 0x80) return ANY; // non-ASCII folds outside our table: no literal, still sound
      return { exact: new Set([ch.toLowerCase()]), match: true };
    }
    if (cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffd) return ANY;
    return { exact: new Set([ch]), match: true };
  }

  private atom(): Info {
    const c = this.cps[this.i++]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        this.charClass();
        return ANY;
      case '.':
        return ANY;
      case '^':
      case '$':
        return EMPTY();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsure('repetition without argument');
      case '{':
        this.i--;
        if (REPEAT.test(this.rest())) throw new Unsure('repetition without argument');
        this.i++;
        return this.literal('{');
      default:
        return this.literal(c);
    }
  }

  private group(): Info {
    if (this.peek() === '?') {
      const next = this.peek(1);
      if (next === ':') this.i += 2;
      else if ((next === 'P' && this.peek(2) === '<') || (next === '<' && this.peek(2) !== '=' && this.peek(2) !== '!')) {
        // named capture: skip the name
        while (this.peek() !== undefined && this.peek() !== '>') this.i++;
        if (this.peek() !== '>') throw new Unsure('unterminated group name');
        this.i++;
      } else throw new Unsure('flags or lookaround'); // (?i), (?s:...), (?=...): not modelled
    }
    const inner = this.alternation();
    if (this.peek() !== ')') throw new Unsure('missing )');
    this.i++;
    return inner;
  }

  private charClass(): void {
    if (this.peek() === '^') this.i++;
    if (this.peek() === ']') this.i++; // a leading ] is literal
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Unsure('unterminated class');
      this.i++;
      if (c === ']') return;
      if (c === '\\') {
        const e = this.peek();
        if (e === undefined || e === 'Q' || e === 'E') throw new Unsure('escape in class');
        this.i++;
        if ((e === 'p' || e === 'P') && this.peek() === '{') this.skipTo('}');
      } else if (c === '[' && this.peek() === ':') {
        this.skipTo(']'); // [:alpha:]
      }
    }
  }

  private skipTo(end: string): void {
    while (this.peek() !== undefined && this.peek() !== end) this.i++;
    if (this.peek() === undefined) throw new Unsure(`missing ${end}`);
    this.i++;
  }

  private escape(): Info {
    const e = this.cps[this.i++];
    if (e === undefined) throw new Unsure('trailing backslash');
    if (e.length === 1 && e.charCodeAt(0) < 0x80 && !isAsciiAlnum(e)) return this.literal(e); // \. \( \\ \_ ...
    if ('dDsSwW'.includes(e)) return ANY;
    if (e === 'p' || e === 'P') {
      if (this.peek() === '{') this.skipTo('}');
      else if (this.peek() !== undefined) this.i++;
      else throw new Unsure('bad \\p');
      return ANY;
    }
    if ('bBAz'.includes(e)) return EMPTY();
    const lit = CHAR_ESCAPES[e];
    if (lit !== undefined) return this.literal(lit);
    if (isDigit(e)) throw new Unsure('octal or backreference');
    throw new Unsure(`escape \\${e}`); // \x, \Q, \C, ...: not modelled
  }
}

/**
 * The required-literal formula of an RE2 `pattern` (already accepted by re2js), or null when nothing is
 * required or the pattern uses syntax the extractor does not model. Strings are ASCII-case-folded when
 * `ignoreCase` (compare them with `foldAscii(text)`), raw otherwise.
 */
export function extractPrefilter(pattern: string, ignoreCase: boolean): Formula | null {
  try {
    const f = new Parser(pattern, ignoreCase).parse();
    return f === true ? null : f;
  } catch (e) {
    if (e instanceof Unsure) return null;
    throw e;
  }
}

/** The literal formula of a phrase: its words (split as compileMatcher splits them) must all occur. */
export function phrasePrefilter(words: string[], ignoreCase: boolean): Formula | null {
  const kids: Formula[] = [];
  for (const w of words) {
    const lit = literalWord(w, ignoreCase);
    if (lit) kids.push(lit);
  }
  const f = and(kids);
  return f === true ? null : f;
}

/**
 * The word as it must appear in the (folded, when ignoreCase) text, or null when it cannot be matched by plain
 * string search with exactly re2js's semantics (non-ASCII under ignoreCase, astral, surrogate or U+FFFD).
 */
export function literalWord(word: string, ignoreCase: boolean): string | null {
  if (word === '') return null;
  for (let k = 0; k < word.length; k++) {
    const u = word.charCodeAt(k);
    if (ignoreCase ? u >= 0x80 : (u >= 0xd800 && u <= 0xdfff) || u === 0xfffd) return null;
  }
  return ignoreCase ? foldAscii(word) : word;
}

const FOLD_RE = /[A-Z\u017f\u212a]/g;
const foldChar = (c: string) => (c === '\u017f' ? 's' : c === '\u212a' ? 'k' : String.fromCharCode(c.charCodeAt(0) | 0x20));

/** Length-preserving fold: ASCII letters lower-cased, U+017F -> "s", U+212A -> "k"; everything else unchanged. */
export function foldAscii(text: string): string {
  FOLD_RE.lastIndex = 0;
  return FOLD_RE.test(text) ? text.replace(FOLD_RE, foldChar) : text;
}

/** Whether `text` (folded when the formula was extracted with ignoreCase) satisfies the formula. */
export function satisfies(f: Formula, text: string): boolean {
  if (f === true) return true;
  if (typeof f === 'string') return text.includes(f);
  if (f.op === 'and') {
    for (const k of f.kids) if (!satisfies(k, text)) return false;
    return true;
  }
  for (const k of f.kids) if (satisfies(k, text)) return true;
  return false;
}

/** Readable form of a formula, for tests and the CLI: ("a" AND ("b" OR "c")). */
export function formatFormula(f: Formula | null): string {
  if (f === null || f === true) return '(none)';
  if (typeof f === 'string') return JSON.stringify(f);
  return `(${f.kids.map(formatFormula).join(f.op === 'and' ? ' AND ' : ' OR ')})`;
}
