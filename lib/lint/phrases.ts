/**
 * Compiles phrase lists (vocabulary data files such as intent.vocab.json) into regular expressions, once at
 * module load. A phrase is lower case with words separated by spaces; '*' stands for one optional word, '**' for
 * up to three words, '{name}' for any phrase of the group 'name'. Matching is on word boundaries, any whitespace
 * between words, case-insensitive when the text is lower-cased first (see `lowerForMatch`). Pure.
 */

export type Groups = Record<string, string[]>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function phraseSource(phrase: string, groups: Groups, depth = 0): string {
  const toks = phrase.replace(/’/g, "'").trim().toLowerCase().split(/\s+/);
  let out = '';
  toks.forEach((tok, i) => {
    const last = i === toks.length - 1;
    const nextApos = !last && /^'/.test(toks[i + 1]!);
    const sep = last ? '' : nextApos ? '\\s*' : '\\s+';
    if (tok === '*') out += "(?:[\\w'.-]+\\s+)?";
    else if (tok === '**') out += "(?:[\\w'.-]+\\s+){0,3}";
    else {
      const g = /^\{(\w+)\}$/.exec(tok);
      if (g) {
        const list = groups[g[1]!];
        if (!list || depth > 2) throw new Error(`phrase "${phrase}": unknown group {${g[1]}}`);
        out += `(?:${sortLongestFirst(list).map((p) => phraseSource(p, groups, depth + 1)).join('|')})`;
      } else out += escape(tok);
      out += sep;
    }
  });
  return out;
}

function sortLongestFirst(list: string[]): string[] {
  return [...new Set(list)].sort((a, b) => b.length - a.length);
}

/** The alternation of a phrase list, longest first, without boundaries (to embed). */
export function phraseAlternation(list: string[], groups: Groups = {}): string {
  return sortLongestFirst(list).map((p) => phraseSource(p, groups)).join('|');
}

/** One regex matching any phrase of the list on word boundaries (global). */
export function phraseRegex(list: string[], groups: Groups = {}, flags = 'g'): RegExp {
  return new RegExp(`(?<![\\w'])(?:${phraseAlternation(list, groups)})(?![\\w])`, flags);
}

/**
 * One regex for several named lists: capture group i+1 is the i-th name. At one position the first list (in the
 * order given) that matches wins, longest phrase first within a list.
 */
export function kindedRegex<K extends string>(lists: Array<[K, string[]]>, groups: Groups = {}): { re: RegExp; kinds: K[] } {
  const kinds = lists.map(([k]) => k);
  const src = lists.map(([, list]) => `(${phraseAlternation(list, groups)})`).join('|');
  return { re: new RegExp(`(?<![\\w'])(?:${src})(?![\\w])`, 'g'), kinds };
}

export interface PhraseMatch<K extends string = string> {
  kind: K;
  start: number;
  end: number;
  text: string;
}

/** All matches of a kinded regex in `text` (lower-cased with `lowerForMatch`). */
export function matchKinded<K extends string>(k: { re: RegExp; kinds: K[] }, text: string): PhraseMatch<K>[] {
  const out: PhraseMatch<K>[] = [];
  k.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = k.re.exec(text))) {
    if (!m[0]) {
      k.re.lastIndex++;
      continue;
    }
    let gi = 1;
    while (gi < m.length && m[gi] === undefined) gi++;
    out.push({ kind: k.kinds[gi - 1]!, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Lower case with curly apostrophes straightened, same length as the input (offsets stay valid). */
export function lowerForMatch(text: string): string {
  const lower = text.toLowerCase().replace(/’/g, "'");
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out.replace(/’/g, "'");
}
