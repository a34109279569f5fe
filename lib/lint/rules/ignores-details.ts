import type { Rule } from '../types';
import type { RuleContext } from '../types';
import { customerVocabulary, draftEchoesCustomer, isContent, wordCount } from './util';
import careWords from './care-words.json';

/**
 * Vocabulary of canned care replies (care-words.json): words that fit any tweet. A draft whose content words are
 * all from there (or stop words) says nothing specific; a draft with several words outside it answers something,
 * even in words the customer did not use ("restore licenses", "repair the Visual C++ installation").
 */
export const GENERIC: ReadonlySet<string> = new Set(careWords.generic);
/** Path words of help-centre URLs that say nothing about the topic. */
export const URL_WORDS: ReadonlySet<string> = new Set(careWords.url_words);
const SIGNATURE_RE = /(?:^|\s)[\^*~\-–—]\s?[A-Z][A-Za-z]{0,14}\s*$/;

/** Content words of the draft that are not canned-reply vocabulary (names after a greeting and signatures excluded). */
function specificWords(ctx: RuleContext): number {
  const draft = ctx.request.draft.replace(SIGNATURE_RE, (m) => ' '.repeat(m.length));
  let n = 0;
  let prev = '';
  for (const t of ctx.analysis.tokens) {
    const before = draft[t.start - 1];
    const p = prev;
    prev = t.lower;
    if (t.start >= draft.length || draft[t.start] === ' ') continue; // inside the signature
    if (before === '@' || before === '/' || before === '.' || before === '#') continue;
    if (/^(?:hi|hello|hey|dear|thanks|thank)$/.test(p) && /^[A-Z]/.test(ctx.request.draft.slice(t.start, t.end))) continue;
    if (!isContent(t) || GENERIC.has(t.lower) || GENERIC.has(t.stem)) continue;
    if (ctx.analysis.masked[t.start] === ' ') continue; // inside a URL
    n++;
  }
  // A help link with a descriptive path ("/Clearing-the-Cache-on-your-PS4-console") is a specific answer.
  for (const m of draft.matchAll(/\bhttps?:\/\/[^\s/]+(\/[^\s?#]*)/g)) {
    for (const w of m[1]!.toLowerCase().split(/[^a-z0-9]+/)) {
      if (w.length >= 4 && /^[a-z]+\d?$/.test(w) && !GENERIC.has(w) && !URL_WORDS.has(w)) n++;
    }
  }
  return n;
}

/** Tweets that suggest or praise rather than report a problem. */
const SUGGESTION_RE = /\b(?:how\s+about|would\s+be\s+(?:nice|great|cool|awesome)|feature\s+request|please\s+add|you\s+should\s+(?:add|make|bring)|suggestion|idea)\b/i;

/** Tweets that need no specific answer: thanks, praise, greetings. */
const THANKS_RE = /^\W*(?:@\w+\s*)*(?:thanks?|thank\s+you|thx|ty|cheers|love|great|awesome|amazing|appreciate|kudos|shout\s*out)\b/i;

export const ignoresDetails: Rule<{ minCustomerWords?: number; minDraftWords?: number; maxSpecificWords?: number }> = {
  meta: {
    id: 'ignores-details',
    severity: 'info',
    description: 'The customer gave specifics and the reply acknowledges none of them: a reply that would fit any tweet.',
    docs:
      'When a customer says what broke, where, how much, since when or what they want, a reply that picks up none of ' +
      'it ("Sorry to hear that, DM us!") reads as a canned bot. Flagged when the customer wrote at least ' +
      '`minCustomerWords` (default 4) content words and the draft (at least `minDraftWords`, default 4 words) shares ' +
      'none of them, nor a close synonym (bill/charge, internet/connection, flight/trip...), nor a detail they gave. ' +
      'Replies that carry their own specifics are not flagged either: 3 or more (`maxSpecificWords`) content words ' +
      'outside the vocabulary of canned care replies (ticket, link, assist, inconvenience, DM...), such as ' +
      'troubleshooting steps or a pointed question. Words in the path of a help link count as echoes ' +
      '("/Mute-All-And-Unmute-All"). Tweets that suggest a feature or thank the team are skipped. ' +
      'Name at least one of their specifics.',
  },
  check(ctx, options) {
    const minCustomer = typeof options.minCustomerWords === 'number' ? options.minCustomerWords : 4;
    const minDraft = typeof options.minDraftWords === 'number' ? options.minDraftWords : 4;
    const voc = customerVocabulary(ctx);
    if (voc.count < minCustomer || voc.stems.size < minCustomer) return [];
    if (THANKS_RE.test(ctx.request.tweet.text) || SUGGESTION_RE.test(ctx.request.tweet.text)) return [];
    if (wordCount(ctx) < minDraft) return [];
    if (draftEchoesCustomer(ctx)) return [];
    // A reply with its own specifics (steps, an answer, a pointed question) is not one that fits any tweet.
    if (specificWords(ctx) >= (typeof options.maxSpecificWords === 'number' ? options.maxSpecificWords : 3)) return [];
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
        draft: 'Try clearing the app cache in Settings, then reinstall; the new version fixes playback on older TVs.',
        request: { tweet: { author: 'v', text: '@StreamHelp the new season of Night Ward is stuck on episode 3 loading screen' } },
        note: 'specific steps in other words',
      },
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
        draft: "Thanks for reaching out! We're here to help. Please DM us.",
        request: { brand: ['AirCare'], tweet: { author: 'p', text: '@AirCare flight to Madrid delayed 4 hours and no food vouchers at gate 22' } },
      },
      {
        draft: "We're sorry for any inconvenience caused.",
        request: { brand: ['PowerCo'], tweet: { author: 'p', text: '@PowerCo estimated bill of £340 when the meter says we used half that' } },
      },
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
