/**
 * loadPack: text (YAML or JSON) -> validated, compiled pack, or every problem with its path and line:column.
 * A pack with any problem is never applied in part.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { compilePack, type CompiledPack } from './compile';
import { jsonStringStart, pickSyntaxErrors } from './diagnostics';
import { LIMITS, packSchema, type Pack } from './schema';

export interface PackError {
  /** Path inside the pack, e.g. ['rules', 2, 'patterns', 0]; empty for the whole file. */
  path: Array<string | number>;
  /** The path written for people: `rules[2].patterns[0]`. */
  where: string;
  message: string;
  /** 1-based, when the position is known. */
  line?: number;
  column?: number;
  /** Namespaced pack/rule id when the problem is inside a rule and the ids are known. */
  rule?: string;
  pattern?: string;
}

export type LoadResult = { ok: true; pack: Pack; compiled: CompiledPack } | { ok: false; errors: PackError[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || '(pack)';
}

/** "telecom.yaml:4:17 rules[0].patterns[0]: message" */
export function formatPackError(e: PackError, filename?: string): string {
  const pos = e.line !== undefined ? `${e.line}:${e.column ?? 1}` : '';
  const prefix = [filename, pos].filter(Boolean).join(':');
  return `${prefix ? `${prefix} ` : ''}${e.where}: ${e.message}`;
}

function locate(doc: Document, lc: LineCounter, path: Array<string | number>): { line: number; column: number } | undefined {
  // Walk up the path until a node with a range exists (a missing key points at its parent object).
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
    // Keys of a map: point at the key itself when the value is a scalar we cannot find.
  }
  return undefined;
}

/** Deepest nesting of lists and maps a pack may have (a real pack needs about 10). */
export const MAX_DEPTH = 32;

function lineCol(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: index - last };
}

/**
 * Nesting of [ and { (the only way to nest deeply in little text), measured before any parser runs: a
 * 100,000-level pack costs one linear scan, not a parser's recursion. JSON: outside strings (exact). YAML:
 * every bracket counts, in quotes and comments too (a scanner that guessed YAML's quoting could be fooled),
 * which only errs on the side of refusing. Block YAML nests by indentation, which the size limit keeps
 * shallow; the parsed value is checked as well.
 */
function tooDeep(text: string, json: boolean): { line: number; column: number } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34 && json) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return lineCol(text, i);
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return null;
}

function depthOf(value: unknown, limit: number): boolean {
  // Iterative: the value may be as deep as the parser allowed.
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], d + 1]);
  }
  return false;
}

/** JSON when the file says so or the text is a JSON object; JSON.parse is what JSON means (and fast). */
export function looksJson(text: string, filename?: string): boolean {
  if (filename !== undefined && /\.json$/i.test(filename)) return true;
  if (filename !== undefined && /\.ya?ml$/i.test(filename)) return false;
  return /^\s*\{/.test(text);
}

export function loadPack(text: string, opts: { filename?: string } = {}): LoadResult {
  if (text.length > LIMITS.packChars) {
    return {
      ok: false,
      errors: [{ path: [], where: '(pack)', message: `the pack is ${Math.ceil(text.length / 1024)} KB; the limit is ${LIMITS.packChars / 1024} KB` }],
    };
  }
  const json = looksJson(text, opts.filename);
  const kind = json ? 'JSON' : 'YAML';
  const deep = tooDeep(text, json);
  if (deep) {
    return { ok: false, errors: [{ path: [], where: '(pack)', message: `${kind} nests lists and objects more than ${MAX_DEPTH} levels deep`, ...deep }] };
  }
  let raw: unknown;
  // The YAML document is built only when needed: for YAML packs, and for JSON packs to point at a problem.
  let parsedDoc: { doc: Document; lc: LineCounter } | null = null;
  const yamlDoc = () => {
    if (!parsedDoc) {
      const lc = new LineCounter();
      parsedDoc = { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true }), lc };
    }
    return parsedDoc;
  };
  if (json) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const at = /position (\d+)/.exec(msg);
      const pos = at ? lineCol(text, jsonStringStart(text, Number(at[1]), msg)) : undefined;
      return { ok: false, errors: [{ path: [], where: '(pack)', message: `JSON syntax: ${msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '')}`, ...pos }] };
    }
  } else {
    const { doc, lc } = yamlDoc();
    if (doc.errors.length) {
      // One mistake, one error: what follows the first syntax error is read out of step (diagnostics.ts).
      const picked = pickSyntaxErrors(
        text,
        doc.errors.map((e) => ({ code: e.code, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), offset: e.pos[0] })),
      );
      return {
        ok: false,
        errors: picked.map((e) => {
          const pos = lc.linePos(e.offset);
          return { path: [], where: '(pack)', message: `YAML syntax: ${e.message}`, line: pos.line, column: pos.col };
        }),
      };
    }
    try {
      // Aliases are capped so a "billion laughs" pack cannot blow up memory.
      raw = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      return { ok: false, errors: [{ path: [], where: '(pack)', message: e instanceof Error ? e.message : String(e) }] };
    }
  }
  if (depthOf(raw, MAX_DEPTH)) {
    return { ok: false, errors: [{ path: [], where: '(pack)', message: `${kind} nests lists and objects more than ${MAX_DEPTH} levels deep` }] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: [], where: '(pack)', message: 'a pack is an object with name, version, description and rules', line: 1, column: 1 }] };
  }
  const ruleIds = Array.isArray((raw as { rules?: unknown }).rules) ? ((raw as { rules: unknown[] }).rules as unknown[]) : [];
  const packName = typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : undefined;
  const ruleAt = (path: ReadonlyArray<PropertyKey>): string | undefined => {
    if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
    const r = ruleIds[path[1]] as { id?: unknown } | undefined;
    return r && typeof r.id === 'string' ? (packName ? `${packName}/${r.id}` : r.id) : undefined;
  };

  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue): PackError => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      // For unknown keys, point at the key itself.
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys ?? [] : [];
      const full = keys.length === 1 ? [...path, keys[0]!] : path;
      const { doc, lc } = yamlDoc();
      const loc = locate(doc, lc, full);
      const e: PackError = { path, where: formatPath(path), message: describeIssue(issue as unknown as Parameters<typeof describeIssue>[0]), ...loc };
      const rule = ruleAt(path);
      if (rule) e.rule = rule;
      return e;
    });
    return { ok: false, errors };
  }
  const pack = parsed.data;
  const compiled = compilePack(pack);
  if (!compiled.ok) {
    return {
      ok: false,
      errors: compiled.errors.map((c) => {
        const { doc, lc } = yamlDoc();
        const e: PackError = { path: c.path, where: formatPath(c.path), message: c.message, ...locate(doc, lc, c.path) };
        if (c.rule) e.rule = `${pack.name}/${c.rule}`;
        if (c.pattern) e.pattern = c.pattern;
        return e;
      }),
    };
  }
  return { ok: true, pack, compiled: compiled.compiled };
}

function describeIssue(issue: { code: string; message: string; path: PropertyKey[] } & Record<string, unknown>): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue.keys as string[] | undefined) ?? [];
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type') return issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'required field is missing';
  return issue.message;
}
