import type { Rule, RuleReport } from '../types';
import { allMatches, quote, sentences } from './util';

const A = "['’]";
/** Flat refusals. */
const REFUSAL_RE = new RegExp(
  [
    `\\b(?:there${A}?s|there\\s+is)\\s+(?:really\\s+)?nothing\\s+(?:more\\s+|else\\s+|further\\s+)?(?:we|i)\\s+(?:can|could)\\s+do\\b`,
    `\\bnothing\\s+(?:more\\s+|else\\s+|further\\s+)?(?:we|i)\\s+can\\s+do\\b`,
    `\\bnothing\\s+(?:more\\s+|else\\s+)?(?:can|could)\\s+be\\s+done\\b`,
    `\\b(?:we|i)\\s+(?:are|am|${A}re|${A}m)\\s+(?:not\\s+able|unable)\\s+to\\s+(?:help|assist|do\\s+anything|(?:extend|waive|refund|reimburse|compensate|cancel|approve|accept|process|honou?r|match|reinstate|reverse|exchange|replace|upgrade|transfer|issue|grant|allow|offer|change|move|make\\s+(?:an?\\s+|any\\s+)?exceptions?))\\b`,
    `\\b(?:we|i)\\s+(?:can${A}t|cannot|can\\s+not|won${A}t|will\\s+not|are\\s+not\\s+able\\s+to)\\s+(?:help|assist|do\\s+anything|change\\s+(?:this|that|it)|offer\\s+(?:anything|any)|make\\s+(?:an?\\s+|any\\s+)?exceptions?|(?:extend|waive|refund|reimburse|compensate|approve|honou?r|match|reinstate|reverse|grant|allow)\\b)`,
    `\\b(?:unable|not\\s+able)\\s+to\\s+(?:help|assist)\\s+(?:you\\s+)?(?:further|with\\s+this|any\\s+further)\\b`,
    `\\b(?:out\\s+of\\s+our\\s+hands|not\\s+something\\s+we\\s+can\\s+(?:help\\s+with|change|do))\\b`,
    `\\b(?:the|our|this|my)\\s+decision\\s+(?:is|remains|will\\s+remain|stands)\\s+(?:final|unchanged)\\b|\\b(?:the|our|this)\\s+decision\\s+stands\\b`,
    `\\b(?:we|i)\\s+(?:now\\s+)?(?:consider|regard|deem|treat)\\s+(?:this|the|your)\\s+(?:matter|case|complaint|issue|ticket|query)\\s+(?:as\\s+)?(?:closed|resolved|settled|final|concluded)\\b`,
    `\\b(?:we|i)\\s+(?:will|won${A}t|will\\s+not|shall\\s+not)\\s+(?:be\\s+)?(?:taking|take|discussing|discuss|entering\\s+into|respond(?:ing)?\\s+to)\\s+(?:this|the\\s+matter|it|any(?:thing)?)\\s+(?:any\\s+)?further\\b`,
    `\\b(?:there\\s+is|there${A}s|we\\s+have)\\s+no\\s+further\\s+(?:action|steps?|options?|help|assistance)\\s+(?:we|i)\\s+can\\b`,
    `\\b(?:this|that)\\s+is\\s+(?:our|the)\\s+final\\s+(?:answer|response|word|position|offer)\\b`,
    `\\bno\\s+further\\s+(?:action|assistance|help)\\s+(?:can|will)\\b`,
    `\\bwe\\s+(?:will|${A}ll)\\s+(?:now\\s+)?(?:be\\s+)?clos(?:e|ing)\\s+(?:this|the)\\s+(?:case|ticket|conversation|matter)\\b`,
    `\\b(?:not\\s+possible|impossible)\\s+(?:to|for\\s+us\\s+to)\\s+(?:help|change|refund|move|reschedule|do\\s+anything)\\b`,
    // "that charge cannot be refunded": a flat no in the passive.
    `\\b(?:cannot|can${A}t|can\\s+not|won${A}t|will\\s+not)\\s+be\\s+(?:refunded|changed|reversed|waived|cancell?ed|moved|exchanged|returned|reinstated|reopened|credited|compensated|approved|reconsidered)\\b`,
    // "refunds are not possible", "exchanges aren't available": a flat no to what they asked for.
    `\\b(?:refunds?|exchanges?|returns?|cancell?ations?|changes?|compensation|credits?|price\\s+match(?:ing|es)?|exceptions?|upgrades?|transfers?)\\s+(?:are|is|isn${A}t|aren${A}t)\\s+(?:not\\s+)?(?:possible|available|allowed|permitted|offered|an\\s+option)\\b`,
    `\\b(?:we|i)\\s+(?:don${A}t|do\\s+not|no\\s+longer|cannot|can${A}t)\\s+(?:offer|provide|do|give|allow|accept|issue|grant|make)\\s+(?:any\\s+)?(?:refunds?|exchanges?|returns?|compensation|credits?|price\\s+match(?:ing|es)?|exceptions?|discounts?|that|this)\\b`,
  ].join('|'),
  'gi',
);

/** "Late checkout is not available": a flat no, when the customer asked for something. */
const NOT_AVAILABLE_RE = new RegExp(
  `\\b(?:(?:is|are)\\s+(?:unfortunately\\s+)?not|isn${A}t|aren${A}t)\\s+(?:available|possible|permitted|allowed|an\\s+option|offered)\\b`,
  'gi',
);

/** Declaring the matter settled. */
const SETTLED_RE = new RegExp(
  [
    `\\b(?:you\\s+)?already\\s+(?:have|got|hold)\\s+(?:an?|the|your)\\s+(?:[\\w-]+\\s+){0,2}(?:appointment|booking|ticket|refund|replacement|case|order|reservation|credit|visit)\\b[^.!?]*`,
    `\\b(?:you${A}?re|you\\s+are|we${A}?re|we\\s+are|that${A}?s|it${A}?s|everything${A}?s|everything\\s+is|that\\s+is)\\s+all\\s+(?:good|set|sorted|done)\\b`,
    `\\ball\\s+(?:good|set|sorted)\\b`,
    `\\b(?:is|are|has\\s+been|have\\s+been|${A}s)\\s+already\\s+(?:booked|scheduled|arranged|confirmed|set\\s+up|in\\s+place|on\\s+(?:its|the)\\s+way)\\b[^.!?]*`,
    `\\b(?:has|have)\\s+already\\s+been\\s+(?:booked|scheduled|arranged|confirmed|set\\s+up|sent|dispatched|shipped|processed|issued)\\b[^.!?]*`,
    `\\beverything\\s+(?:is|${A}s|looks)\\s+(?:in\\s+order|fine|ok(?:ay)?|as\\s+it\\s+should\\s+be|sorted|done|taken\\s+care\\s+of)\\b`,
    `\\byou${A}?re\\s+(?:covered|sorted|good\\s+to\\s+go)\\b`,
    `\\bnothing\\s+(?:further|else|more)\\s+(?:is\\s+)?(?:needed|required|to\\s+do)\\b`,
    `\\bno\\s+(?:further\\s+)?(?:action|need\\s+to\\s+worry)\\s+(?:is\\s+)?(?:needed|required|on\\s+your\\s+(?:part|side))?`,
    `\\b(?:(?:this|that|the)\\s+(?:issue|matter|case|problem)|this|that|it)\\s+(?:has\\s+been|is|was)\\s+(?:now\\s+)?(?:already\\s+)?(?:resolved|closed|settled|handled|taken\\s+care\\s+of)\\b`,
  ].join('|'),
  'gi',
);

/** The customer asked for something (a change, a sooner date, a refund...), so "all settled" does not answer. */
const CUSTOMER_ASKS_RE =
  /\b(?:never\s+(?:showed|turned|came|arrived|called|got)|no[- ]show|(?:didn['’]t|did\s+not|hasn['’]t|has\s+not|haven['’]t|have\s+not)\s+(?:show|turn|come|arrive|call|get|receive|work)\w*|missed|wrong|broken|faulty|defective|damaged|stopped\s+working|not\s+working|(?:doesn['’]t|does\s+not|won['’]t|will\s+not)\s+(?:work|turn|start|load|connect|charge)|earlier|sooner|asap|faster|quicker|urgent(?:ly)?|can\s+(?:you|i|we|someone)|could\s+(?:you|i|we|someone)|would\s+you|will\s+you|i\s+(?:need|want|would\s+like|['’]d\s+like)|please|reschedul\w*|refund|cancel\w*|replace\w*|compensat\w*|change|move|fix|unacceptable|still)\b|\?/i;

/** A next step in the same reply keeps the door open. */
const NEXT_STEP_RE =
  /\b(?:but|however|instead|alternatively|what\s+we\s+can|(?:we|i)\s*(?:['’]ll|will|can|could|['’]d\s+be\s+happy|would\s+be\s+happy|are\s+happy|am\s+happy)\s+(?:\w+\s+)?(?:help|check|look|try|offer|escalate|pass|raise|arrange|book|send|see|contact|ask|follow|refund|credit|find|get|set|share|update|call|reach)|let\s+me|let\s+us\s+(?:know|see|check|look)|you\s+(?:can|could|may|might)\s+(?:try|also|still|request|apply|appeal|contact|visit|ask|book|reschedule|cancel|use|check)|feel\s+free|option|recommend|suggest|next\s+step|escalat\w+|here['’]?s\s+how|https?:\/\/)\b/i;

export const deadEnd: Rule = {
  meta: {
    id: 'dead-end',
    severity: 'warning',
    description: 'The reply closes the door without a next step: a flat refusal, or "all settled" when the customer asked for something else.',
    docs:
      'A flat "nothing we can do" or "unable to help" ends the conversation in public with an unhappy customer. ' +
      'So does declaring the matter settled when the customer asked for something else (seed 003: "you already have ' +
      'an appointment, so all good" to someone asking for an EARLIER appointment). Always give a next step: what you ' +
      'can do, who can, or when you will follow up.',
  },
  check(ctx) {
    const draft = ctx.request.draft;
    if (NEXT_STEP_RE.test(draft)) return [];
    const out: RuleReport[] = [];
    for (const m of allMatches(REFUSAL_RE, draft)) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        message: `Closes the door: ${quote(m[0])} with no next step. Say what you can do instead, who can help, or when you will follow up.`,
      });
    }
    const asked = ctx.analysis.context.memo('deadEnd.asked', () => CUSTOMER_ASKS_RE.test(ctx.analysis.context.customerText));
    if (asked) {
      for (const m of allMatches(NOT_AVAILABLE_RE, draft)) {
        if (out.some((f) => m.index < f.end && m.index + m[0].length > f.start)) continue;
        const s = sentences(draft).find((x) => m.index >= x.start && m.index < x.end);
        out.push({
          start: s ? s.start + (s.text.length - s.text.trimStart().length) : m.index,
          end: s ? s.start + s.text.trimEnd().length : m.index + m[0].length,
          message: `Closes the door: ${quote(s ? s.text.trim() : m[0])} answers their request with a no and no next step. Say what you can do instead, who can help, or when you will follow up.`,
        });
      }
      for (const m of allMatches(SETTLED_RE, draft)) {
        if (out.some((f) => m.index < f.end && m.index + m[0].length > f.start)) continue;
        const s = sentences(draft).find((x) => m.index >= x.start && m.index < x.end);
        const end = m.index + m[0].replace(/[\s,;:]+$/, '').length;
        out.push({
          start: m.index,
          end,
          message: `Declares the matter settled (${quote(draft.slice(m.index, end))}) though the customer asked for something else${
            s ? '' : ''
          }. Answer what they asked, or say what the next step is.`,
        });
      }
    }
    return out;
  },
  examples: {
    valid: [
      { draft: "Unfortunately we can't change the fare, but we can offer a travel credit for the difference. Want me to set it up?" },
      { draft: 'Your refund has been processed, it should reach your card in 3-5 days.', request: { tweet: { author: 'c', text: '@brand thanks for the help yesterday!' } } },
      { draft: 'There is nothing you need to do: the engineer is booked for Tuesday 8am and will bring the new router.' },
      { draft: 'We are unable to move the appointment online, but I have asked the dispatch team to call you about an earlier slot.' },
    ],
    invalid: [
      {
        draft: 'Since you already have an appointment, you are all good. Thanks for contacting us!',
        request: { tweet: { author: 'con', text: '@isp my router died, the earliest appointment is next week. Can I get an earlier appointment?' } },
        expect: 'already have an appointment',
        note: 'seed 003',
      },
      { draft: 'Sorry, there is nothing we can do about this.', expect: 'nothing we can do' },
      { draft: 'We are unable to help with this request.', expect: 'unable to help' },
      { draft: 'Apologies again. Nothing more can be done, the decision is final.', expect: 'Nothing more can be done' },
      {
        draft: 'That issue has been resolved on our side.',
        request: { tweet: { author: 'c', text: '@brand still no internet since Monday, please fix it' } },
        expect: 'That issue has been resolved',
      },
    ],
  },
};
