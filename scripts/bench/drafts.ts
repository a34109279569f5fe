/**
 * Realistic reply drafts for the lint benchmark: the brand agents' replies of the IBM customer-care
 * conversations in ../shared/data/care-conversations (Apache-2.0), each with the customer's tweet it answered
 * and the conversation above it. Falls back to the committed sample bench/drafts-sample.json (made from the
 * same data with `npm run bench -- --write-sample`) when ../shared is not there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintRequest } from '../../lib/lint';

export interface DraftCase {
  brand: string;
  customer: string;
  tweet: string;
  thread: Array<{ author: string; text: string }>;
  draft: string;
}

interface Conversation {
  agentURL?: { url_utterance?: string };
  dialogContent?: Array<{ client?: string; message?: string }>;
  dialogHeader?: { company?: string };
}

const MIN = 20;
const MAX = 280;

export function draftsFromConversations(files: string[]): DraftCase[] {
  const out: DraftCase[] = [];
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Conversation[];
    for (const c of data) {
      const brand = c.dialogHeader?.company;
      const turns = (c.dialogContent ?? []).filter((t) => t.client && t.message);
      const reply = c.agentURL?.url_utterance?.trim();
      if (!brand || !reply || turns.length === 0) continue;
      // What the agent types: the reply without the leading @mentions X adds itself.
      const draft = reply.replace(/^(?:@\w+\s+)+/, '').trim();
      if (draft.length < MIN || draft.length > MAX) continue;
      const last = turns[turns.length - 1]!;
      out.push({
        brand,
        customer: last.client!,
        tweet: last.message!,
        thread: turns.slice(0, -1).map((t) => ({ author: t.client!, text: t.message! })),
        draft,
      });
    }
  }
  return out;
}

export function loadDrafts(root: string): { drafts: DraftCase[]; source: string } {
  const dir = join(root, '../shared/data/care-conversations');
  const files = ['ibm_cdp_dev.json', 'ibm_cdp_test.json'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  if (files.length > 0) {
    const drafts = draftsFromConversations(files);
    if (drafts.length > 0) return { drafts, source: `../shared/data/care-conversations (${files.length} files)` };
  }
  const sample = join(root, 'bench/drafts-sample.json');
  return { drafts: JSON.parse(readFileSync(sample, 'utf8')) as DraftCase[], source: 'bench/drafts-sample.json (fallback)' };
}

export function writeSample(root: string, drafts: DraftCase[], n = 300): string {
  const step = Math.max(1, Math.floor(drafts.length / n));
  const picked = drafts.filter((_, i) => i % step === 0).slice(0, n);
  const file = join(root, 'bench/drafts-sample.json');
  writeFileSync(file, JSON.stringify(picked, null, 1) + '\n');
  return file;
}

/**
 * The lint request the content script would build for a draft. Every third one carries a case history
 * (details, notes, earlier replies, an open promise) so history-aware rules do real work.
 */
export function toRequest(d: DraftCase, i: number): LintRequest {
  const req: LintRequest = {
    brand: [d.brand],
    tweet: { author: d.customer, text: d.tweet, inReplyTo: d.brand },
    thread: d.thread,
    draft: d.draft,
  };
  if (i % 3 === 0) {
    req.history = {
      details: [
        { kind: 'phone', value: '+14155550123' },
        { kind: 'account', value: `ACC-${1000 + i}` },
      ],
      notes: ['Called twice about the same outage', 'Prefers DM'],
      replies: [{ text: 'Sorry about this! Can you DM us your account number so we can take a look?' }],
      promises: [{ text: 'Call back about the refund', due: '2026-11-30T10:00:00Z', done: false }],
      openCases: 1,
    };
  }
  return req;
}
