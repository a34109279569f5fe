/**
 * Turns a customer's stored history into the `history` part of a lint request (lib/lint/types.ts). Pure.
 *
 * - details: one per kind and value, newest first;
 * - notes: the newest MAX_NOTES notes' text, oldest first;
 * - tweets: the customer's tweets attached to their cases (interactions of kind "customer-tweet"), the newest
 *   MAX_TWEETS, oldest first: details in them (a phone number, an order number…) count as known to the linter;
 * - replies: agent replies (interactions of kind "agent-reply"), the newest MAX_REPLIES, oldest first;
 * - promises: every promise not done, plus the ones done in the last RECENT_DONE_MS before `now`
 *   (so "as promised" is still checked shortly after), ordered by due time;
 * - openCases: cases not solved (open or waiting).
 */
import type { HistoryDetail, HistoryPromise, HistoryReply, HistoryTweet, LintHistory } from '../lint/types';
import type { CustomerHistory } from './types';

export const MAX_NOTES = 20;
export const MAX_REPLIES = 20;
export const MAX_TWEETS = 20;
export const RECENT_DONE_MS = 14 * 24 * 3600_000;

const iso = (t: number) => new Date(t).toISOString();

export function toLintHistory(history: CustomerHistory, now: number = Date.now()): LintHistory {
  const seen = new Set<string>();
  const details: HistoryDetail[] = [];
  for (const d of [...history.details].sort((a, b) => b.createdAt - a.createdAt)) {
    const sig = `${d.kind}\u0000${d.value.toLowerCase()}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    details.push({ kind: d.kind, value: d.value });
  }
  const notes = [...history.notes]
    .sort((a, b) => a.createdAt - b.createdAt)
    .slice(-MAX_NOTES)
    .map((n) => n.text);
  const tweets: HistoryTweet[] = history.interactions
    .filter((i) => i.kind === 'customer-tweet')
    .sort((a, b) => a.at - b.at)
    .slice(-MAX_TWEETS)
    .map((i) => ({ text: i.text, at: iso(i.at) }));
  const replies: HistoryReply[] = history.interactions
    .filter((i) => i.kind === 'agent-reply')
    .sort((a, b) => a.at - b.at)
    .slice(-MAX_REPLIES)
    .map((i) => ({ text: i.text, at: iso(i.at) }));
  const promises: HistoryPromise[] = history.promises
    .filter((p) => !p.done || p.createdAt >= now - RECENT_DONE_MS || (p.due !== null && p.due >= now - RECENT_DONE_MS))
    .sort((a, b) => (a.due ?? Number.MAX_SAFE_INTEGER) - (b.due ?? Number.MAX_SAFE_INTEGER))
    .map((p) => ({ text: p.text, due: p.due === null ? null : iso(p.due), done: p.done }));
  const openCases = history.cases.filter((c) => c.status !== 'solved').length;
  return { details, notes, tweets, replies, promises, openCases };
}
