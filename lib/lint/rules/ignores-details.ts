import type { Rule } from '../types';
import { customerVocabulary, draftEchoesCustomer, wordCount } from './util';

/** Tweets that need no specific answer: thanks, praise, greetings. */
const THANKS_RE = /^\W*(?:@\w+\s*)*(?:thanks?|thank\s+you|thx|ty|cheers|love|great|awesome|amazing|appreciate|kudos|shout\s*out)\b/i;

export const ignoresDetails: Rule<{ minCustomerWords?: number; minDraftWords?: number }> = {
  meta: {
    id: 'ignores-details',
    severity: 'info',
    description: 'The customer gave specifics and the reply acknowledges none of them: a reply that would fit any tweet.',
    docs:
      'When a customer says what broke, where, how much, since when or what they want, a reply that picks up none of ' +
      'it ("Sorry to hear that, DM us!") reads as a canned bot. Flagged when the customer wrote at least ' +
      '`minCustomerWords` (default 4) content words and the draft (at least `minDraftWords`, default 4 words) shares ' +
      'none of them, nor a close synonym (bill/charge, internet/connection, flight/trip...), nor a detail they gave. ' +
      'Name at least one of their specifics.',
  },
  check(ctx, options) {
    const minCustomer = typeof options.minCustomerWords === 'number' ? options.minCustomerWords : 4;
    const minDraft = typeof options.minDraftWords === 'number' ? options.minDraftWords : 4;
    const voc = customerVocabulary(ctx);
    if (voc.count < minCustomer || voc.stems.size < minCustomer) return [];
    if (THANKS_RE.test(ctx.request.tweet.text)) return [];
    if (wordCount(ctx) < minDraft) return [];
    if (draftEchoesCustomer(ctx)) return [];
    const sample = [...voc.stems].filter((s) => s.length > 3 && !/^\d+$/.test(s)).slice(0, 3);
    return [
      {
        start: 0,
        end: ctx.request.draft.length,
        message: `Acknowledges none of the customer's specifics${sample.length ? ` (they wrote about: ${sample.join(', ')})` : ''}: this reply would fit any tweet. Name what they told you.`,
      },
    ];
  },
  examples: {
    valid: [
      {
        draft: 'Sorry the #301 cartridge is not recognised. Try updating the printer firmware from the HP Smart app.',
        request: { tweet: { author: 'm', text: '@HP your software says my printer needs a #301 cartridge which I purchased. Opened it, doesn’t work' } },
      },
      { draft: 'Thanks so much, we will pass that on to the team!', request: { tweet: { author: 'c', text: '@brand thanks for the quick fix on my router yesterday, great service' } } },
      { draft: 'Sorry to hear that, DM us!', request: { tweet: { author: 'c', text: '@brand help' } }, note: 'nothing specific given' },
      {
        draft: 'Really sorry about the double charge. We will refund the extra payment today.',
        request: { tweet: { author: 'c', text: '@bank you billed me twice for March, $49.99 each time' } },
        note: 'synonym: charge / billed',
      },
    ],
    invalid: [
      {
        draft: 'Hi there, sorry to hear that. Please send us a DM so we can help.',
        request: { tweet: { author: 'm', text: '@HP your software says my printer needs a #301 cartridge which I purchased. Opened it, doesn’t work' } },
      },
      {
        draft: 'We apologize for any inconvenience. Let us know if there is anything we can do.',
        request: { tweet: { author: 'a', text: '@united flight UA 845 to Denver delayed 5 hours and nobody at gate B12 will tell us why' } },
      },
      {
        draft: 'Thanks for reaching out! We are happy to help you with that.',
        request: {
          tweet: { author: 'con', text: '@isp the router died, technician appointment is a week away. I need an earlier appointment, tomorrow if possible' },
        },
        note: 'seed 003',
      },
    ],
  },
};
