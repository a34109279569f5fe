import type { Rule } from '../types';
import { quote } from './util';
import { tokenize } from '../analysis';

const URL_RE = /https?:\/\/\S+/g;
const HANDLE_RE = /@\w+/g;

function words(text: string): string[] {
  return tokenize(text.replace(URL_RE, ' ').replace(HANDLE_RE, ' ')).map((t) => t.lower);
}

function shingles(ws: string[], k: number): Set<string> {
  const out = new Set<string>();
  if (ws.length < k) {
    if (ws.length) out.add(ws.join(' '));
    return out;
  }
  for (let i = 0; i + k <= ws.length; i++) out.add(ws.slice(i, i + k).join(' '));
  return out;
}

export const repeatsEarlierReply: Rule<{ threshold?: number; minWords?: number }> = {
  meta: {
    id: 'repeats-earlier-reply',
    severity: 'warning',
    description: 'The reply says again, nearly word for word, what an agent already sent this customer.',
    docs:
      'A customer who gets the same canned text twice knows nobody read their answer. Compares the draft with the ' +
      "team's earlier replies (case history and the team's tweets in the thread) by 3-word shingles: flagged when " +
      'the Jaccard similarity is at least `threshold` (default 0.6) or when 80% of the draft\'s shingles appeared in one ' +
      'earlier reply. Drafts under `minWords` words (default 6) are ignored. Options: `threshold`, `minWords`.',
  },
  check(ctx, options) {
    const earlier = ctx.analysis.context.earlierReplies;
    if (!earlier.length) return [];
    const threshold = typeof options.threshold === 'number' ? options.threshold : 0.6;
    const minWords = typeof options.minWords === 'number' ? options.minWords : 6;
    const dw = words(ctx.request.draft);
    if (dw.length < minWords) return [];
    const prior = ctx.analysis.context.memo('repeats.shingles', () => earlier.map((r) => shingles(words(r.text), 3)));
    const ds = shingles(dw, 3);
    let best = -1;
    let bestScore = 0;
    prior.forEach((ps, i) => {
      let inter = 0;
      for (const s of ds) if (ps.has(s)) inter++;
      const jaccard = inter / (ds.size + ps.size - inter || 1);
      const containment = inter / (ds.size || 1);
      const score = Math.max(jaccard, containment >= 0.8 ? containment : 0);
      if (score >= threshold && score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    if (best < 0) return [];
    const r = earlier[best]!;
    const where = r.where === 'history' ? `in the case history${r.at ? ` (${r.at.slice(0, 10)})` : ''}` : 'earlier in this thread';
    return [
      {
        start: 0,
        end: ctx.request.draft.length,
        message: `Repeats a reply already sent ${where} (${Math.round(bestScore * 100)}% the same): ${quote(r.text, 80)}. Say what is new, or answer what the customer said since.`,
      },
    ];
  },
  examples: {
    valid: [
      { draft: 'Please DM us your account number and we will take a look at the charges.' },
      {
        draft: 'Thanks for the details. The engineer can come Thursday at 9am instead, shall I book it?',
        request: { history: { replies: [{ text: 'Please DM us your account number and we will take a look at the charges.' }] } },
      },
      {
        draft: 'Thanks, got it!',
        request: { history: { replies: [{ text: 'Thanks, got it!' }] } },
        note: 'too short to count',
      },
    ],
    invalid: [
      {
        draft: 'Please DM us your account number and we will take a look at the charges!',
        request: { history: { replies: [{ text: 'Please DM us your account number and we will take a look at the charges.', at: '2024-03-01T10:00:00Z' }] } },
      },
      {
        draft: '@ann We are sorry for the trouble. Please send us a DM with your phone number so we can look into it.',
        request: {
          brand: ['att', 'ATTNatasha'],
          thread: [
            { author: 'ann', text: '@att my calls keep dropping' },
            { author: 'ATTNatasha', text: '@ann We are sorry for the trouble. Please send us a DM with your number so we can look into it.' },
            { author: 'ann', text: '@ATTNatasha I did, two days ago. Nothing happened.' },
          ],
        },
        note: 'the same text again after the customer said they had already done it',
      },
      {
        draft: '@bob Sorry for the wait! Our team is looking into the outage in your area and will update you here.',
        request: { history: { replies: [{ text: '@bob Sorry for the wait. Our team is looking into the outage in your area and will update you here soon.' }] } },
        note: 'punctuation and handles do not matter',
      },
    ],
  },
};
