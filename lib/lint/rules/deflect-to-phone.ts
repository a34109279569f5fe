import type { Rule, RuleReport } from '../types';
import { lowerForMatch, phraseRegex } from '../phrases';
import { quote } from './util';
import vocab from './deflect-to-phone.json';

/**
 * Sends the customer to a phone line. Reads the draft's intent analysis (lib/lint/intent.ts): a clause that names
 * a phone channel (a number, "our phone support", "helpline", "via phone", a page of phone numbers) or asks the
 * customer to call, unless the team is the one calling, the clause is negated, or the customer asked for a number.
 * Vocabulary: deflect-to-phone.json (what the customer says when asking) and intent.vocab.json (the draft).
 */
const ASKED_RE = phraseRegex(vocab.customer_asked.phrases, {}, '');
const digits = (s: string) => s.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

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
    const c = ctx.analysis.context;
    if (c.memo('deflect.asked', () => ASKED_RE.test(lowerForMatch(c.customerText)))) return [];
    const intent = ctx.analysis.intent;
    if (!intent.clauses.some((cl) => cl.channels.some((ch) => ch.kind === 'phone'))) return [];
    const customerPhones = new Set(ctx.analysis.knownDetails.filter((d) => d.kind === 'phone').map((d) => d.normalized));
    const draft = ctx.request.draft;
    // One finding per sentence, covering its numbers and phrases.
    const bySentence = new Map<number, Array<{ start: number; end: number; text: string; isNumber: boolean }>>();
    for (const cl of intent.clauses) {
      if (cl.teamActs || cl.negated) continue;
      for (const ch of cl.channels) {
        if (ch.kind !== 'phone') continue;
        if (ch.via === 'number' && customerPhones.has(digits(ch.text))) continue;
        // a phone named by a phrase or a number stands alone ("our phone team is available 24/7"); a verb, a noun
        // or a link counts when the clause asks the customer to act ("call us", "use this link")
        if (ch.via !== 'phrase' && ch.via !== 'number' && !cl.directive) continue;
        const list = bySentence.get(cl.sentence) ?? [];
        // the range starts at the verb asking for it ("contact our Phone Support")
        // (a verb before the channel; else one that is the channel's own word, "phone us")
        const verbs = cl.actions.filter((a) => a.start <= ch.start && a.kind !== 'form');
        const verb = verbs.filter((a) => a.end <= ch.start).pop() ?? verbs.pop();
        const start = verb ? verb.start : ch.start;
        const clauseEnd = cl.start + draft.slice(cl.start, cl.end).replace(/[\s.,;:!?]+$/, '').length;
        list.push({ start, end: verb ? Math.max(ch.end, clauseEnd) : ch.end, text: draft.slice(ch.start, ch.end), isNumber: ch.via === 'number' });
        bySentence.set(cl.sentence, list);
      }
    }
    const out: RuleReport[] = [];
    for (const list of bySentence.values()) {
      list.sort((a, b) => a.start - b.start);
      const start = list[0]!.start;
      const end = Math.max(...list.map((h) => h.end));
      const numbers = list.filter((h) => h.isNumber).map((h) => h.text);
      const what = numbers.length
        ? `to phone ${numbers.map((n) => quote(n, 30)).join(', ')}`
        : `to a phone line (${quote(draft.slice(start, end), 50)})`;
      out.push({
        start,
        end,
        message: `Sends the customer ${what} instead of helping here on X, where they asked. Ask about the problem or offer to call them.`,
        suggestions: [{ start, end, text: 'tell us more here and we will look into it', label: 'Offer help on X instead' }],
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
        note: 'the frame "I would request you to" is not the action: the finding starts at "contact"',
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
