#!/usr/bin/env node
// `npm run lint:firefox` (after `npm run build:firefox`): addons.mozilla.org's linter (`web-ext lint`) on
// .output/firefox-mv2. Fails on any error, and on any warning that is not one of the EXPLAINED ones below (the README,
// "Firefox and the stores", says why each is harmless). A new warning fails the run until it is fixed or explained.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.output/firefox-mv2';
if (!existsSync(join(dir, 'manifest.json'))) {
  console.error(`lint-firefox: no Firefox build in ${dir}: run \`npm run build:firefox\` first`);
  process.exit(1);
}

/** Warnings in third-party code that the extension never reaches; each matches the code around the reported column. */
const EXPLAINED = [
  {
    code: 'DANGEROUS_EVAL',
    why: "zod 4 probes `Function('')` to decide whether to compile object parsers from the schemas' own keys (never from input); where the extension's CSP forbids eval the probe fails and zod parses without compiling",
    near: /try\{return Function\(``\),!0\}catch\{return!1\}/,
  },
  {
    code: 'DANGEROUS_EVAL',
    why: "core-js 2 (through twitter-text) falls back to `Function('return this')()` only where neither window nor self exists; every extension context has one",
    near: /self\.Math==Math\?self:Function\(`return this`\)\(\)/,
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    why: "React DOM assigns innerHTML only for dangerouslySetInnerHTML, which Caselint never uses (UI is built with React elements, never HTML strings)",
    near: /__html!==n&&\(e\.innerHTML=n\)|\.__html!==\w+&&\(\w+\.innerHTML=\w+\)/,
  },
];

let json;
try {
  json = execFileSync(join('node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (e) {
  // web-ext exits 1 when there are errors; its JSON report is still on stdout.
  json = e.stdout;
  if (!json) throw e;
}
const report = JSON.parse(json);
const unexplained = [];
const explained = new Map();
for (const m of report.warnings) {
  let around = '';
  if (m.file && m.line) {
    const line = readFileSync(join(dir, m.file), 'utf8').split('\n')[m.line - 1] ?? '';
    around = line.slice(Math.max(0, (m.column ?? 0) - 200), (m.column ?? 0) + 200);
  }
  const known = EXPLAINED.find((x) => x.code === m.code && x.near.test(around));
  if (known) explained.set(known.why, (explained.get(known.why) ?? 0) + 1);
  else unexplained.push(m);
}
for (const m of report.errors) console.error(`lint-firefox: error ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}: ${m.message}`);
for (const m of unexplained) console.error(`lint-firefox: unexplained warning ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}: ${m.message}`);
for (const [why, n] of explained) console.log(`lint-firefox: ${n} known warning(s): ${why}`);
console.log(`lint-firefox: web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${report.warnings.length - unexplained.length} explained), ${report.notices.length} notices`);
process.exit(report.errors.length || unexplained.length ? 1 : 0);
