import type { Rule } from '../types';
import { allMatches, draftEchoesCustomer, isContent, quote, sentences } from './util';

/** Pushing the conversation to DM, email or phone. */
const OFFLINE_RE =
  /\b(?:dm|d\.m\.|direct\s+message|private\s+message|pm|inbox)\b|\b(?:send|drop|shoot|message)\s+(?:us|me)\b|\b(?:email|e-mail|mail)\s+(?:us|me|our|the\s+team)\b|\b(?:call|phone|ring)\s+(?:us|our|the)\b|\bgive\s+us\s+a\s+(?:call|ring)\b|\b(?:contact|reach)\s+(?:us|our\s+[\w-]+(?:\s+[\w-]+)?\s+team)\s+(?:at|on|via|by|through)\b|\bsend\s+(?:over\s+)?(?:your|the)\s+(?:[\w-]+\s+){0,3}(?:details|number|email|info)\b|\bfollow\s+(?:us|and\s+dm)\b|\bslide\s+into\s+our\s+dms\b|\breach\s+out\s+to\s+(?:us|our\s+(?:[\w-]+\s+){0,2}team)\b|\blive\s+chat\b|\bspeak\s+(?:to|with)\s+(?:a\s+member\s+of\s+(?:staff|the\s+team)|someone|staff|a\s+colleague)\s+(?:at|in)\s+(?:the\s+|your\s+|our\s+)?(?:reception|store|branch|shop|desk|club|gym)\b|\b(?:visit|pop\s+into|go\s+(?:in)?to|head\s+(?:in)?to)\s+(?:your|the|a|our)\s+(?:nearest|local)\s+(?:store|branch|shop|gym|club|office)\b|\bchat\s+with\s+(?:us|our\s+(?:[\w-]+\s+){0,2}team)\b|\bfill\s+(?:in|out)\s+(?:the|our|this|a)\s+(?:[\w-]+\s+){0,2}form\b|\b(?:submit|open|raise|create|log)\s+a\s+(?:support\s+|service\s+)?(?:ticket|request|case)\b|\b(?:visit|use|go\s+to|head\s+to|via)\s+our\s+(?:contact|support|help)\s+(?:page|form|centre|center)\b/gi;

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
    if (ctx.analysis.context.hasEarlierAgentReply) return [];
    const draft = ctx.request.draft;
    const hits = allMatches(OFFLINE_RE, ctx.analysis.masked);
    for (const p of ctx.analysis.phones) hits.push(Object.assign([p.text] as unknown as RegExpExecArray, { index: p.start }));
    for (const e of ctx.analysis.emails) hits.push(Object.assign([e.text] as unknown as RegExpExecArray, { index: e.start }));
    if (!hits.length) return [];
    // Acknowledged: the reply names the customer's problem (shares a word or synonym).
    if (draftEchoesCustomer(ctx)) return [];
    // Helps in public: sentences that do not move offline carry real content (an answer, a link, steps).
    const masked = ctx.analysis.masked;
    const sents = sentences(draft);
    let publicContent = 0;
    for (const s of sents) {
      OFFLINE_RE.lastIndex = 0;
      if (OFFLINE_RE.test(masked.slice(s.start, s.end))) continue;
      if (ctx.analysis.phones.some((p) => p.start >= s.start && p.start < s.end)) continue;
      if (/https?:\/\/|www\./i.test(s.text)) publicContent += 3;
      for (const t of ctx.analysis.tokens) if (t.start >= s.start && t.end <= s.end && draft[t.start - 1] !== '@' && masked[t.start] !== ' ' && isContent(t)) publicContent++;
    }
    if (publicContent >= 4) return [];
    hits.sort((a, b) => a.index - b.index);
    const first = hits[0]!;
    const s = sents.find((x) => first.index >= x.start && first.index < x.end);
    const start = s ? s.start + (s.text.length - s.text.trimStart().length) : first.index;
    const end = s ? s.start + s.text.trimEnd().length : first.index + first[0].length;
    return [
      {
        start,
        end,
        message: `First reply only moves the customer offline (${quote(first[0], 30)}) without acknowledging their problem in public. Name the problem first, then invite them to DM.`,
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
