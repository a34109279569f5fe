/**
 * Measure the built-in rules on real data.
 *   npx tsx scripts/eval-rules.ts [--samples N] [--rule ID]
 * Reads ../shared/data/care-conversations/*.json (customer turns + the brand agent's reply) and
 * ../shared/data/sarcasm/*.csv (tweet, sarcastic). Prints, per rule, the share of agent replies flagged, and
 * for reply-to-joke precision/recall/F1 against the sarcasm labels, train and held-out test split separately. --samples prints N flagged items per rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { builtinRules, createLinter } from '../lib/lint';
import type { LintRequest, ThreadTweet } from '../lib/lint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '../shared/data');
const careDir = join(shared, 'care-conversations');
const sarcasmDir = join(shared, 'sarcasm');
for (const dir of [careDir, sarcasmDir]) {
  if (!existsSync(dir)) {
    console.error(`eval-rules: data folder not found: ${dir}\nThis script needs the shared data (../shared/data next to the repo).`);
    process.exit(2);
  }
}

const args = process.argv.slice(2);
const samples = Number(args[args.indexOf('--samples') + 1] ?? 0) || 0;
const onlyRule = args.includes('--rule') ? args[args.indexOf('--rule') + 1] : undefined;

interface Turn { client: string; message: string }
interface Conversation {
  agentURL: { url_utterance: string };
  dialogContent: Turn[];
  dialogHeader: { company: string };
}

const conversations: Conversation[] = [];
for (const f of readdirSync(careDir).filter((f) => f.endsWith('.json'))) {
  const data = JSON.parse(readFileSync(join(careDir, f), 'utf8')) as Conversation[];
  conversations.push(...data);
}
if (!conversations.length) {
  console.error(`eval-rules: no conversations in ${careDir}`);
  process.exit(2);
}

const linter = createLinter();
const ids = builtinRules.map((r) => r.meta.id);
const flagged = new Map<string, Array<{ tweet: string; draft: string; span: string; message: string }>>(ids.map((id) => [id, []]));
let total = 0;
const times: number[] = [];

for (const c of conversations) {
  const company = c.dialogHeader.company;
  const turns = c.dialogContent;
  const last = turns[turns.length - 1];
  if (!last || !c.agentURL?.url_utterance) continue;
  const thread: ThreadTweet[] = turns.slice(0, -1).map((t) => ({ author: t.client, text: t.message }));
  // The team's handles: the care account plus the brand's main handles customers tag (@amazon for AmazonHelp,
  // @hulu for hulu_support), i.e. handles in the conversation that start with the brand's base name.
  const base = company.replace(/^(?:Ask_?|Team)/, '').replace(/_?(?:Support|Help|Helps|Care|Cares|us|support)$/, '').toLowerCase();
  const tagged = turns.flatMap((t) => Array.from(t.message.matchAll(/@(\w+)/g), (m) => m[1]!)).filter((h) => base.length >= 2 && h.toLowerCase().startsWith(base));
  const req: LintRequest = {
    brand: [company, ...new Set(tagged)],
    tweet: { author: last.client, text: last.message, inReplyTo: thread.length ? (thread[thread.length - 1]!.author) : null },
    thread,
    // As typed in X's composer: no leading reply @handles (X shows them as "Replying to"), and URLs as the agent
    // wrote them (the data wraps them in web.archive.org snapshots).
    draft: c.agentURL.url_utterance.replace(/^(?:@\w+\s+)+/, '').replace(/https?:\/\/web\.archive\.org\/web\/\d+\//g, ''),
  };
  total++;
  const t0 = performance.now();
  const findings = linter.lint(req);
  times.push(performance.now() - t0);
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    flagged.get(f.rule)!.push({ tweet: last.message, draft: req.draft, span: req.draft.slice(f.start, f.end), message: f.message });
  }
}

console.log(`care-conversations: ${total} agent replies from ${new Set(conversations.map((c) => c.dialogHeader.company)).size} brands`);
console.log('rule                   flagged  share');
for (const id of ids) {
  const n = flagged.get(id)!.length;
  console.log(`${id.padEnd(22)} ${String(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(5)}%`);
}
times.sort((a, b) => a - b);
console.log(`lint time per reply (first call per conversation, cold caches): p50 ${times[Math.floor(times.length / 2)]!.toFixed(3)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(3)} ms`);

// reply-to-joke against sarcasm labels. How a sarcasm tweet is posed: a brand account answers a tweet that is NOT
// addressed to it (brand "brand", which no tweet names), with a generic care draft. A tweet that starts with
// @handles is a reply to the first of them (as X shows it); otherwise it is a top-level tweet. Thresholds and
// features are tuned on the TRAIN split only; the TEST split is held out and reported separately.
const DRAFT = "Sorry to hear that! Please DM us.";
const jokeSamples: string[] = [];
const splits: Array<[string, string]> = [
  ['train', 'isarcasmeval_train.En.csv'],
  ['test (held out)', 'isarcasmeval_task_A_En_test.csv'],
];
console.log('');
for (const [name, file] of splits) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(sarcasmDir, file), 'utf8'), { header: true, skipEmptyLines: true });
  for (const row of parsed.data) {
    const text = row.tweet ?? row.text;
    if (!text || row.sarcastic === undefined) continue;
    const label = row.sarcastic.trim() === '1';
    const lead = /^@(\w+)/.exec(text);
    const hit = linter
      .lint({ brand: ['brand'], tweet: { author: 'someone', text, inReplyTo: lead ? lead[1]! : null }, draft: DRAFT })
      .some((x) => x.rule === 'reply-to-joke');
    if (hit && label) tp++;
    else if (hit) { fp++; if (name === 'train' && jokeSamples.length < samples) jokeSamples.push(`FP: ${text}`); }
    else if (label) fn++;
    else tn++;
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  console.log(`reply-to-joke on iSarcasmEval ${name} (${tp + fp + fn + tn} tweets, ${tp + fn} sarcastic): flagged ${tp + fp}, precision ${(100 * precision).toFixed(1)}%, recall ${(100 * recall).toFixed(1)}%, F1 ${((200 * precision * recall) / (precision + recall || 1)).toFixed(1)}%  (base rate ${((100 * (tp + fn)) / (tp + fp + fn + tn)).toFixed(1)}%)`);
}

if (samples) {
  for (const id of ids) {
    if (onlyRule && id !== onlyRule) continue;
    const list = flagged.get(id)!;
    // deterministic spread over the flagged items
    const step = Math.max(1, Math.floor(list.length / samples));
    console.log(`\n=== ${id}: ${samples} of ${list.length}`);
    for (let i = 0; i < list.length && i / step < samples; i += step) {
      const s = list[i]!;
      console.log(`--- [${i}] TWEET: ${s.tweet.replace(/\s+/g, ' ').slice(0, 220)}\n    DRAFT: ${s.draft.replace(/\s+/g, ' ').slice(0, 260)}\n    SPAN: ${s.span.slice(0, 80)} | ${s.message.slice(0, 160)}`);
    }
  }
  if (!onlyRule || onlyRule === 'reply-to-joke') console.log('\n' + jokeSamples.join('\n'));
}
