/**
 * Caselint CLI: `npm run caselint -- <command>` (tsx scripts/caselint.ts).
 *
 *   lint [--pack FILE]... [--format json|text]   lint requests read from stdin (one JSON object, or JSON Lines)
 *   rules [--pack FILE]... [--format json|text]  list rules (built-ins and those of the packs) with their docs
 *   pack check FILE                              validate a pack
 *   pack test FILE                               run a pack's examples
 *
 * `main()` takes injected stdin/stdout/stderr/readFile so tests can call it without spawning.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createLinter, lintRequestSchema } from '../lib/lint';
import type { Finding, LintRequest } from '../lib/lint';
import { formatPackError, loadPack, resolveConfig, runPackExamples, type ResolvablePack } from '../lib/packs';

export interface CliIo {
  /** The whole of stdin (read lazily: only `lint` asks for it). */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

export const HELP = `caselint - lint customer-care replies and work with rule packs

Usage:
  caselint lint [--pack FILE]... [--format json|text]
      Reads lint requests from stdin: one JSON object, or JSON Lines (one request per line).
      Writes one result per request, in the same order: {"findings":[{"rule","severity","message","start","end",...}]}
      (one JSON line each with --format json, the default; readable lines with --format text).
      Request shape: {"brand":["acme"],"tweet":{"author":"jo","text":"..."},"thread":[],"history":{},"draft":"..."}
      Exit status: 0 no error-level finding, 1 at least one error-level finding, 2 bad input or bad pack.
  caselint rules [--pack FILE]... [--format text|json]
      Lists the rules (built-ins and those of the packs) with their docs.
  caselint pack check FILE
      Validates a pack (YAML or JSON); prints each problem with line:column. Exit 1 when invalid.
  caselint pack test FILE
      Runs the pack's examples; prints failures and "N passed, M failed". Exit 1 on any failure.
  caselint --help

Examples:
  echo '{"brand":["acme"],"tweet":{"author":"jo","text":"@acme no internet"},"draft":"Restart your router"}' \\
    | npm run caselint -- lint --pack packs/telecom-care.yaml --format text
  npm run caselint -- pack test packs/tone.yaml
`;

class UsageError extends Error {}

interface Parsed {
  command: string[];
  packs: string[];
  format: 'json' | 'text';
  /** Whether --format was given (rules defaults to text, lint to json). */
  formatGiven: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Parsed {
  const out: Parsed = { command: [], packs: [], format: 'json', formatGiven: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--pack' || a === '-p') {
      const v = argv[++i];
      if (!v) throw new UsageError('--pack needs a file name');
      out.packs.push(v);
    } else if (a.startsWith('--pack=')) out.packs.push(a.slice(7));
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(9) : argv[++i];
      if (v !== 'json' && v !== 'text') throw new UsageError(`--format is "json" or "text" (got ${v === undefined ? 'nothing' : JSON.stringify(v)})`);
      out.format = v;
      out.formatGiven = true;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.command.push(a);
  }
  return out;
}

function loadPackFiles(files: string[], io: CliIo): ResolvablePack[] | null {
  const packs: ResolvablePack[] = [];
  let bad = false;
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stderr(`${file}: cannot read: ${(e as Error).message}\n`);
      bad = true;
      continue;
    }
    const loaded = loadPack(text, { filename: file });
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr(`${formatPackError(e, file)}\n`);
      io.stderr(`${file}: invalid pack, not used\n`);
      bad = true;
      continue;
    }
    packs.push({ pack: loaded.pack, compiled: loaded.compiled });
  }
  return bad ? null : packs;
}

function makeLinter(packs: ResolvablePack[]) {
  const resolved = resolveConfig(packs, {});
  return { linter: createLinter({ extraRules: resolved.extraRules, settings: resolved.settings }), problems: resolved.problems };
}

/** Split stdin into requests: the whole input as one JSON value, else JSON Lines. */
function readRequests(input: string): Array<{ line: number; value?: unknown; error?: string }> {
  const trimmed = input.trim();
  if (!trimmed) return [];
  try {
    // One JSON value (possibly pretty-printed over several lines) is one request.
    const whole: unknown = JSON.parse(trimmed);
    return [{ line: input.slice(0, input.indexOf(trimmed)).split('\n').length, value: whole }];
  } catch {
    // not one JSON value: JSON Lines
  }
  const out: Array<{ line: number; value?: unknown; error?: string }> = [];
  input.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (e) {
      out.push({ line: i + 1, error: `not valid JSON (${(e as Error).message})` });
    }
  });
  return out;
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(request)';
}

function textFinding(f: Finding, draft: string): string {
  const excerpt = draft.slice(f.start, f.end);
  const shown = excerpt.length > 60 ? `${excerpt.slice(0, 57)}...` : excerpt;
  const sugg = f.suggestions?.length ? ` (suggest: ${f.suggestions.map((s) => JSON.stringify(s.text)).join(', ')})` : '';
  return `  ${f.start}-${f.end} ${f.severity.padEnd(7)} ${f.rule}: ${f.message}${shown ? ` [${JSON.stringify(shown)}]` : ''}${sugg}`;
}

async function cmdLint(args: Parsed, io: CliIo): Promise<number> {
  const packs = loadPackFiles(args.packs, io);
  if (!packs) return 2;
  const { linter, problems } = makeLinter(packs);
  for (const p of problems) io.stderr(`warning: ${p}\n`);
  const requests = readRequests(await io.readStdin());
  if (requests.length === 0) {
    io.stderr('lint: no request on stdin (expected one JSON object, or JSON Lines)\n');
    return 2;
  }
  let status = 0;
  let badInput = false;
  requests.forEach((r, n) => {
    let req: LintRequest | null = null;
    let error = r.error;
    if (!error) {
      const parsed = lintRequestSchema.safeParse(r.value);
      if (parsed.success) req = parsed.data as LintRequest;
      else error = parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ');
    }
    if (!req) {
      badInput = true;
      const msg = `line ${r.line}: ${error}`;
      io.stderr(`${msg}\n`);
      if (args.format === 'json') io.stdout(`${JSON.stringify({ error: msg, line: r.line })}\n`);
      else io.stdout(`request ${n + 1} (line ${r.line}): invalid: ${error}\n`);
      return;
    }
    const findings = linter.lint(req);
    if (findings.some((f) => f.severity === 'error')) status = 1;
    if (args.format === 'json') {
      io.stdout(`${JSON.stringify({ findings })}\n`);
    } else {
      const header = requests.length > 1 ? `request ${n + 1} (line ${r.line}): ` : '';
      if (findings.length === 0) io.stdout(`${header}no findings\n`);
      else {
        const errors = findings.filter((f) => f.severity === 'error').length;
        io.stdout(`${header}${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})\n`);
        for (const f of findings) io.stdout(`${textFinding(f, req.draft)}\n`);
      }
    }
  });
  return badInput ? 2 : status;
}

function cmdRules(args: Parsed, io: CliIo): number {
  const packs = loadPackFiles(args.packs, io);
  if (!packs) return 2;
  const { linter } = makeLinter(packs);
  const rules = linter.rules();
  if (args.formatGiven && args.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        rules.map((r) => ({ id: r.meta.id, severity: r.severity, enabled: r.enabled, source: r.source, description: r.meta.description, docs: r.meta.docs })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  for (const r of rules) {
    io.stdout(`${r.meta.id}  [${r.severity}${r.enabled ? '' : ', off'}]  (${r.source})\n`);
    io.stdout(`  ${r.meta.description}\n`);
    for (const line of r.meta.docs.split('\n')) io.stdout(line.trim() ? `    ${line}\n` : '\n');
    io.stdout('\n');
  }
  io.stdout(`${rules.length} rules\n`);
  return 0;
}

function cmdPack(args: Parsed, io: CliIo): number {
  const [, sub, file, ...extra] = args.command;
  if ((sub !== 'check' && sub !== 'test') || !file || extra.length) {
    throw new UsageError('usage: caselint pack check FILE | caselint pack test FILE');
  }
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.stderr(`${file}: cannot read: ${(e as Error).message}\n`);
    return 2;
  }
  const loaded = loadPack(text, { filename: file });
  if (!loaded.ok) {
    for (const e of loaded.errors) io.stdout(`${formatPackError(e, file)}\n`);
    io.stdout(`${file}: invalid (${loaded.errors.length} problem${loaded.errors.length === 1 ? '' : 's'})\n`);
    return 1;
  }
  const { pack, compiled } = loaded;
  if (sub === 'check') {
    const examples = pack.rules.reduce((n, r) => n + r.examples.valid.length + r.examples.invalid.length, 0);
    io.stdout(`${file}: ok - ${pack.name} ${pack.version}, ${pack.rules.length} rules, ${Object.keys(pack.settings).length} settings, ${examples} examples\n`);
    return 0;
  }
  const report = runPackExamples({ compiled });
  for (const r of report.results) {
    io.stdout(`${r.passed ? 'pass' : 'FAIL'}  ${r.rule} ${r.kind} #${r.index}${r.passed ? '' : `: ${r.message}`}\n`);
  }
  io.stdout(`${report.passed} passed, ${report.failed} failed\n`);
  return report.failed > 0 ? 1 : 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let args: Parsed;
  try {
    args = parseArgs(argv);
    if (args.help || args.command.length === 0) {
      (args.help ? io.stdout : io.stderr)(HELP);
      return args.help ? 0 : 2;
    }
    switch (args.command[0]) {
      case 'lint':
        if (args.command.length > 1) throw new UsageError(`lint takes no file arguments (got ${args.command.slice(1).join(' ')}); pipe requests to stdin`);
        return await cmdLint(args, io);
      case 'rules':
        return cmdRules(args, io);
      case 'pack':
        return cmdPack(args, io);
      default:
        throw new UsageError(`unknown command "${args.command[0]}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`caselint: ${e.message}\nRun "caselint --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
}

function nodeIo(): CliIo {
  return {
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readFile: (p) => readFileSync(p, 'utf8'),
  };
}

function isEntry(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(argv1)).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2), nodeIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`caselint: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
