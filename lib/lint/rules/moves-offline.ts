import type { Rule, RuleContext } from '../types';
import type { Token } from '../analysis';
import type { Clause } from '../intent';
import { lowerForMatch, phraseAlternation, phraseRegex } from '../phrases';
import { customerVocabulary, draftEchoesCustomer, isContent, quote } from './util';
import { GENERIC } from './ignores-details';
import vocab from './moves-offline.json';

/**
 * The first reply only moves the customer to another channel. Reads the draft's intent analysis
 * (lib/lint/intent.ts): clauses that ask the customer to DM, email, phone, fill in a form, open a ticket, chat or
 * go to a store (`intent.offline`). Not flagged when the reply engages with the problem (names it in the
 * customer's words or a synonym, outside team names and routing phrases such as "our billing team", "for mortgage
 * inquiries", "over social media", outside the channel's own words ("send us an email" to someone whose email
 * broke, "use this link") and outside the details it asks them to send; or says at least 3 specific words outside
 * the offline clauses and outside sympathy such as "sorry for the delays we are seeing"), when the channel is only the fallback after a step ("if those steps don't help, chat with us"), when
 * the customer asked for the channel or named no problem, or when the team has already answered.
 * Vocabulary: moves-offline.json and intent.vocab.json.
 */
const ASKED_RE = phraseRegex(vocab.customer_asked.phrases, {}, '');
const ROUTING_RE = phraseRegex(vocab.routing.phrases);
const DETAILS_TO_SEND_RE = new RegExp(`^\\W*(?:${phraseAlternation(vocab.details_to_send.phrases)})(?![\\w])`);
const FORM_ANSWER_RE = phraseRegex(vocab.form_is_answer.phrases, {}, '');
const NOT_ENGAGEMENT: ReadonlySet<string> = new Set(vocab.not_engagement.words);
const SYMPATHY_RE = new RegExp(`^[\\W]*(?:(?:hi|hello|hey|dear)\\b[^,.!?]*[,.!?-]+\\s*)?(?:${phraseAlternation(vocab.sympathy.phrases)})(?![\\w])`);
const SIGNATURE_RE = /(?:^|\s)[\^*~\-–—/]\s?[A-Z][A-Za-z]{0,14}\s*$/;
/** Suggestions and reports, where a form is the answer: a feature request form, an abuse report. */
const FORM_IS_ANSWER_RE = /\b(?:how\s+about|would\s+be\s+(?:nice|great|cool|awesome)|feature\s+request|please\s+add|you\s+should\s+(?:add|make|bring)|suggestion|idea|phishing|scam|spam|report(?:ing)?|abuse|fraudulent)\b/i;

/** Does the draft engage with the customer's problem outside the offline clauses' routing and details? */
function engages(ctx: RuleContext, offline: Clause[]): boolean {
  const lower = lowerForMatch(ctx.analysis.masked);
  const skipSpans: Array<[number, number]> = [];
  ROUTING_RE.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = ROUTING_RE.exec(lower)); ) skipSpans.push([m.index, m.index + m[0].length]);
  for (const cl of ctx.analysis.intent.clauses) {
    for (const ch of cl.channels) if (ch.kind === 'contact' || (offline.includes(cl) && ch.via === 'phrase')) skipSpans.push([ch.start, ch.end]);
    // "Remember to attach your Transaction ID": what to send, part of the move offline
    if (DETAILS_TO_SEND_RE.test(lower.slice(cl.start, cl.end).replace(/^\W*(?:please|kindly|also|and)\s+/, ''))) skipSpans.push([cl.start, cl.end]);
  }
  for (const cl of offline) {
    // "with your account information", "attach your Transaction ID": details to send, not the problem
    const text = lower.slice(cl.start, cl.end);
    for (const m of text.matchAll(/\byour\s+(?:[\w-]+\s+){0,2}[\w-]+/g)) skipSpans.push([cl.start + m.index, cl.start + m.index + m[0].length]);
  }
  const skip = (t: Token) => NOT_ENGAGEMENT.has(t.lower) || NOT_ENGAGEMENT.has(t.stem) || skipSpans.some(([a, b]) => t.start >= a && t.end <= b);
  if (draftEchoesCustomer(ctx, skip)) return true;
  // Public content: specific words outside the offline clauses.
  const draft = ctx.request.draft.replace(SIGNATURE_RE, (m) => ' '.repeat(m.length));
  const masked = ctx.analysis.masked;
  const inOffline = (t: Token) => offline.some((cl) => t.start >= cl.start && t.start < cl.end);
  // Sympathy is not engagement: the words of a clause that opens with "sorry for…", "thanks for…" do not count.
  const sympathy = ctx.analysis.intent.clauses.filter((cl) => SYMPATHY_RE.test(lower.slice(cl.start, cl.end)));
  const inSympathy = (t: Token) => sympathy.some((cl) => t.start >= cl.start && t.start < cl.end);
  let specific = 0;
  let prev = '';
  for (const t of ctx.analysis.tokens) {
    const p = prev;
    prev = t.lower;
    if (draft[t.start] === ' ' || masked[t.start] === ' ') continue; // signature, URL
    const before = draft[t.start - 1];
    if (before === '@' || before === '#') continue;
    if (/^(?:hi|hello|hey|dear|thanks|thank|sorry)$/.test(p) && /^[A-Z]/.test(draft.slice(t.start, t.end))) continue;
    if (inOffline(t) || inSympathy(t) || skip(t)) continue;
    if (!isContent(t) || GENERIC.has(t.lower) || GENERIC.has(t.stem)) continue;
    specific++;
  }
  return specific >= 3;
}

export const movesOffline: Rule = {
  meta: {
    id: 'moves-offline',
    severity: 'warning',
    description: 'The first answer only pushes the customer to DM, email or phone, without acknowledging the problem in public first.',
    docs:
      'Moving to DM is often right (accounts, addresses), but a first public reply that is only "DM us" tells the ' +
      'customer and everyone reading that the brand wants the problem out of sight. Name the problem first ' +
      '("Sorry your calls keep dropping in Newark"), then invite them to DM. Only the first agent reply is checked: ' +
      'once the team has answered in public, moving to DM is fine.',
  },
  check(ctx) {
    const c = ctx.analysis.context;
    if (c.hasEarlierAgentReply) return [];
    const intent = ctx.analysis.intent;
    const offline = intent.offline;
    if (!offline.length) return [];
    if (c.memo('offline.asked', () => ASKED_RE.test(lowerForMatch(c.customerText)))) return [];
    // The customer named no problem ("need help with my account"): there is nothing to acknowledge.
    if (customerVocabulary(ctx).count < 2) return [];
    // A suggestion, feedback or a report sent to the form made for it: the form is the answer.
    const lowerDraft = lowerForMatch(ctx.request.draft);
    if ((FORM_IS_ANSWER_RE.test(c.customerText) || offline.some((cl) => FORM_ANSWER_RE.test(lowerDraft.slice(cl.start, cl.end)))) && offline.every((cl) => cl.channels.every((ch) => ch.kind === 'form' || ch.kind === 'contact'))) return [];
    // Only a fallback after a step ("try these steps: <link>; if that doesn't help, chat with us").
    const hasStep =
      intent.urls.some((u) => u.kind === 'help') || intent.clauses.some((cl) => cl.directive && !offline.includes(cl) && cl.actions.some((a) => a.kind === 'visit'));
    if (hasStep && offline.every((cl) => cl.fallback)) return [];
    if (engages(ctx, offline)) return [];
    const first = offline[0]!;
    const s = intent.sentences[first.sentence]!;
    const draft = ctx.request.draft;
    const text = draft.slice(s.start, s.end);
    const start = s.start + (text.length - text.trimStart().length);
    const end = s.start + text.trimEnd().length;
    const ch = first.channels.find((x) => x.via !== 'url') ?? first.channels[0]!;
    return [
      {
        start,
        end,
        message: `First reply only moves the customer to another channel (${quote(ch.text, 30)}) without engaging with their problem in public. Name the problem first (or answer it), then invite them to DM.`,
      },
    ];
  },
  examples: {
    valid: [
      {
        draft: 'So sorry your calls keep dropping, that is not OK. DM us your zip code and we will check the towers near you.',
        request: { tweet: { author: 'ann', text: '@att thanks for dropping EVERY call I make. Really.' } },
      },
      {
        draft: 'Please DM us your account number so we can check.',
        request: {
          tweet: { author: 'ann', text: '@att still dropping calls' },
          history: { replies: [{ text: 'Sorry about the dropped calls, we are checking the towers in your area.' }] },
        },
        note: 'not the first reply',
      },
      {
        draft: 'Your refund for the cancelled flight is on its way; DM us if it has not arrived by Friday.',
        request: { tweet: { author: 'b', text: '@air where is my refund for the cancelled flight?' } },
      },
    ],
    invalid: [
      {
        draft: 'Hi, please DM us your email address so we can help.',
        request: { tweet: { author: 'ann', text: "Dear @att, it's not that I don't appreciate all of your late Xmas gifts of dropping EVERY call I make because I do. Really." } },
        expect: 'DM',
        note: 'seed 000',
      },
      {
        draft: 'Sorry to hear that! Send us a DM and we will take a look.',
        request: { tweet: { author: 'c', text: '@bank my card was charged twice for the same order' } },
        expect: 'Send us a DM',
      },
      {
        draft: 'Please email us at help@brand.com with more information.',
        request: { tweet: { author: 'c', text: '@brand the app crashes every time I open my statements' } },
        expect: 'help@brand.com',
      },
    ],
  },
};
