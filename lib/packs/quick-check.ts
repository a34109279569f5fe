/**
 * A fast syntax check for the everyday subset of RE2 syntax, so that checking a pack does not compile every
 * pattern with re2js (0.02-0.3 ms each: a pack at the size limit, 12,200 patterns, took 0.6-2.6 s).
 *
 * quickCheck(pattern) reads the pattern once and answers either
 *   { nullable }  the pattern is in the subset, re2js accepts it (tests/unit/packs/quick-check.test.ts checks
 *                 this against re2js on generated patterns), and `nullable` says whether it can match without
 *                 reading a character (as matchesEmpty in patterns.ts: `\b`, `^` and friends read nothing);
 *   null          anything outside the subset, or anything RE2 might refuse: the caller compiles the pattern
 *                 with re2js at once, which gives the exact error.
 * A pattern accepted here is compiled by re2js on first use (after its prefilter passed), not when the pack
 * is checked.
 *
 * The subset: literal characters; `.`; `^ $`; escapes of ASCII punctuation, \d \D \s \S \w \W \b \B \A \z
 * \t \n \r \f, \p{X} / \P{X} for the general categories and common scripts listed below; classes of those
 * (ranges with low <= high); groups `( )`, `(?: )`, named `(?P<n> )` / `(?<n> )` (names unique), flag groups
 * `(?i)`, `(?s:` … of the letters i m s U; quantifiers * + ? and {n}, {n,}, {n,m} (n <= m <= 1000, on a single
 * character, class or escape only, which keeps RE2's size limit out of reach), each optionally lazy.
 * Everything else (\Q…\E, \x, octal, POSIX classes, `{` as a literal, a quantifier after an anchor, two
 * quantifiers in a row, lone surrogates, lookaround, backreferences…) returns null.
 */

/** \p{…} names re2js knows (checked in the test against re2js itself). */
const UNICODE_NAMES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co', 'Cs',
  'Latin', 'Greek', 'Cyrillic', 'Han', 'Arabic', 'Hebrew', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Common',
]);

const PUNCT = /^[!-/:-@[-`{-~]$/;
const SIMPLE_ESCAPES = 'tnrf';
const CLASS_ESCAPES = 'dDsSwW';
const EMPTY_ESCAPES = 'bBAz';
const META = '\\.+*?()|[]{}^$';
const MAX_REPEAT = 1000;

// Sticky expressions read at the parser's position without copying the rest of the pattern.
const REPEAT = /\{(\d{1,4})(,(\d{0,4}))?\}/y;
const NAMED = /\?P?<([A-Za-z0-9_]{1,32})>/y;
const FLAGS = /\?([imsU]{1,4})([:)])/y;
const PROPERTY = /[pP]\{([A-Za-z]{1,16})\}/y;
function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

class Outside extends Error {}
const outside = (): never => {
  throw new Outside();
};

export interface QuickCheck {
  nullable: boolean;
}

/** See the header. Never throws. */
export function quickCheck(pattern: string): QuickCheck | null {
  try {
    const p = new QuickParser(pattern);
    const nullable = p.alternation();
    if (p.i !== p.s.length) return null; // an unexpected ")"
    return { nullable };
  } catch (e) {
    if (e instanceof Outside) return null;
    throw e;
  }
}

class QuickParser {
  i = 0;
  private names: Set<string> | null = null;
  private depth = 0;
  constructor(readonly s: string) {}

  private peek(k = 0): string | undefined {
    return this.s[this.i + k];
  }

  /** Reads one code point as a literal character (a lone surrogate is outside the subset). */
  private char(): string {
    const c = this.s.charCodeAt(this.i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = this.s.charCodeAt(this.i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) outside();
      const ch = this.s.slice(this.i, this.i + 2);
      this.i += 2;
      return ch;
    }
    if (c >= 0xdc00 && c <= 0xdfff) outside();
    return this.s[this.i++]!;
  }

  /** Returns whether the alternation can match empty text. */
  alternation(): boolean {
    let nullable = this.concatenation();
    while (this.peek() === '|') {
      this.i++;
      if (this.concatenation()) nullable = true;
    }
    return nullable;
  }

  private concatenation(): boolean {
    let nullable = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') return nullable;
      const atom = this.atom();
      if (atom === 'flags') continue; // (?i) reads nothing and takes no quantifier
      let n = atom.nullable;
      if (this.quantifier(atom.kind)) n = n || this.lastMin === 0;
      if (!n) nullable = false;
    }
  }

  private lastMin = 1;

  /** Reads a quantifier if there is one; returns whether it did. */
  private quantifier(kind: 'char' | 'group' | 'empty'): boolean {
    const c = this.peek();
    if (c !== '*' && c !== '+' && c !== '?' && c !== '{') return false;
    if (kind === 'empty') outside(); // `^*`, `\b+`: RE2's rules differ by case; not in the subset
    if (c === '{') {
      if (kind !== 'char') outside();
      const m = at(REPEAT, this.s, this.i);
      if (!m) outside();
      const min = Number(m![1]);
      const max = m![2] === undefined ? min : m![3] === '' ? -1 : Number(m![3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) outside();
      this.lastMin = min;
      this.i += m![0].length;
    } else {
      this.lastMin = c === '+' ? 1 : 0;
      this.i++;
    }
    if (this.peek() === '?') this.i++; // lazy
    const n = this.peek();
    if (n === '*' || n === '+' || n === '?' || n === '{') outside(); // nested repetition
    return true;
  }

  private atom(): { kind: 'char' | 'group' | 'empty'; nullable: boolean } | 'flags' {
    const c = this.peek()!;
    if (c === '(') return this.group();
    if (c === '[') {
      this.charClass();
      return { kind: 'char', nullable: false };
    }
    if (c === '.') {
      this.i++;
      return { kind: 'char', nullable: false };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'empty', nullable: true };
    }
    if (c === '\\') {
      const e = this.escape(false);
      return e === 'empty' ? { kind: 'empty', nullable: true } : { kind: 'char', nullable: false };
    }
    if (META.includes(c)) outside(); // a quantifier without argument, `]`, `{`, `}`
    this.char();
    return { kind: 'char', nullable: false };
  }

  private group(): { kind: 'group'; nullable: boolean } | 'flags' {
    this.i++; // (
    if (this.peek() === '?') {
      const named = at(NAMED, this.s, this.i);
      const flags = named ? null : at(FLAGS, this.s, this.i);
      if (this.peek(1) === ':') this.i += 2;
      else if (named) {
        this.names ??= new Set();
        if (this.names.has(named[1]!)) outside();
        this.names.add(named[1]!);
        this.i += named[0].length;
      } else if (flags && new Set(flags[1]).size === flags[1]!.length) {
        this.i += flags[0].length;
        if (flags[2] === ')') return 'flags';
      } else outside();
    }
    if (++this.depth > 100) outside();
    const nullable = this.alternation();
    this.depth--;
    if (this.peek() !== ')') outside();
    this.i++;
    return { kind: 'group', nullable };
  }

  /** An escape; in a class, only what stands for characters. Returns 'empty' for \b \B \A \z. */
  private escape(inClass: boolean): 'char' | 'class' | 'empty' {
    this.i++; // backslash
    const e = this.peek();
    if (e === undefined) outside();
    if (PUNCT.test(e!)) {
      this.i++;
      return 'char';
    }
    if (SIMPLE_ESCAPES.includes(e!)) {
      this.i++;
      return 'char';
    }
    if (CLASS_ESCAPES.includes(e!)) {
      this.i++;
      return 'class';
    }
    if (!inClass && EMPTY_ESCAPES.includes(e!)) {
      this.i++;
      return 'empty';
    }
    if (e === 'p' || e === 'P') {
      const m = at(PROPERTY, this.s, this.i);
      if (!m || !UNICODE_NAMES.has(m[1]!)) outside();
      this.i += m![0].length;
      return 'class';
    }
    return outside();
  }

  private charClass(): void {
    this.i++; // [
    if (this.peek() === '^') this.i++;
    if (this.peek() === ']') outside(); // a leading "]" is a literal in RE2: outside the subset
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) outside();
      if (c === ']') {
        if (first) outside();
        this.i++;
        return;
      }
      first = false;
      const lo = this.classChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const hi = this.classChar();
        if (lo === null || hi === null || hi < lo) outside();
      }
    }
  }

  /** One class member; its code point when it is a single character, null for \d, \p{L}… */
  private classChar(): number | null {
    const c = this.peek()!;
    if (c === '[') outside(); // [:alpha:] and friends
    if (c === '\\') {
      const at = this.i + 1;
      const kind = this.escape(true);
      if (kind === 'class') return null;
      const e = this.s[at]!;
      const lit = e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
      return lit.codePointAt(0)!;
    }
    return this.char().codePointAt(0)!;
  }
}
