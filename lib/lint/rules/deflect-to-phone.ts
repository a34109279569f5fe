import type { Rule, RuleReport } from '../types';
import { allMatches, quote, sentences } from './util';

/** The customer asked for a number / how to call: giving one is the answer. */
const ASKED_FOR_NUMBER_RE =
  /\b(?:what(?:['’]s| is)\s+(?:the|your|a)\s+(?:[\w-]+\s+){0,3}(?:number|line|hotline|helpline)|(?:phone|contact|telephone|customer service|support|helpline|hotline|complaints?)\s+(?:number|line)\b[^.!]*\?|numbers?\s+(?:to|i\s+can|should\s+i|do\s+i)\s+(?:call|ring|phone|dial)|how\s+(?:do|can|could|should)\s+i\s+(?:call|phone|ring|reach\s+(?:you|someone)\s+by\s+phone|speak\s+to\s+(?:a|someone)|talk\s+to\s+(?:a|someone))|who\s+(?:do|should|can)\s+i\s+(?:call|phone|ring)|is\s+there\s+a\s+(?:[\w-]+\s+)?(?:number|phone\s+line|hotline|helpline)|can\s+i\s+(?:call|phone|ring)|(?:give|send|dm)\s+me\s+(?:a|the|your)\s+(?:[\w-]+\s+)?(?:number|phone)|(?:need|want|looking\s+for)\s+(?:a|the|your)\s+(?:[\w-]+\s+)?(?:phone\s+)?number\b|speak\s+to\s+(?:a\s+)?(?:human|person|someone)\s+on\s+the\s+phone)/i;

/** The agent / a technician will call the customer: that is help, not deflection. */
const WE_CALL_YOU_RE =
  /\b(?:we|i|they|someone|somebody|an?\s+(?:agent|advisor|adviser|technician|tech|engineer|specialist|rep(?:resentative)?|member\s+of\s+(?:our|the)\s+[\w-]+\s+team)|(?:our|the)\s+(?:[\w-]+\s+){0,2}(?:team|technician|tech|engineer|specialist|agent))\s*(?:['’]ll|['’]d|will|would|can|could|shall|is\s+going\s+to|are\s+going\s+to|have\s+asked\s+\w+\s+to|need\s+to)?\s*(?:be\s+(?:able\s+to\s+)?)?(?:(?:call|ring|phone)(?:ing)?\s+you|give\s+you\s+a\s+(?:call|ring)|(?:reach|contact)(?:ing)?\s+you\s+(?:by|via|over\s+the)\s+phone)|\bcall\s+you\s+back\b|\b(?:expect|receive|get)\s+a\s+(?:call|phone\s+call)\s+from\s+(?:us|our|the|a)|\bwhen\s+we\s+call\b/gi;

/** Phrases sending the customer to a phone line. */
const DEFLECT_RE =
  /\b(?:please\s+)?(?:call(?:ing)?|phon(?:e|ing)|ring(?:ing)?|dial(?:l?ing)?)\s+(?:(?:our|the)\s+(?:[\w-]+\s+){0,3}(?:team|line|number|helpline|hotline|desk|department|store|office|support|care|centre|center|reception|branch|shop|hotel|venue|restaurant|clinic|surgery|airline|provider)\b|us|our|them|customer\s+(?:service|care|support)|(?:at|on)\s*(?=[+\d(])|toll[- ]free|\d{3,5}(?![\w-])|(?=[+\d(]))(?:\s+on\s+the\s+back\s+of\s+(?:your|the)\s+card)?|\bgive\s+(?:us|them|our\s+(?:[\w-]+\s+){0,2}team)\s+a\s+(?:call|ring|buzz)|\b(?:contact|reach|speak\s+(?:to|with)|talk\s+(?:to|with)|get\s+in\s+touch\s+with|connect\s+with|reach\s+out\s+to)\s+(?:our|the|a)\s+(?:[\w-]+\s+){0,3}(?:phone|telephone|call\s+cent(?:er|re)|helpline|hotline|(?:claims|support|billing|sales|service|customer|care|help|advice|enquiries|inquiries|bookings?|reservations?|accounts?|fraud|emergency|helpdesk)\s+line)(?:\s+(?:support|team|line|agents?|advisors?|number))?|\b(?:contact|reach|speak\s+(?:to|with)|talk\s+(?:to|with))\s+(?:us|them|our\s+[\w-]+(?:\s+[\w-]+)?\s+team)\s+(?:by|via|over\s+the)\s+(?:phone|telephone)|\b(?:by|via|over\s+the)\s+(?:phone|telephone)\b|\b(?:helpline|hotline)\s+(?:number|on|at)\b|\b(?:contact|reach)\s+(?:us|them|our\s+[\w-]+(?:\s+[\w-]+)?\s+(?:team|department|desk))\s+(?:at|on)\s*(?=[+\d(])|\b(?:our|the|a)\s+(?:[\w-]+\s+)?(?:phone|telephone|call\s+cent(?:er|re))\s+(?:team|line|support|agents?|advisors?|advisers?|colleagues|specialists|staff)\b|\b(?:phone|call)\s+(?:us|them)\s+(?:on|at)\b|\bby\s+(?:calling|phoning|ringing|dialling|dialing)\b/gi;

const DM_NOT_PHONE_RE = /\b(?:dm|direct\s+message|private\s+message|pm)\b/i;

export const deflectToPhone: Rule = {
  meta: {
    id: 'deflect-to-phone',
    severity: 'warning',
    description: 'The reply sends the customer to a phone line instead of helping where they asked.',
    docs:
      'Customers who write on X chose X. A reply that only hands out a number to ring (or "contact our phone team") ' +
      'moves the work back to the customer and the queue they tried to avoid. Not flagged when the customer asked ' +
      'for a number, or when the agent or a technician will call the customer. Instead: answer or ask about the ' +
      'problem here, or offer to call them.',
  },
  check(ctx) {
    const asked = ctx.analysis.context.memo('deflect.asked', () => ASKED_FOR_NUMBER_RE.test(ctx.analysis.context.customerText));
    if (asked) return [];
    const draft = ctx.request.draft;
    const phones = ctx.analysis.phones;
    const hasPhoneWord = /\b(?:call(?:ing)?|phon(?:e|ing)|ring(?:ing)?|dial(?:l?ing)?|helpline|hotline|telephone|line)\b/i.test(draft);
    if (!phones.length && !hasPhoneWord) return [];
    // Spans where we call the customer: a number there is theirs, a "call" there is ours.
    const ours = allMatches(WE_CALL_YOU_RE, draft).map((m) => [m.index, m.index + m[0].length] as const);
    const customerPhones = new Set(ctx.analysis.knownDetails.filter((d) => d.kind === 'phone').map((d) => d.normalized));
    const hits: Array<{ start: number; end: number; text: string; isNumber: boolean }> = [];
    const sents = sentences(draft);
    const sentenceOf = (pos: number) => sents.find((s) => pos >= s.start && pos < s.end);
    for (const p of phones) {
      const d = p.value.replace(/^1(?=\d{10}$)/, '');
      if (customerPhones.has(d)) continue;
      const s = sentenceOf(p.start);
      if (s && ours.some(([a, b]) => a >= s.start && b <= s.end)) continue;
      if (s && DM_NOT_PHONE_RE.test(s.text) && /\b(?:your|you)\b/i.test(s.text) && !/\b(?:call|ring|phone|dial)\b/i.test(s.text)) continue;
      hits.push({ start: p.start, end: p.end, text: p.text, isNumber: true });
    }
    for (const m of allMatches(DEFLECT_RE, draft)) {
      const start = m.index;
      const end = m.index + m[0].replace(/\s+$/, '').length;
      if (ours.some(([a, b]) => start < b && end > a)) continue;
      hits.push({ start, end, text: m[0].trim(), isNumber: false });
    }
    if (!hits.length) return [];
    // One finding per sentence, covering its numbers and phrases.
    const bySentence = new Map<number, typeof hits>();
    for (const h of hits) {
      const s = sentenceOf(h.start);
      const key = s ? s.start : h.start;
      const list = bySentence.get(key) ?? [];
      list.push(h);
      bySentence.set(key, list);
    }
    const out: RuleReport[] = [];
    for (const list of bySentence.values()) {
      list.sort((a, b) => a.start - b.start);
      const start = list[0]!.start;
      const end = Math.max(...list.map((h) => h.end));
      const numbers = list.filter((h) => h.isNumber).map((h) => h.text);
      const what = numbers.length
        ? `to phone ${numbers.map((n) => quote(n, 30)).join(', ')}`
        : `to a phone line (${quote(list[0]!.text, 50)})`;
      out.push({
        start,
        end,
        message: `Sends the customer ${what} instead of helping here on X, where they asked. Ask about the problem or offer to call them.`,
        suggestions: [
          {
            start,
            end,
            text: 'tell us more here and we will look into it',
            label: 'Offer help on X instead',
          },
        ],
      });
    }
    return out;
  },
  examples: {
    valid: [
      {
        draft: 'Sorry about the dropped calls! Which town are you in? We will check the towers near you.',
        request: { tweet: { author: 'ann', text: '@att dropping EVERY call I make. Really.' }, brand: ['att'] },
      },
      {
        draft: 'Sure! Our billing line is 877-462-1105, open 8am to 8pm.',
        request: { tweet: { author: 'ann', text: '@frontier what is the phone number for billing?' }, brand: ['frontier'] },
        note: 'the customer asked for a number',
      },
      {
        draft: 'A technician will call you tomorrow morning to book the router swap.',
        request: { tweet: { author: 'con', text: '@isp my router stopped working, I need an earlier appointment' }, brand: ['isp'] },
      },
      {
        draft: 'Thanks, we will call you on 555-201-3344 within the hour.',
        request: { tweet: { author: 'bo', text: '@isp internet down again, reach me at 555-201-3344' }, brand: ['isp'] },
      },
      { draft: 'That sounds like dropped calls near the tower on Main St; we are fixing it today.' },
    ],
    invalid: [
      {
        draft: '@4ndymanFD I do apologize. Please contact 877-462-8188(repair ), 877-462-1105(billing)or 877-462-0488(FIOS)for assistance.',
        request: {
          brand: ['FrontierCorp'],
          tweet: { author: '4ndymanFD', text: '@shanselman Doesn\'t "Frontier Communications" refer to the telegraph? Talk about a slow internet connection!', inReplyTo: 'shanselman' },
        },
        expect: '877-462-8188',
        note: 'seed 004',
      },
      {
        draft: 'Hi there, I would request you to contact our Phone Support and our Support Engineers should be able to help you with the replacement.',
        request: { tweet: { author: 'mom', text: '@HP my printer says it needs a #301 cartridge, which I bought, and it does not work' } },
        expect: 'contact our Phone Support',
      },
      { draft: 'Please give us a call at 1-888-555-0101 so we can look into this.', expect: '1-888-555-0101' },
      { draft: 'Sorry to hear that. Please call our customer care team and they will sort it out.', expect: 'call our customer care team' },
      { draft: 'Our phone team can help with refunds, reach them on 0345 600 6000.', expect: '0345 600 6000' },
      {
        draft: 'Sorry about the declined payment. Please call the number on the back of your card and they will unblock it.',
        request: { brand: ['BankCare'], tweet: { author: 'jo', text: '@BankCare card declined twice at the till today' } },
        expect: 'call the number on the back of your card',
      },
      { draft: 'For billing questions just dial 611 from your mobile.', expect: 'dial 611' },
      { draft: 'Our telephone team is available 24/7 and can trace the bag for you.', expect: 'telephone team' },
    ],
  },
};
