/**
 * Measure the built-in rules on real data.
 *   npm run eval [-- --errors RULE] [--dev-only] [--samples N] [--rule ID]
 *
 * 1. Hand-labelled agent replies (tests/fixtures/lint/care-labels, committed; labelling rules in its README):
 *    recall and false-fire rate of deflect-to-phone, moves-offline and ignores-details, with counts, on the dev
 *    split (tune on it) and the held-out test split (report only). `--errors RULE` prints the dev split's misses
 *    and false fires of one rule (never the test split's: it is not for tuning).
 * 2. iSarcasmEval (../shared/data/sarcasm): reply-to-joke precision, recall and F1 on the train and the held-out
 *    test split, and the same for the learned model alone (lib/lint/rules/joke-model.ts, trained on the train
 *    split by scripts/train-joke-model.ts; the rule does not use it: it scores worse on the test split).
 * 3. All 1,025 care conversations (../shared/data/care-conversations): the share of replies each rule flags and
 *    the lint time per reply; `--samples N` prints N flagged replies per rule to check by hand.
 * Parts 2 and 3 need the shared data next to the repo and are skipped with a note without it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { builtinRules, createLinter } from '../lib/lint';
import type { LintRequest } from '../lib/lint';
import { requestOf, type Conversation } from './care-data';
import { jokeModelMargin } from '../lib/lint/rules/joke-model';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '../shared/data');
const careDir = join(shared, 'care-conversations');
const sarcasmDir = join(shared, 'sarcasm');
const labelDir = join(root, 'tests/fixtures/lint/care-labels');

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const samples = Number(arg('--samples') ?? 0) || 0;
const onlyRule = arg('--rule');
const errorsOf = arg('--errors');
/** While tuning: leave the held-out split out of sight. */
const devOnly = args.includes('--dev-only');

const linter = createLinter();
const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '-').padStart(5);

// 1. Labelled replies ---------------------------------------------------------------------------------------
interface Labelled {
  id: string;
  company: string;
  labels: Record<string, boolean>;
  note?: string;
  request: LintRequest;
}
const LABELLED = ['deflect-to-phone', 'moves-offline', 'ignores-details'];
console.log('Hand-labelled agent replies (tests/fixtures/lint/care-labels): recall = caught / labelled positive, false fires = flagged / labelled negative');
console.log('split            rule                 recall            false fires');
for (const split of devOnly ? ['dev'] : ['dev', 'test']) {
  const items = readFileSync(join(labelDir, `${split}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labelled);
  const errors: string[] = [];
  for (const id of LABELLED) {
    let tp = 0, fn = 0, fp = 0, tn = 0;
    for (const it of items) {
      const findings = linter.lint(it.request).filter((f) => f.rule === id);
      const hit = findings.length > 0;
      const want = it.labels[id] === true;
      if (hit && want) tp++;
      else if (hit) fp++;
      else if (want) fn++;
      else tn++;
      if (split === 'dev' && errorsOf === id && hit !== want) {
        errors.push(`--- ${want ? 'MISS' : 'FALSE FIRE'} ${it.id} [${it.company}]${it.note ? ` (${it.note})` : ''}\n    TWEET: ${it.request.tweet.text.replace(/\s+/g, ' ').slice(0, 240)}\n    DRAFT: ${it.request.draft.replace(/\s+/g, ' ').slice(0, 300)}${hit ? `\n    FINDING: ${findings[0]!.message.slice(0, 160)}` : ''}`);
      }
    }
    const name = `${split} (${items.length}${split === 'test' ? ', held out' : ''})`;
    console.log(`${name.padEnd(16)} ${id.padEnd(20)} ${(tp / (tp + fn || 1)).toFixed(2)} (${tp}/${tp + fn})`.padEnd(56) + `${pct(fp, fp + tn)}% (${fp}/${fp + tn})`);
  }
  if (errors.length) console.log(errors.join('\n'));
}

// 2. reply-to-joke on iSarcasmEval -----------------------------------------------------------------------------
// Posed as: a brand account ("brand", named by no tweet) answers each tweet with a generic care draft; a tweet
// starting with @handles replies to the first of them, otherwise it is a top-level tweet.
const DRAFT = 'Sorry to hear that! Please DM us.';
console.log('');
if (!existsSync(sarcasmDir)) console.log(`iSarcasmEval: skipped (${sarcasmDir} not found)`);
else {
  const jokeSamples: string[] = [];
  for (const [name, file] of [['train', 'isarcasmeval_train.En.csv'], ['test (held out)', 'isarcasmeval_task_A_En_test.csv']] as const) {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const model = { tp: 0, fp: 0, fn: 0, ms: 0, n: 0 };
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(sarcasmDir, file), 'utf8'), { header: true, skipEmptyLines: true });
    for (const row of parsed.data) {
      const text = row.tweet ?? row.text;
      if (!text || row.sarcastic === undefined) continue;
      const label = row.sarcastic.trim() === '1';
      const lead = /^@(\w+)/.exec(text);
      const hit = linter
        .lint({ brand: ['brand'], tweet: { author: 'someone', text, inReplyTo: lead ? lead[1]! : null }, draft: DRAFT })
        .some((x) => x.rule === 'reply-to-joke');
      const t0 = performance.now();
      const mHit = jokeModelMargin(text) >= 0;
      model.ms += performance.now() - t0;
      model.n++;
      if (mHit && label) model.tp++;
      else if (mHit) model.fp++;
      else if (label) model.fn++;
      if (hit && label) tp++;
      else if (hit) { fp++; if (name === 'train' && jokeSamples.length < samples) jokeSamples.push(`FP: ${text}`); }
      else if (label) fn++;
      else tn++;
    }
    const precision = tp / (tp + fp || 1);
    const recall = tp / (tp + fn || 1);
    const f1 = (2 * precision * recall) / (precision + recall || 1);
    console.log(`reply-to-joke on iSarcasmEval ${name} (${tp + fp + fn + tn} tweets, ${tp + fn} sarcastic): flagged ${tp + fp}, precision ${pct(tp, tp + fp)}%, recall ${pct(tp, tp + fn)}%, F1 ${f1.toFixed(3)}`);
    const mp = model.tp / (model.tp + model.fp || 1), mr = model.tp / (model.tp + model.fn || 1);
    console.log(`  learned model alone (joke-model.json, not used by the rule${name === 'train' ? '; in-sample' : ''}): flagged ${model.tp + model.fp}, precision ${pct(model.tp, model.tp + model.fp)}%, recall ${pct(model.tp, model.tp + model.fn)}%, F1 ${((2 * mp * mr) / (mp + mr || 1)).toFixed(3)}, ${((1000 * model.ms) / model.n).toFixed(1)} µs per tweet`);
  }
  if (samples && (!onlyRule || onlyRule === 'reply-to-joke')) console.log(jokeSamples.join('\n'));
}

// 3. All care conversations ------------------------------------------------------------------------------------
console.log('');
if (!existsSync(careDir)) console.log(`care conversations: skipped (${careDir} not found)`);
else {
  const ids = builtinRules.map((r) => r.meta.id);
  const flagged = new Map<string, Array<{ tweet: string; draft: string; span: string; message: string }>>(ids.map((id) => [id, []]));
  let total = 0;
  const times: number[] = [];
  const companies = new Set<string>();
  for (const f of readdirSync(careDir).filter((f) => f.endsWith('.json'))) {
    for (const c of JSON.parse(readFileSync(join(careDir, f), 'utf8')) as Conversation[]) {
      const req = requestOf(c);
      if (!req) continue;
      companies.add(c.dialogHeader.company);
      total++;
      const t0 = performance.now();
      const findings = linter.lint(req);
      times.push(performance.now() - t0);
      const seen = new Set<string>();
      for (const x of findings) {
        if (seen.has(x.rule)) continue;
        seen.add(x.rule);
        flagged.get(x.rule)!.push({ tweet: req.tweet.text, draft: req.draft, span: req.draft.slice(x.start, x.end), message: x.message });
      }
    }
  }
  console.log(`care-conversations: ${total} agent replies from ${companies.size} brands`);
  console.log('rule                   flagged  share');
  for (const id of ids) {
    const n = flagged.get(id)!.length;
    console.log(`${id.padEnd(22)} ${String(n).padStart(7)}  ${pct(n, total)}%`);
  }
  times.sort((a, b) => a - b);
  console.log(`lint time per reply (first call per conversation, cold caches): p50 ${times[Math.floor(times.length / 2)]!.toFixed(3)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(3)} ms`);
  if (samples) {
    for (const id of ids) {
      if (onlyRule && id !== onlyRule) continue;
      const list = flagged.get(id)!;
      const step = Math.max(1, Math.floor(list.length / samples));
      console.log(`\n=== ${id}: ${Math.min(samples, list.length)} of ${list.length}`);
      for (let i = 0; i < list.length && i / step < samples; i += step) {
        const s = list[i]!;
        console.log(`--- [${i}] TWEET: ${s.tweet.replace(/\s+/g, ' ').slice(0, 220)}\n    DRAFT: ${s.draft.replace(/\s+/g, ' ').slice(0, 260)}\n    SPAN: ${s.span.slice(0, 80)} | ${s.message.slice(0, 160)}`);
      }
    }
  }
}
