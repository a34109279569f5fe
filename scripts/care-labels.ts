/**
 * Builds the committed label fixtures from the hand labels and the shared care conversations:
 *   npx tsx scripts/care-labels.ts
 * Reads tests/fixtures/lint/care-labels/{dev,test}.labels.txt (what was read and how it was labelled, see the
 * README there) and ../shared/data/care-conversations/ibm_cdp_{dev,test}.json, and writes
 * tests/fixtures/lint/care-labels/{dev,test}.jsonl: one lint request per labelled reply with its labels, so that
 * the evaluation and the tests run without ../shared.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestOf, type Conversation } from './care-data';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'tests/fixtures/lint/care-labels');
const careDir = resolve(root, '../shared/data/care-conversations');

export const LABELLED_RULES = ['deflect-to-phone', 'moves-offline', 'ignores-details'] as const;

for (const split of ['dev', 'test'] as const) {
  const conversations = JSON.parse(readFileSync(join(careDir, `ibm_cdp_${split}.json`), 'utf8')) as Conversation[];
  const lines = readFileSync(join(dir, `${split}.labels.txt`), 'utf8').split('\n');
  let from = 0;
  let to = -1;
  const flags = new Map<number, { bits: string; note?: string }>();
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const range = /^read\s+(\d+)-(\d+)$/.exec(line);
    if (range) {
      from = Number(range[1]);
      to = Number(range[2]);
      continue;
    }
    const m = /^(\d+)\s+([01]{3})(?:\s+(.*))?$/.exec(line);
    if (!m) throw new Error(`${split}.labels.txt: cannot read line "${line}"`);
    flags.set(Number(m[1]), { bits: m[2]!, note: m[3] });
  }
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const c = conversations[i]!;
    const req = requestOf(c);
    if (!req) continue;
    const f = flags.get(i) ?? { bits: '000' };
    const labels = Object.fromEntries(LABELLED_RULES.map((id, k) => [id, f.bits[k] === '1']));
    out.push(JSON.stringify({ id: `${split}-${i}`, company: c.dialogHeader.company, tweetId: c.agentURL.tweet_ID, labels, ...(f.note ? { note: f.note } : {}), request: req }));
  }
  for (const i of flags.keys()) if (i < from || i > to) throw new Error(`${split}.labels.txt: ${i} is outside the range read`);
  writeFileSync(join(dir, `${split}.jsonl`), out.join('\n') + '\n');
  console.log(`${split}: ${out.length} labelled replies -> ${split}.jsonl`);
}
