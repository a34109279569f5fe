/** The five seed stories (../shared/seeds) as lint cases: what a care agent would see. */
import { createLinter } from '../../../lib/lint';
import type { LintRequest } from '../../../lib/lint';

const linter = createLinter();
const rulesFor = (req: LintRequest) => new Set(linter.lint(req).map((f) => f.rule));

describe('seed stories', () => {
  it('000: sarcastic dropped-calls tweet, answered "DM us your email", then asked again for the number', () => {
    const tweet = { author: 'blogger', text: "Dear @ATT, it's not that I don't appreciate all of your late Xmas gifts of dropping EVERY call I make because I do. Really.", inReplyTo: null };
    const first = rulesFor({ brand: ['ATT'], tweet, draft: 'Please DM us your email address so we can help.' });
    expect(first.has('moves-offline')).toBe(true);
    expect(first.has('reply-to-joke')).toBe(false); // sarcastic, but a real complaint to the brand
    const second = linter.lint({
      brand: ['ATT', 'ATTjen'],
      tweet,
      history: { details: [{ kind: 'email', value: 'blogger@example.com' }], replies: [{ text: 'Please DM us your email address so we can help.' }] },
      draft: 'Hi! Could you DM us your email so we can get this all figured out?',
    });
    const ask = second.find((f) => f.rule === 'asks-known-detail')!;
    expect(ask.message).toContain('blogger@example.com');
    expect(ask.message).toContain('case history');
  });

  it('001: a $6,000 roaming bill answered with "you should have unplugged the card"', () => {
    const found = rulesFor({
      brand: ['ATTNatasha'],
      tweet: { author: 'adam', text: '@ATTNatasha back from 2 days in Toronto to a $6,000 bill. I changed my plans before I left, as your rep advised.', inReplyTo: 'ATTNatasha' },
      draft: 'You should have unplugged the broadband card at night. The charges stand, there is nothing more we can do.',
    });
    expect(found.has('blames-customer')).toBe(true);
    expect(found.has('dead-end')).toBe(true);
  });

  it('002: the good case: acknowledged in public, then moved to DM', () => {
    const found = rulesFor({
      brand: ['ATTJohnathon'],
      tweet: { author: 'banker', text: 'Months of delays on our bank VOIP project with @ATTJohnathon, can anyone help close it out?' },
      draft: 'Sorry the VOIP project has dragged on for months. I can get the project team moving: DM me the site and I will chase it today.',
    });
    expect([...found]).toEqual([]);
  });

  it('003: asked for an EARLIER appointment, told "you already have one, all good"', () => {
    const found = linter.lint({
      brand: ['isp'],
      tweet: { author: 'con', text: '@isp router died, the earliest appointment is a week away. I need an earlier appointment please.', inReplyTo: 'isp' },
      history: { details: [{ kind: 'appointment', value: 'Tue 22 Dec, 8-12' }], replies: [{ text: 'Please DM us your telephone number so we can review.' }] },
      draft: 'Since you already have an appointment, all is good. Thanks for contacting us!',
    });
    const dead = found.find((f) => f.rule === 'dead-end');
    expect(dead?.message).toMatch(/settled/);
  });

  it('004: a pun aimed at someone else, answered with three phone numbers', () => {
    const req: LintRequest = {
      brand: ['FrontierCorp'],
      tweet: { author: '4ndymanFD', text: '@shanselman Doesn\'t "Frontier Communications" refer to the telegraph? Talk about a slow internet connection!', inReplyTo: 'shanselman' },
      draft: 'I do apologize. Please contact 877-462-8188(repair ), 877-462-1105(billing)or 877-462-0488(FIOS)for assistance.',
    };
    const findings = linter.lint(req);
    expect(findings.some((f) => f.rule === 'reply-to-joke')).toBe(true);
    const phone = findings.find((f) => f.rule === 'deflect-to-phone')!;
    expect(req.draft.slice(phone.start, phone.end)).toContain('877-462-8188');
    expect(phone.message).toContain('877-462-0488');
  });
});
