/**
 * Pack problems as editor diagnostics, and the rules that make a syntax error point where it starts. Pure: the
 * pack editor (components/packs/PackEditor.tsx) hands the result to CodeMirror's lint gutter, the CLI prints
 * the same positions.
 *
 * - One mistake, one error: after the first syntax error a YAML parser reads the rest of the file out of step
 *   (a tab used as indentation gives twelve errors down to line 30, a stray quote two hundred), so only the
 *   first syntax error is kept, plus duplicate keys, which are real on their own.
 * - An unclosed quote is reported where the quote opens, not where the parser gave up (the end of the line or
 *   of the file).
 * - Schema problems: exact duplicates (same place, same message) are dropped; distinct problems at one place
 *   are all kept (two missing fields of one rule are two things to fix).
 */
import type { PackError } from './load';

export interface PackDiagnostic {
  /** UTF-16 offsets into the pack text; from < to unless the text is empty. */
  from: number;
  to: number;
  severity: 'error';
  /** "rules[0].severity: …", or the message alone for the whole file. */
  message: string;
}

/** Offset of each line's first character (line 1 at index 0). */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** 1-based line and column -> offset, clamped into the text. */
export function offsetAt(text: string, starts: number[], line: number, column: number): number {
  const l = Math.min(Math.max(1, line), starts.length);
  const start = starts[l - 1]!;
  const end = l < starts.length ? starts[l]! - 1 : text.length;
  return Math.min(start + Math.max(0, column - 1), end);
}

/** 1-based line and column of an offset. */
export function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * Where the quote that was never closed opens, searching back from `before` (where the parser gave up). The
 * unclosed text holds no unescaped quote of its kind: for " the first one back not escaped by a backslash;
 * for ' (which escapes itself as '') the first run of odd length, whose first quote opens.
 */
export function openingQuote(text: string, before: number, quote: '"' | "'"): number | null {
  for (let i = Math.min(before, text.length - 1); i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"') {
      let slashes = 0;
      for (let k = i - 1; k >= 0 && text[k] === '\\'; k--) slashes++;
      if (slashes % 2 === 0) return i;
      continue;
    }
    let start = i;
    while (start > 0 && text[start - 1] === "'") start--;
    if ((i - start + 1) % 2 === 1) return start;
    i = start;
  }
  return null;
}

export interface SyntaxProblem {
  code: string;
  message: string;
  /** Offset where the parser reports it. */
  offset: number;
}

/** The syntax errors worth showing (see the header), with unclosed quotes moved to where they open. */
export function pickSyntaxErrors(text: string, errors: SyntaxProblem[]): SyntaxProblem[] {
  if (errors.length === 0) return [];
  const sorted = [...errors].sort((a, b) => a.offset - b.offset);
  const first = sorted[0]!;
  const kept = [first, ...sorted.slice(1).filter((e) => e.code === 'DUPLICATE_KEY')];
  return kept.map((e) => {
    const quote = /closing (["'])quote/.exec(e.message)?.[1] as '"' | "'" | undefined;
    if (e.code !== 'MISSING_CHAR' || !quote) return e;
    const at = openingQuote(text, e.offset - 1, quote);
    return at === null ? e : { ...e, message: `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed`, offset: at };
  });
}

/** JSON.parse's message about an unfinished string: point at the quote that opens it. */
export function jsonStringStart(text: string, offset: number, message: string): number {
  if (!/Unterminated string|Bad control character|Bad escaped character/i.test(message)) return offset;
  const at = openingQuote(text, Math.min(offset, text.length) - 1, '"');
  return at ?? offset;
}

/** From where a problem starts to the end of that line's text (at least one character when there is one). */
function spanFrom(text: string, from: number): { from: number; to: number } {
  let end = text.indexOf('\n', from);
  if (end === -1) end = text.length;
  while (end > from && /\s/.test(text[end - 1]!)) end--;
  if (end === from && from < text.length && text[from] !== '\n') end = from + 1;
  if (end === from && from > 0 && from === text.length) return { from: from - 1, to: from };
  return { from, to: end };
}

/** The editor's diagnostics for loadPack's errors on `text`: one per problem, at the line where it starts. */
export function packDiagnostics(text: string, errors: PackError[]): PackDiagnostic[] {
  const starts = lineStarts(text);
  const seen = new Set<string>();
  const out: PackDiagnostic[] = [];
  for (const e of errors) {
    const at = e.line !== undefined ? offsetAt(text, starts, e.line, e.column ?? 1) : 0;
    const message = e.where === '(pack)' ? e.message : `${e.where}: ${e.message}`;
    const key = `${at}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...spanFrom(text, at), severity: 'error', message });
  }
  return out;
}
