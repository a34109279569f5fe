import type { DetailKind, Rule, RuleReport } from '../types';
import { whereLabel } from '../analysis';
import type { KnownDetail } from '../analysis';
import { quote, sentences } from './util';

/** Nouns naming each kind of detail, longest first within a kind. */
const NOUNS: Array<[DetailKind, string]> = [
  ['order', '(?:order|booking|confirmation|reservation|tracking|reference|ref|case|ticket|claim|flight|invoice|receipt)\\s*(?:number|no\\.?|#|code|id|ref(?:erence)?|details)|order|booking\\s+reference|confirmation\\s+code|pnr'],
  ['account', '(?:account|acct|member(?:ship)?|policy|customer|card)\\s*(?:number|no\\.?|#|id|details|info(?:rmation)?|name)|account|username|user\\s*name|handle\\s+on\\s+file'],
  ['email', '(?:e-?mail|mail)(?:\\s+address)?'],
  ['phone', '(?:(?:phone|mobile|cell|telephone|contact|callback|call-back|best|home|landline)\\s+)+(?:number|no\\.?|#)|phone|mobile|number'],
  ['address', '(?:(?:service|street|postal|home|billing|delivery|shipping|full)\\s+)?address|zip(?:\\s*code)?|post\\s*code|postcode'],
  ['location', 'location|city|town|area|whereabouts|(?:nearest\\s+)?(?:store|branch)(?:\\s+location)?'],
  ['device', '(?:device|phone|handset|router|modem|console|laptop|computer|tv)\\s+(?:model|make|type)|device|model'],
  ['appointment', '(?:appointment|installation|visit|booking)\\s*(?:date|time|details|slot)?'],
];
const KIND_OF: DetailKind[] = NOUNS.map(([k]) => k);
/** A device named by its kind only, with no model: asking which model it is asks for something new. */
const GENERIC_DEVICE_RE = /^(?:router|modem|laptop|android|smart\s?tv|set[- ]top box|cable box|phone|tv|console|computer)$/i;
const A = "['’]";
/** "your <noun>" / "the <noun>" as asked for in a request sentence. Each kind is its own capture group. */
const ASK_NOUN_RE = new RegExp(
  `\\b(?:your|the|ur|yr|a|an|which|what)\\s+(?:(?:best|preferred|current|correct|full|registered|associated|new|exact|good|valid|working|daytime|direct|reliable|alternative|alternate|primary|main|contact)\\s+){0,2}(?:${NOUNS.map(([, n]) => `(${n})`).join('|')})\\b`,
  'gi',
);
/** A sentence that asks the customer for something. */
const REQUEST_RE = new RegExp(
  `\\b(?:dm|d\\.m\\.|send|provide|share|give|confirm|include|tell|let\\s+(?:us|me)\\s+know|what${A}?s|what\\s+(?:is|was|are)|which|can\\s+you|could\\s+you|would\\s+you|may\\s+(?:we|i)|please|need|require|verify|reply\\s+with|drop)\\b|\\?`,
  'i',
);
/** "send us an email": email as a channel, not the customer's address. */
const VERB_NOT_NOUN_RE = /\b(?:send|drop|shoot|write)\s+(?:us|me|them)\s+an?\s+(?:e-?mail|message|dm)\b/i;
/** Phrases where the noun is not asked for ("our number", "on your account"). */
const NOT_ASK_RE = /\b(?:send|drop|shoot)\s+(?:us|me|them)\s+an?\s+(?:e-?mail|message|dm)|\b(?:delete|remove|hide)\b|\b(?:on|to|in|from|into|with|for|at|under)\s+(?:your|the)\s+(?:account|order|booking|area|device|phone|mobile|address)\b|\b(?:we\s+(?:have|see|found|got|updated|sent)|sent\s+to|already\s+have|we['’]ll\s+(?:use|call))\b/i;

const RELATED: Partial<Record<DetailKind, DetailKind[]>> = {
  location: ['location', 'address'],
  address: ['address'],
  order: ['order'],
  account: ['account'],
};

export const asksKnownDetail: Rule = {
  meta: {
    id: 'asks-known-detail',
    severity: 'warning',
    description: 'The reply asks for something the customer already gave: in the tweet, the thread or the case history.',
    docs:
      'Asking again for a phone number, email, account or order number, location, device or appointment the ' +
      'customer already gave tells them nobody read what they wrote (seed 000: asked for an email, then for a ' +
      'number, by different agents). The finding names the detail and where it was given; refer to it instead ' +
      '("we have the number you sent, 555-201-3344").',
  },
  check(ctx) {
    const known = ctx.analysis.knownDetails;
    if (!known.length) return [];
    const out: RuleReport[] = [];
    const sents = sentences(ctx.analysis.masked);
    for (const s of sents) {
      if (!REQUEST_RE.test(s.text)) continue;
      ASK_NOUN_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = ASK_NOUN_RE.exec(s.text))) {
        const gi = m.slice(1).findIndex((g) => g !== undefined);
        let kind = KIND_OF[gi];
        if (!kind) continue;
        const noun = (m[gi + 1] ?? '').toLowerCase();
        // "device model" etc. but a bare "phone" next to number-ish words is the phone number
        if (kind === 'phone' && noun === 'phone' && !/number|no\b|#/.test(s.text.slice(m.index + m[0].length, m.index + m[0].length + 10))) {
          if (!known.some((d) => d.kind === 'device')) continue;
          kind = 'device';
        }
        const before = s.text.slice(Math.max(0, m.index - 14), m.index + m[0].length);
        if (VERB_NOT_NOUN_RE.test(before) || /\b(?:delete|remove|hide|never\s+share|don['’]t\s+share)\b/i.test(s.text)) continue;
        if (NOT_ASK_RE.test(before) && !/\b(?:dm|send|provide|confirm|share|give)\b/i.test(before)) continue;
        const kinds = RELATED[kind] ?? [kind];
        // Asking for the model of a device they named only generically ("my router") is a fair question.
        const asksModel = kind === 'device' && /\b(?:model|make|type)\b/.test(noun);
        let detail: KnownDetail | undefined = known.find((d) => kinds.includes(d.kind) && !(asksModel && GENERIC_DEVICE_RE.test(d.value)));
        // "your number" is the phone number unless the customer only gave an account/order number
        if (!detail && kind === 'phone' && noun === 'number') detail = undefined;
        if (!detail) continue;
        const start = s.start + m.index;
        const end = start + m[0].length;
        if (out.some((f) => start < f.end && end > f.start)) continue;
        const label = detail.label;
        out.push({
          start,
          end,
          message: `Asks for the customer's ${label}, which they already gave ${whereLabel(detail)}: ${quote(detail.value, 40)}. Refer to it instead of asking again.`,
          suggestions: [
            {
              start,
              end,
              text: `the ${label} you gave us (${detail.value.length > 40 ? detail.value.slice(0, 39) + '…' : detail.value})`,
              label: `Refer to the ${label} they gave`,
            },
          ],
        });
      }
    }
    return out;
  },
  examples: {
    valid: [
      { draft: 'Please DM us your phone number so we can call you back.', request: { tweet: { author: 'c', text: '@brand my calls keep dropping' } } },
      {
        draft: 'Thanks, we will call you on 555-201-3344 within the hour.',
        request: { tweet: { author: 'c', text: '@brand internet down, call me at 555-201-3344' } },
      },
      {
        draft: 'Could you DM us your account number?',
        request: { tweet: { author: 'c', text: '@brand my order #A12345 never arrived' } },
        note: 'gave an order number, not an account number',
      },
      { draft: 'We have updated the email on your account as asked.', request: { history: { details: [{ kind: 'email', value: 'ann@example.com' }] } } },
    ],
    invalid: [
      {
        draft: 'Hi! To get this figured out, please DM us your phone number.',
        request: { tweet: { author: 'ann', text: '@att dropped calls again' }, history: { details: [{ kind: 'phone', value: '555-201-3344' }] } },
        expect: 'your phone number',
        note: 'seed 000: the number was given to the team already',
      },
      {
        draft: 'Can you DM us your email address so we can look into this?',
        request: {
          tweet: { author: 'cin', text: '@TeamYouTube my channel has been suspended, I sent an e-mail, no answer. my e-mail address: zeki@example.com' },
        },
        expect: 'your email address',
      },
      {
        draft: 'Sorry for the wait. What is your order number?',
        request: { thread: [{ author: 'customer', text: '@brand order #A12345 still not here' }], tweet: { author: 'customer', text: '@brand hello??' } },
        expect: 'your order number',
      },
      {
        draft: 'Which device are you using?',
        request: { tweet: { author: 'c', text: '@brand the app crashes on my iPhone 12 every time' } },
        expect: 'device',
      },
      {
        draft: 'Please confirm your appointment date and we will check.',
        request: { tweet: { author: 'con', text: '@isp I need an earlier slot' }, history: { details: [{ kind: 'appointment', value: 'Tuesday 14 Dec, 8-12' }] } },
        expect: 'your appointment date',
        note: 'seed 003',
      },
      {
        draft: 'Sorry for the wait! Could you DM us your order number?',
        request: {
          tweet: { author: 'kim', text: '@shop any news??' },
          history: { tweets: [{ text: '@shop order #A55120 arrived smashed', at: '2026-11-20T10:00:00.000Z' }] },
        },
        expect: 'your order number',
        note: 'the order number is in a tweet of theirs attached to the case',
      },
      {
        draft: 'What city are you in?',
        request: { tweet: { author: 'c', text: '@att no signal at all here in Newark since Monday' } },
        expect: 'city',
      },
    ],
  },
};
