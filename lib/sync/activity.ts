/**
 * The check before sending (seed 003): since this agent opened the conversation, has another agent of the team
 * replied to the customer, added a note or a promise, or are they replying right now? Pure: it reads the customer's
 * history (with who wrote each record) and the team's presence.
 */
import type { CustomerHistory } from '../cases/types';
import type { PresenceEntry } from './presence';

export interface TeamActivity {
  kind: 'reply' | 'note' | 'promise' | 'replying';
  agent: string;
  at: number;
  /** The other reply's or note's text (shown so the agent can read what changed); empty for "replying". */
  text: string;
}

/** Everything another agent did on this customer after `since`, newest first; `me` is this agent's handle key. */
export function teamActivitySince(history: CustomerHistory | null | undefined, presence: readonly PresenceEntry[], since: number, me: string): TeamActivity[] {
  const out: TeamActivity[] = [];
  const other = (by: string | null | undefined) => !!by && by.toLowerCase() !== me.toLowerCase();
  if (history) {
    for (const i of history.interactions) {
      // `by` is the agent who recorded it (agents often post from one brand account, so `author` cannot tell them apart).
      if (i.kind === 'agent-reply' && i.at > since && other(i.by)) out.push({ kind: 'reply', agent: i.by!.toLowerCase(), at: i.at, text: i.text });
    }
    for (const n of history.notes) {
      const at = Math.max(n.createdAt, n.editedAt ?? 0);
      if (at > since && other(n.by)) out.push({ kind: 'note', agent: n.by!.toLowerCase(), at, text: n.text });
    }
    for (const p of history.promises) {
      if (p.createdAt > since && other(p.by)) out.push({ kind: 'promise', agent: p.by!.toLowerCase(), at: p.createdAt, text: p.text });
    }
  }
  for (const e of presence) if (e.mode === 'replying' && other(e.agent)) out.push({ kind: 'replying', agent: e.agent, at: e.at, text: '' });
  return out.sort((a, b) => (a.kind === 'replying' ? -1 : 0) - (b.kind === 'replying' ? -1 : 0) || b.at - a.at);
}
