/**
 * The IBM care conversations (../shared/data/care-conversations) as lint requests: one per conversation, the
 * brand agent's reply as the draft, the last customer turn as the tweet answered, the earlier turns as the thread.
 * Shared by the rule evaluation (scripts/eval-rules.ts) and the label fixture builder (scripts/care-labels.ts).
 */
import type { LintRequest, ThreadTweet } from '../lib/lint';

export interface Turn {
  client?: string;
  client1?: string;
  agent?: string;
  message: string;
  tweet_ID?: string;
}
export interface Conversation {
  agentURL: { url_utterance: string; tweet_ID?: string };
  dialogContent: Turn[];
  dialogHeader: { company: string };
}

const authorOf = (t: Turn, company: string): string => t.client ?? t.client1 ?? t.agent ?? company;

/** The reply as typed in X's composer: no leading reply @handles, URLs without the web.archive.org wrapper. */
export function draftOf(c: Conversation): string {
  return c.agentURL.url_utterance.replace(/^(?:@\w+\s+)+/, '').replace(/https?:\/\/web\.archive\.org\/web\/\d+\//g, '');
}

/**
 * The lint request for one conversation, or null when it has no customer turn or no agent reply.
 * The team's handles: the care account plus the brand's main handles customers tag (@amazon for AmazonHelp,
 * @hulu for hulu_support), i.e. handles in the conversation that start with the brand's base name.
 */
export function requestOf(c: Conversation): LintRequest | null {
  const company = c.dialogHeader.company;
  const turns = c.dialogContent.map((t) => ({ ...t, message: t.message.replace(/https?:\/\/web\.archive\.org\/web\/\d+\//g, '') }));
  const last = turns[turns.length - 1];
  if (!last || !c.agentURL?.url_utterance || last.agent) return null;
  const thread: ThreadTweet[] = turns.slice(0, -1).map((t) => ({ author: authorOf(t, company), text: t.message }));
  const base = company.replace(/^(?:Ask_?|Team)/, '').replace(/_?(?:Support|Help|Helps|Care|Cares|us|support)$/, '').toLowerCase();
  const tagged = turns
    .flatMap((t) => Array.from(t.message.matchAll(/@(\w+)/g), (m) => m[1]!))
    .filter((h) => base.length >= 2 && h.toLowerCase().startsWith(base));
  const brand = [company, ...new Set(tagged.filter((h) => h.toLowerCase() !== company.toLowerCase()))];
  return {
    brand,
    tweet: { author: authorOf(last, company), text: last.message, inReplyTo: thread.length ? thread[thread.length - 1]!.author : null },
    thread,
    draft: draftOf(c),
  };
}
