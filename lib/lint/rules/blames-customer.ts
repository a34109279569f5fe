import type { Rule, RuleReport } from '../types';
import { allMatches, quote } from './util';

const A = "['’]";
/** "you should have received an email" informs, it does not blame. */
const NOT_PASSIVE = '(?!\\s+(?:already\\s+|now\\s+|also\\s+)?(?:received|recieved|got|gotten|been|seen|had|heard|access|the|a|an|it|your|one|two|some|an?\\s+email)\\b)';
/** Phrases that put the fault on the customer. Each alternative is a complete blaming phrase. */
const BLAME_RE = new RegExp(
  [
    `\\byou\\s+(?:really\\s+|clearly\\s+|simply\\s+)?(?:should|shouldn${A}t|should\\s+not|ought\\s+to)(?:\\s+not)?\\s+have\\b${NOT_PASSIVE}`,
    `\\byou\\s+(?:should${A}ve|could${A}ve|must${A}ve)\\b${NOT_PASSIVE}`,
    `\\byou\\s+(?:must|may)\\s+have\\s+(?:entered|typed|forgotten|missed|misread|deleted|clicked|selected|chosen|used|ignored|made)\\b`,
    `\\byou\\s+(?:failed|neglected|forgot|omitted)\\s+to\\b`,
    `\\byou\\s+(?:did\\s+not|didn${A}t|never)\\s+(?:read|follow|check|update|pay|submit|confirm|provide|select|enter|cancel|register|activate|contact|respond|tell|inform|notify|click|save|back\\s+up|turn)\\b`,
    `\\b(?:it\\s+(?:is|was)|that\\s+(?:is|was)|it${A}s|that${A}s)\\s+(?:entirely\\s+|all\\s+|completely\\s+)?your\\s+(?:own\\s+)?(?:fault|mistake|error|problem|responsibility)\\b`,
    `\\byour\\s+(?:own\\s+)?(?:fault|mistake|error|negligence|carelessness)\\b`,
    `\\b(?:due\\s+to|because\\s+of|caused\\s+by|result\\s+of)\\s+(?:your|the\\s+customer${A}s)\\s+(?:own\\s+)?(?:error|mistake|failure|negligence|late\\s+payment|actions?|misuse|carelessness|oversight)\\b`,
    `\\bas\\s+you\\s+(?:were|have\\s+been|had\\s+been)\\s+(?:already\\s+)?(?:told|advised|informed|warned|instructed)\\b`,
    `\\byou\\s+(?:were|have\\s+been|had\\s+been)\\s+(?:already\\s+|clearly\\s+|previously\\s+)?(?:told|warned|informed|advised|instructed)\\b`,
    `\\bas\\s+(?:we|i)\\s+(?:have\\s+)?(?:already|previously|clearly)\\s+(?:told|explained|said|stated|advised|informed)\\b`,
    `\\bas\\s+(?:clearly\\s+)?(?:stated|explained|written|mentioned)\\s+(?:clearly\\s+)?(?:in|on)\\s+(?:our|the)\\s+(?:terms|policy|website|faq|t&cs?|conditions|email)\\b`,
    `\\bif\\s+you\\s+(?:had|would\\s+have|${A}d)\\s+(?:read|followed|checked|paid|listened|updated|contacted|done|bothered)\\b`,
    `\\buser\\s+error\\b`,
    // "You didn't skip the box before the cut-off": what they did not do, in time.
    `\\byou\\s+(?:did\\s+not|didn${A}t|never)\\s+\\w+\\b[^.!?]{0,40}?\\b(?:before\\s+the|by\\s+the|in\\s+time|on\\s+time)\\b`,
    // "This usually happens when customers reuse passwords".
    `\\b(?:this|that|it)\\s+(?:usually\\s+|often\\s+|typically\\s+|normally\\s+|only\\s+)?(?:happens|occurs)\\s+(?:when|if)\\s+(?:you|customers|users|people|someone)\\b`,
    // "That's because you went over your allowance": the cause is put on the customer.
    `\\b(?:that|this|it)(?:${A}s|\\s+is|\\s+was)\\s+(?:only\\s+|simply\\s+|just\\s+)?because\\s+you\\b`,
    // Lecturing: what they ought to do to avoid their own problem.
    `\\byou\\s+(?:should|ought\\s+to)\\s+(?:always\\s+|really\\s+|probably\\s+)?(?:keep\\s+an\\s+eye|be\\s+(?:more\\s+)?careful|pay\\s+(?:more\\s+)?attention|read\\s+(?:the|our)|double[-\\s]check|monitor\\s+your|watch\\s+your)\\b`,
    `\\b(?:it|this|that|the\\s+(?:issue|problem|fault|error))(?:${A}s|\\s+is|\\s+was|\\s+lies|\\s+must\\s+be)\\s+(?:on|at|with)\\s+your\\s+(?:end|side)\\b|\\b(?:isn${A}t|is\\s+not|wasn${A}t|was\\s+not|nothing)\\s+(?:on|at|wrong\\s+(?:on|at))\\s+our\\s+(?:end|side)\\b`,
    `\\b(?:happened|occurred|failed|stopped|broke|crashed|expired|bounced|came\\s+back|was\\s+(?:returned|declined|rejected|blocked|cancell?ed|charged|refused|suspended)|were\\s+charged|got\\s+(?:declined|blocked|suspended))\\s+(?:because|since|as)\\s+you(?:\\s+(?:did\\s+not|didn${A}t|had\\s+not|hadn${A}t|never))?(?:\\s+\\w+)?\\b`,
    `\\b(?:because|since)\\s+you\\s+(?:\\w+\\s+){0,3}(?:wrong|incorrect|incomplete|invalid|expired|too\\s+late|late|after\\s+the|without)\\b`,
    `\\b(?:read|check)\\s+the\\s+(?:terms|fine\\s+print|t&cs?|instructions|manual)\\s+(?:next\\s+time|before|first|properly|carefully)\\b`,
    `\\b(?:next\\s+time|in\\s+future|in\\s+the\\s+future),?\\s+(?:please\\s+)?(?:make\\s+sure|be\\s+sure|remember|try)\\s+(?:you|to)\\b`,
    `\\byou\\s+(?:agreed|consented|signed\\s+up)\\s+to\\s+(?:the|our|these)\\s+(?:terms|conditions|policy)\\b`,
    `\\bthat\\s+is\\s+on\\s+you\\b|\\bthat${A}s\\s+on\\s+you\\b`,
    `\\b(?:because|since)\\s+you\\s+(?:didn${A}t|did\\s+not|haven${A}t|have\\s+not|hadn${A}t|had\\s+not|weren${A}t|were\\s+not|failed|forgot|never|entered|chose|used|ignored|missed|booked|paid\\s+late|turned|switched|unplugged|removed|deleted|changed|reset|dropped|exceeded|went\\s+over|let|allowed|clicked|shared)\\b`,
    `\\byou\\s+(?:entered|typed|gave\\s+us|provided|selected)\\s+(?:the\\s+|an?\\s+)?(?:wrong|incorrect|invalid)\\b`,
  ].join('|'),
  'gi',
);

export const blamesCustomer: Rule = {
  meta: {
    id: 'blames-customer',
    severity: 'error',
    description: 'The reply puts the fault on the customer: their mistake, what they ought to have done.',
    docs:
      'In public, "you should have", "you failed to", "your fault" or "as you were told" reads as the brand arguing ' +
      'with its customer, whoever is right. Say what happened neutrally ("the payment arrived after the due date") ' +
      'and what you can do now.',
  },
  check(ctx) {
    const draft = ctx.request.draft;
    if (!/\byou|your|user|as\s+(?:we|i|stated|clearly)|next\s+time|in\s+(?:the\s+)?future|read|check/i.test(draft)) return [];
    const out: RuleReport[] = [];
    for (const m of allMatches(BLAME_RE, draft)) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        message: `Blames the customer: ${quote(m[0])}. Describe what happened without fault and say what you can do now.`,
      });
    }
    return out;
  },
  examples: {
    valid: [
      { draft: 'Sorry, the payment reached us after the due date, so a late fee was added. We have removed it this once.' },
      { draft: 'We should have told you about the outage sooner, and we are sorry.' },
      { draft: 'You should be able to see the refund on your statement by Friday.' },
      { draft: 'Thanks for flagging the wrong address on your order, we have corrected it.' },
    ],
    invalid: [
      { draft: 'You should have read the terms before booking.', expect: 'You should have' },
      { draft: 'The late fee applies because you failed to pay on time.', expect: 'because you failed' },
      { draft: 'As you were told on the phone, this is not covered.', expect: 'As you were told' },
      { draft: 'Honestly, that is your own fault for leaving the card plugged in.', expect: 'your own fault' },
      { draft: 'This happened because you entered the wrong card number.', expect: 'because you entered' },
      { draft: 'That is user error, the router works fine.', expect: 'user error' },
    ],
  },
};
