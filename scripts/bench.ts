/**
 * Caselint performance benchmarks: `npm run bench` (full) or `npm run bench -- --quick` (reduced sizes, for CI:
 * proves the benchmarks still run; budgets are reported, never fail the run).
 *
 * Options: --quick, --only=lint,annotate,store,presence,sync, --build (rebuild the extension first; otherwise the existing
 * .output/chrome-mv3 is used, or built when missing), --out=FILE (default bench/results.json; --quick writes
 * bench/results.quick.json unless --out is given), --write-sample (refresh bench/drafts-sample.json), --ext=DIR
 * (benchmark another build, e.g. the unminified one of scripts/bench/wxt.profile.config.ts) and --profile
 * (print the content script's functions by inclusive time), --reseed (seed the store bench's cached 1M-note
 * profile again), --full-writes (the store section's CSV import and backup round trip at the issue's 100,000 lines
 * instead of 20,000 scaled: ~4 more minutes here).
 * Method and figures: docs/performance.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLint } from './bench/lint';
import { loadDrafts, writeSample } from './bench/drafts';
import { snapshotExtension } from './bench/extension';
import { round } from './bench/stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const only = new Set((opt('only') ?? 'lint,annotate,store,presence,sync').split(',').map((s) => s.trim()));
const outFile = resolve(ROOT, opt('out') ?? (quick ? 'bench/results.quick.json' : 'bench/results.json'));
const log = (s: string) => console.log(`  ${s}`);

type Value = number | string | boolean;

interface Budget {
  key: string;
  label: string;
  max: number;
  unit: string;
  /** Only meaningful at full size. */
  fullOnly?: boolean;
}

const BUDGETS: Budget[] = [
  { key: 'lint_p95_ms', label: 'lint p95, built-in rules', max: 1, unit: 'ms' },
  { key: 'presence_replying_p95_ms', label: 'presence p95 between two browser profiles (A replying shown on B)', max: 2000, unit: 'ms' },
  { key: 'lint_pack500_p95_ms', label: 'lint p95, + 500 pack rules', max: 5, unit: 'ms' },
  { key: 'pack_limit_json_check_ms', label: 'check + compile a pack at the size limit (250 KB JSON, 12,200 patterns), slowest of 5', max: 100, unit: 'ms' },
  { key: 'annotate_main_thread_ms_per_20_tweets', label: 'annotation main-thread CPU time / 20 tweets', max: 2, unit: 'ms' },
  { key: 'annotate_long_tasks_over_50ms', label: 'long tasks > 50 ms while annotating', max: 0.5, unit: '' },
  // What the agent waits for: the content script's long-lived port (lib/messaging/port.ts), timed in its isolated
  // world. The sendMessage (extension page) and in-database figures are reported next to it for comparison.
  { key: 'store_batch_lookup_port_p95_ms', label: 'batch lookup p95 over the port (22 handles)', max: 5, unit: 'ms', fullOnly: true },
  { key: 'csv_import_100k_rows_s', label: 'CSV import of 100,000 rows', max: 10, unit: 's', fullOnly: true },
  // Team sync (issue 11): Node agents against the real server on 127.0.0.1 (scripts/bench/sync.ts).
  { key: 'sync_load_propagation_p95_ms', label: 'propagation p95 under load (200 agents, 60 s)', max: 1000, unit: 'ms', fullOnly: true },
  { key: 'sync_load_writes_lost', label: 'writes lost in the load run', max: 0.5, unit: '' },
  { key: 'sync_initial_team_s', label: 'initial sync of a new agent (10,000 customers, 100,000 notes)', max: 30, unit: 's', fullOnly: true },
];

async function main() {
  const started = performance.now();
  console.log(`Caselint bench (${quick ? 'quick' : 'full'}) on ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (flag('write-sample')) {
    const { drafts, source } = loadDrafts(ROOT);
    log(`wrote ${writeSample(ROOT, drafts)} from ${source}`);
  }
  const results: Record<string, Value> = {};
  const notes: string[] = [];
  const failures: string[] = [];
  const section = async (name: string, fn: () => Promise<void>) => {
    if (!only.has(name)) return;
    const t = performance.now();
    console.log(`\n[${name}]`);
    try {
      await fn();
    } catch (e) {
      failures.push(`${name}: ${(e as Error).stack ?? e}`);
      console.error(`  ${name} FAILED: ${(e as Error).message}`);
    }
    results[`${name}_section_s`] = round((performance.now() - t) / 1000, 1);
  };

  await section('lint', async () => {
    Object.assign(results, await benchLint(ROOT, quick, log));
  });

  let ext: ReturnType<typeof snapshotExtension> | null = null;
  if (only.has('annotate') || only.has('store') || only.has('presence')) ext = snapshotExtension(ROOT, flag('build'), log, opt('ext') ? resolve(opt('ext')!) : undefined);
  try {
    await section('annotate', async () => {
      const { benchAnnotate, benchFloor } = await import('./bench/annotate');
      const r = await benchAnnotate(ROOT, ext!.dir, quick, log, flag('profile'));
      Object.assign(results, r.results);
      // The floor: a minimal content script (no Caselint code) on the same run, in a browser of its own.
      const tweets = r.results.annotate_tweets as number;
      const f = await benchFloor(ROOT, tweets);
      const floorPer20 = round((f.w.cpuMs / tweets) * 20, 2);
      log(`annotate: floor extension ${f.w.cpuMs.toFixed(1)} ms CPU in ${f.w.calls} calls for ${tweets} tweets`);
      results.annotate_floor_ms_per_20_tweets = floorPer20;
      results.annotate_floor_wall_ms_per_20_tweets = round((f.w.wallMs / tweets) * 20, 2);
      results.annotate_floor_calls_per_20_tweets = round((f.w.calls / tweets) * 20, 2);
      results.annotate_floor_delay_p95_ms = round(f.delayP95, 1);
      results.annotate_floor_chips_not_shown = f.missing;
      results.annotate_floor_long_tasks_over_50ms = f.longTasksCaused ?? -1;
      results.annotate_floor_long_tasks_over_50ms_page_wide = f.longTasksPageWide;
      results.annotate_over_floor = round((r.results.annotate_main_thread_ms_per_20_tweets as number) / floorPer20, 2);
      notes.push('floor extension calls by entry (trace): ' + f.w.entries.map((e) => `${e.fn} x${e.calls}: ${e.cpuMs} ms CPU`).join('; '));
      notes.push('content script calls by entry (trace, timeline run): ' + r.entries.map((e) => `${e.fn} x${e.calls}: ${e.cpuMs} ms CPU, ${e.wallMs} ms wall`).join('; '));
      if (flag('profile')) {
        notes.push('content script self time, top frames (CPU profile pass): ' + r.profileTop.map((f) => `${f.fn.trim()} ${f.ms} ms`).join(', '));
        notes.push('content script inclusive time (CPU profile pass): ' + r.profileTotal.map((f) => `${f.fn.trim()} ${f.ms} ms`).join('\n  '));
      }
    });
    await section('store', async () => {
      const { benchStore } = await import('./bench/store');
      Object.assign(results, await benchStore(ROOT, ext!.dir, quick, log, { reseed: flag('reseed'), fullWrites: flag('full-writes') }));
    });
    await section('presence', async () => {
      const { benchPresence } = await import('./bench/presence');
      Object.assign(results, await benchPresence(ext!.dir, quick, log));
    });
  } finally {
    ext?.cleanup();
  }
  await section('sync', async () => {
    const { benchSync } = await import('./bench/sync');
    Object.assign(results, await benchSync(quick, log));
  });

  results.total_s = round((performance.now() - started) / 1000, 1);
  results.mode = quick ? 'quick' : 'full';
  results.load_average_1min = round(loadavg()[0]!, 1);
  results.measured_at = new Date().toISOString();

  // ---- table
  console.log('\n' + 'figure'.padEnd(52) + 'value'.padStart(14) + '  budget');
  for (const [k, v] of Object.entries(results)) {
    const b = BUDGETS.find((x) => x.key === k);
    let verdict = '';
    if (b && typeof v === 'number') {
      const pass = v < b.max;
      verdict = `${b.key.includes('long_tasks') || b.key.endsWith('_lost') ? '= 0' : `< ${b.max} ${b.unit}`}  ${pass ? 'PASS' : 'MISS'}${quick && b.fullOnly ? ' (quick size: indicative only)' : ''}`;
    }
    console.log(k.padEnd(52) + String(v).padStart(14) + (verdict ? '  ' + verdict : ''));
  }
  for (const b of BUDGETS) if (!(b.key in results) && only.has(b.key.split('_')[0]!)) console.log(`${b.label}: not measured`);
  for (const n of notes) console.log('\n' + n);

  const budgets = Object.fromEntries(
    BUDGETS.filter((b) => typeof results[b.key] === 'number').map((b) => [b.key, { max: b.max, unit: b.unit, value: results[b.key], pass: (results[b.key] as number) < b.max }]),
  );
  writeFileSync(outFile, JSON.stringify({ ...results, budgets, notes, failures }, null, 2) + '\n');
  console.log(`\nwrote ${outFile} in ${results.total_s} s`);
  if (failures.length) {
    console.error(`\n${failures.length} section(s) failed:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  // A failed section may leave a socket or timer behind (a sync provider retrying): never hang CI on it.
  .finally(() => process.exit(process.exitCode ?? 0));
