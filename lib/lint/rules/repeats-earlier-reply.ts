import type { Rule } from '../types';
import { quote } from './util';
import { stem, tokenize } from '../analysis';

const URL_RE = /https?:\/\/\S+|www\.\S+/g;
const HANDLE_RE = /@\w+/g;
const SIGNATURE_RE = /(?:^|\s)(?:\^|-|–|—)\s?[A-Z][\w]{0,15}\s*$/;

/** Function words: articles, pronouns, auxiliaries, prepositions. Small edits among these do not make a new reply. */
const FUNCTION_WORDS = new Set(
  ('a an the this that these those it its it\'s i me my we us our you your yours he she they them their ' +
    'is are was were be been am do does did will would can could shall should may might must have has had ' +
    'to of in on at for with from by about as and or but so if then than there here just please also ' +
    'i\'m we\'re we\'ll you\'re you\'ll it\'ll that\'s let\'s i\'ll we\'ve you\'ve').split(/\s+/),
);

interface Shape {
  /** Content words (stemmed), in order. */
  words: string[];
  bigrams: Set<string>;
  trigrams: Set<string>;
}

function shape(text: string): Shape {
  const cleaned = text.replace(URL_RE, ' ').replace(HANDLE_RE, ' ').replace(SIGNATURE_RE, ' ');
  const words = tokenize(cleaned)
    .map((t) => t.lower.replace(/['’]/g, "'"))
    .filter((w) => !FUNCTION_WORDS.has(w))
    .map((w) => stem(w));
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) bigrams.add(words[i] + ' ' + words[i + 1]);
  if (words.length === 1) bigrams.add(words[0]!);
  const joined = ' ' + words.join(' ') + ' ';
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= joined.length; i++) trigrams.add(joined.slice(i, i + 3));
  return { words, bigrams, trigrams };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) n++;
  return n;
}

/**
 * Similarity of a draft to an earlier reply, 0..1: the mean of word-bigram and character-trigram similarity on
 * content words (Dice), or, when the draft is mostly contained in the earlier reply, that containment.
 */
export function replySimilarity(draft: Shape, earlier: Shape): number {
  if (!draft.words.length || !earlier.words.length) return 0;
  const bi = overlap(draft.bigrams, earlier.bigrams);
  const tri = overlap(draft.trigrams, earlier.trigrams);
  const biDice = (2 * bi) / (draft.bigrams.size + earlier.bigrams.size || 1);
  const triDice = (2 * tri) / (draft.trigrams.size + earlier.trigrams.size || 1);
  const dice = (biDice + triDice) / 2;
  // the draft is a cut-down copy of the earlier reply
  const contained = Math.min(bi / (draft.bigrams.size || 1), tri / (draft.trigrams.size || 1));
  return Math.max(dice, contained >= 0.85 ? contained * 0.95 : 0);
}

export const repeatsEarlierReply: Rule<{ threshold?: number; minWords?: number }> = {
  meta: {
    id: 'repeats-earlier-reply',
    severity: 'warning',
    description: 'The reply says again, nearly word for word, what an agent already sent this customer.',
    docs:
      'A customer who gets the same canned text twice knows nobody read their answer. Compares the draft with the ' +
      "team's earlier replies (case history and the team's tweets in the thread). Both texts are normalised first: " +
      'URLs, @handles and a trailing agent signature ("^JG") dropped; articles, pronouns, auxiliaries and prepositions ' +
      'removed; words stemmed. So "restarting your router… if that helps" and "restarting the router… if it helps" ' +
      'are the same reply. Similarity is the mean of word-bigram and character-trigram Dice coefficients (or the ' +
      'share of the draft found in the earlier reply, when it is a cut-down copy); flagged at `threshold` (default ' +
      '0.7). Drafts under `minWords` words (default 6) are ignored. Options: `threshold`, `minWords`.',
  },
  check(ctx, options) {
    const earlier = ctx.analysis.context.earlierReplies;
    if (!earlier.length) return [];
    const threshold = typeof options.threshold === 'number' ? options.threshold : 0.7;
    const minWords = typeof options.minWords === 'number' ? options.minWords : 6;
    const draft = ctx.request.draft;
    let n = 0;
    for (const t of ctx.analysis.tokens) if (draft[t.start - 1] !== '@' && draft[t.start - 1] !== '/') n++;
    if (n < minWords) return [];
    const ds = shape(draft);
    if (ds.words.length < 3) return [];
    const prior = ctx.analysis.context.memo('repeats.shapes', () => earlier.map((r) => shape(r.text)));
    let best = -1;
    let bestScore = 0;
    prior.forEach((ps, i) => {
      const score = replySimilarity(ds, ps);
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
      {
        draft: 'Please DM us your order number and we will check the delivery status.',
        request: { history: { replies: [{ text: 'Please DM us your account number and we will check the refund.' }] } },
        note: 'same template, different request',
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
      {
        draft: 'Sorry for the trouble! Please try restarting the router and let us know if it helps.',
        request: { history: { replies: [{ text: 'Sorry for the trouble! Please try restarting your router and let us know if that helps.' }] } },
        note: 'small edits among articles and pronouns',
      },
    ],
  },
};
