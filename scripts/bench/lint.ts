/**
 * Lint latency: every draft linted one at a time (fresh request objects, as the composer builds them), after a
 * warm-up, with the built-in rules and with the generated 500-rule pack; then throughput of Caselint, write-good
 * and alex on the same drafts in the same process.
 */
import { createRequire } from 'node:module';
import { createLinter, type LintRequest } from '../../lib/lint';
import { loadDrafts, toRequest } from './drafts';
import { stringify } from 'yaml';
import { loadPack } from '../../lib/packs';
import { slowPackLarge } from '../../tests/unit/attacks/pack-fixtures';
import { packLinterOptions } from './pack500';
import { dist, round } from './stats';

const require = createRequire(import.meta.url);

export interface LintResults {
  [key: string]: number | string;
}

function latencies(lint: (r: LintRequest) => unknown, drafts: ReturnType<typeof loadDrafts>['drafts'], passes: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < passes; p++) {
    drafts.forEach((d, i) => {
      const req = toRequest(d, i); // fresh objects: no identity-cache hits across calls
      const t = performance.now();
      lint(req);
      out.push(performance.now() - t);
    });
  }
  return out;
}

/** Drafts per second over `ms` of repeated passes. */
function throughput(fn: (draft: string, i: number) => unknown, texts: string[], ms: number): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < texts.length; i++) fn(texts[i]!, i);
    n += texts.length;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function benchLint(root: string, quick: boolean, log: (s: string) => void): Promise<LintResults> {
  const { drafts: all, source } = loadDrafts(root);
  const drafts = quick ? all.slice(0, 60) : all;
  log(`lint: ${drafts.length} drafts from ${source}`);
  const passes = quick ? 2 : 5;

  const builtin = createLinter();
  latencies((r) => builtin.lint(r), drafts, quick ? 1 : 3); // warm-up (JIT, lazy regexes)
  const b = dist(latencies((r) => builtin.lint(r), drafts, passes));

  const tPack = performance.now();
  const packOpts = packLinterOptions(500);
  const packLoadMs = performance.now() - tPack;
  const withPack = createLinter({ extraRules: packOpts.extraRules, settings: packOpts.settings });
  // The pack is ~100x slower per draft: time it on the first 200 drafts (1 warm-up pass + 2 timed passes).
  const packDrafts = drafts.slice(0, 200);
  latencies((r) => withPack.lint(r), packDrafts, 1);
  const p = dist(latencies((r) => withPack.lint(r), packDrafts, 2));

  // Throughput on the same drafts: Caselint gets the full request, the others the draft text.
  const reqs = drafts.map(toRequest);
  const texts = drafts.map((d) => d.draft);
  const writeGood = require('write-good') as (text: string) => unknown[];
  const alex = (await import('alex')) as typeof import('alex');
  const ms = quick ? 300 : 1500;
  writeGood(texts[0]!);
  alex.text(texts[0]!);
  const cl = throughput((_, i) => builtin.lint({ ...reqs[i]!, tweet: { ...reqs[i]!.tweet } }), texts, ms);
  const clPack = throughput((_, i) => withPack.lint({ ...reqs[i]!, tweet: { ...reqs[i]!.tweet } }), texts, ms);
  const wg = throughput((t) => writeGood(t), texts, ms);
  const ax = throughput((t) => alex.text(t), texts, ms);

  // Checking and compiling a pack at the size limit (250 KB of JSON, 12,200 regexes; issue 14: under 100 ms).
  // Each run gets another pack name so nothing is reused; the first run is the cold one an agent meets.
  const limitJson = slowPackLarge();
  const timeLoad = (text: string, filename: string, runs: number): number[] =>
    Array.from({ length: runs }, (_, i) => {
      const t = performance.now();
      const r = loadPack(text.replace('slow-large', `slow-large-${i}`), { filename });
      const ms = performance.now() - t;
      if (!r.ok) throw new Error(`the size-limit pack does not load: ${r.errors[0]?.message}`);
      return ms;
    });
  const jsonLoads = timeLoad(limitJson, 'limit.json', 5);
  // The same rules as YAML, cut to 250 KB of YAML (the yaml parser is most of this figure).
  const limitYaml = stringify(JSON.parse(slowPackLarge(195 * 1024)));
  const yamlLoads = timeLoad(limitYaml, 'limit.yaml', 3);
  const patternCount = (JSON.parse(limitJson) as { rules: Array<{ patterns: string[] }> }).rules.reduce((n, r) => n + r.patterns.length, 0);
  log(`pack at the size limit: runs ${jsonLoads.map((x) => x.toFixed(0)).join(", ")} ms; ${patternCount} patterns, JSON ${Math.round(limitJson.length / 1024)} KB check+compile first ${jsonLoads[0]!.toFixed(1)} ms, max ${Math.max(...jsonLoads).toFixed(1)} ms; YAML ${Math.round(limitYaml.length / 1024)} KB first ${yamlLoads[0]!.toFixed(1)} ms, max ${Math.max(...yamlLoads).toFixed(1)} ms`);

  const meanChars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
  return {
    lint_drafts: drafts.length,
    lint_draft_mean_chars: round(meanChars, 1),
    lint_drafts_source: source,
    lint_builtin_rules: builtin.rules().length,
    lint_p50_ms: round(b.p50, 4),
    lint_p95_ms: round(b.p95, 4),
    lint_max_ms: round(b.max, 3),
    lint_pack500_drafts: packDrafts.length,
    lint_pack500_rules: packOpts.rules + builtin.rules().length,
    lint_pack500_p50_ms: round(p.p50, 4),
    lint_pack500_p95_ms: round(p.p95, 4),
    lint_pack500_max_ms: round(p.max, 3),
    pack500_load_compile_ms: round(packLoadMs, 1),
    pack500_json_chars: packOpts.chars,
    pack_limit_patterns: patternCount,
    pack_limit_json_check_ms: round(Math.max(...jsonLoads), 1),
    pack_limit_json_check_first_ms: round(jsonLoads[0]!, 1),
    pack_limit_yaml_check_ms: round(Math.max(...yamlLoads), 1),
    pack_limit_yaml_check_first_ms: round(yamlLoads[0]!, 1),
    lint_throughput_drafts_per_s: Math.round(cl),
    lint_pack500_throughput_drafts_per_s: Math.round(clPack),
    write_good_throughput_drafts_per_s: Math.round(wg),
    alex_throughput_drafts_per_s: Math.round(ax),
    lint_vs_write_good_throughput_ratio: round(cl / wg, 2),
    lint_vs_alex_throughput_ratio: round(cl / ax, 2),
    lint_pack500_vs_write_good_throughput_ratio: round(clPack / wg, 2),
    lint_pack500_vs_alex_throughput_ratio: round(clPack / ax, 2),
  };
}
