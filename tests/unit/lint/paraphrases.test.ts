/**
 * Paraphrased cases, written for this table (not taken from the rules' own examples): other wordings, other
 * brands and industries (telecom, bank, airline, retail, delivery, streaming, utilities). Each row says whether a
 * rule must fire. They check that the rules work through general mechanisms rather than the phrases they were
 * first written for.
 */
import { createLinter } from '../../../lib/lint';
import type { LintHistory, LintRequest, ThreadTweet } from '../../../lib/lint';

const linter = createLinter();

interface Case {
  rule: string;
  fires: boolean;
  draft: string;
  tweet: string;
  brand?: string;
  inReplyTo?: string | null;
  thread?: ThreadTweet[];
  history?: LintHistory;
  /** Text the finding must cover. */
  covers?: string;
}

const C = (rule: string, fires: boolean, brand: string, tweet: string, draft: string, more: Partial<Case> = {}): Case => ({
  rule,
  fires,
  brand,
  tweet,
  draft,
  ...more,
});

const cases: Case[] = [
  // deflect-to-phone: fires
  C('deflect-to-phone', true, 'VodaHelp', '@VodaHelp no 4G in my flat for a week now', 'Sorry about that! Please ring our helpline and the team will run a line test.', { covers: 'ring our helpline' }),
  C('deflect-to-phone', true, 'BankCare', '@BankCare my card got declined at the till twice today', 'Hi, you can reach our support line on 0800 123 4567, they can check the card.', { covers: '0800 123 4567' }),
  C('deflect-to-phone', true, 'BankCare', '@BankCare my card got declined at the till twice today', 'Please call the number on the back of your card and they will unblock it.', { covers: 'call the number on the back of your card' }),
  C('deflect-to-phone', true, 'TelcoHelp', '@TelcoHelp my bill doubled this month, why?', 'For billing questions just dial 611 from your mobile.', { covers: 'dial 611' }),
  C('deflect-to-phone', true, 'AirCare', '@AirCare my bag never made it to Lisbon', 'Our phone team is available 24/7 and can trace the bag for you.', { covers: 'phone team' }),
  C('deflect-to-phone', true, 'PowerCo', '@PowerCo third power cut on our street this month', 'Please get in touch with our customer service team by phone so they can log it.'),
  // deflect-to-phone: does not fire
  C('deflect-to-phone', false, 'ShopHelp', "@ShopHelp what's your number for sales?", 'Sure, our sales line is 0800 555 0199, open 9 to 5.'),
  C('deflect-to-phone', false, 'PowerCo', '@PowerCo meter reading looks wrong again', 'Thanks, a technician will ring you tomorrow to book a meter check.'),
  C('deflect-to-phone', false, 'StreamHelp', '@StreamHelp app keeps buffering on my TV', 'Sorry about the buffering! Try clearing the app cache in Settings > Apps, then restart the TV.'),
  C('deflect-to-phone', false, 'TelcoHelp', '@TelcoHelp no signal at home', "Sorry! We'll give you a call this afternoon to check the mast near you."),

  // blames-customer: fires
  C('blames-customer', true, 'BankCare', '@BankCare my transfer went to the wrong account', 'You must have entered the wrong sort code when you set up the payee.', { covers: 'You must have entered' }),
  C('blames-customer', true, 'ShopHelp', '@ShopHelp refund still not here', 'This happened because you returned the item after 30 days.', { covers: 'because you returned' }),
  C('blames-customer', true, 'TelcoHelp', '@TelcoHelp wifi keeps dropping', "The network is fine, it's on your end."),
  C('blames-customer', true, 'AirCare', '@AirCare charged £60 for my bag??', 'As stated in our T&Cs, you agreed to the baggage fees when booking.'),
  C('blames-customer', true, 'StreamHelp', '@StreamHelp why was I charged after cancelling?', 'If you had read the confirmation email you would know the plan renews monthly.'),
  C('blames-customer', true, 'PostHelp', '@PostHelp parcel returned to sender??', 'The parcel came back since you gave us an incomplete address.'),
  // blames-customer: does not fire
  C('blames-customer', false, 'BankCare', '@BankCare transfer missing', 'The transfer was sent to an account number that does not match the name; we have recalled it and will update you by Friday.'),
  C('blames-customer', false, 'ShopHelp', '@ShopHelp where is my refund', 'You should have received a confirmation email, and the refund lands in 3-5 days.'),
  C('blames-customer', false, 'TelcoHelp', '@TelcoHelp wifi down', 'Our end looks fine; could you try another cable so we can rule the router out?'),

  // dead-end: fires
  C('dead-end', true, 'AirCare', '@AirCare can you refund my cancelled flight please', 'Sorry, there is nothing more we can do.', { covers: 'nothing more we can do' }),
  C('dead-end', true, 'BankCare', '@BankCare please reconsider the overdraft fee', 'Our decision is final.', { covers: 'Our decision is final' }),
  C('dead-end', true, 'ShopHelp', '@ShopHelp I want a replacement, not a voucher', 'We consider this matter closed.', { covers: 'We consider this matter closed' }),
  C('dead-end', true, 'PowerCo', '@PowerCo can you check my meter again?', 'There is no further action we can take on this account.'),
  C('dead-end', true, 'TelcoHelp', '@TelcoHelp can I get an earlier engineer visit? next week is too late', "You're all set, your engineer visit is booked.", { covers: "You're all set" }),
  // dead-end: does not fire
  C('dead-end', false, 'AirCare', '@AirCare refund please', "We can't refund this fare, but I can move you to tomorrow's flight at no cost. Shall I?"),
  C('dead-end', false, 'TelcoHelp', '@TelcoHelp thanks for sorting my bill!', "You're all set, enjoy the rest of your day!"),

  // moves-offline: fires
  C('moves-offline', true, 'StreamHelp', '@StreamHelp my subscription renewed after I cancelled it', 'Please DM us.'),
  C('moves-offline', true, 'PostHelp', '@PostHelp parcel marked delivered but nothing at my door', 'Send us a DM with your details and we will take a look.'),
  C('moves-offline', true, 'BankCare', '@BankCare app logs me out every two minutes', 'Hi! Email us at help@bankcare.example and we will get back to you.'),
  C('moves-offline', true, 'PowerCo', '@PowerCo direct debit taken twice this month', 'Please contact us via our website.'),
  // the customer's problem is their email or a link: the draft's "send us an email", "use this link" is the channel, not engagement
  C('moves-offline', true, 'GameHelp', '@GameHelp lost my account, the reset email never comes', 'Please send us an email at https://help.game.example/requests/new and we will assist.'),
  C('moves-offline', true, 'GameHelp', '@GameHelp the link in your reset email is broken and I cannot log in', 'Please use this link so that we can help you one-on-one: https://help.game.example/requests/new'),
  // sympathy about something else is not engagement
  C('moves-offline', true, 'MeetApp', '@MeetApp the verification code never shows up within the timer', "Sorry for the wait we're seeing due to high demand, but you can share your info here so we can reach out: https://help.meetapp.example/requests/new"),
  // moves-offline: does not fire
  C('moves-offline', false, 'PostHelp', '@PostHelp parcel marked delivered but nothing at my door', 'Sorry the parcel shows delivered when it is not with you! DM us the tracking number and we will open a trace.'),
  C('moves-offline', false, 'StreamHelp', '@StreamHelp my subscription renewed after I cancelled it', 'That renewal should not have happened after you cancelled. DM us your account email and we will refund it.'),
  // a help page "for more information" is not another channel; a channel offered only if the steps did not help
  C('moves-offline', false, 'BankCare', '@BankCare what happens to my travel booking now?', 'Please visit https://bank.example/travel/changes for more information on travel changes.'),
  C('moves-offline', false, 'StreamHelp', '@StreamHelp videos stop three quarters through on the iOS app', "Have you tried the steps here: https://help.stream.example/answer/7129 If so and it didn't help, reach out to our live support team: https://help.stream.example/contact"),

  // asks-known-detail: fires, one per kind
  C('asks-known-detail', true, 'TelcoHelp', '@TelcoHelp no service, call me back on 07700 900123', 'Sorry! What is the best number to reach you on?'),
  C('asks-known-detail', true, 'BankCare', '@BankCare locked out, my email is jo.smith@example.com', 'Could you DM us the email address on the account?'),
  C('asks-known-detail', true, 'BankCare', '@BankCare account number 12345678 frozen for no reason', 'Please confirm your account number in DM.'),
  C('asks-known-detail', true, 'ShopHelp', '@ShopHelp order #98765432 arrived broken', 'So sorry! Can you send us the order number?'),
  C('asks-known-detail', true, 'PostHelp', '@PostHelp still waiting', 'Can you send us your delivery address?', { history: { notes: ['Delivery address: 12 Baker Street, London NW1 6XE'] } }),
  C('asks-known-detail', true, 'PowerCo', '@PowerCo power out here in Leeds since 6am', 'Which town are you in?'),
  C('asks-known-detail', true, 'StreamHelp', '@StreamHelp app crashes on my Galaxy S21 when I open downloads', 'What device are you watching on?'),
  C('asks-known-detail', true, 'TelcoHelp', '@TelcoHelp engineer no show', 'When is your appointment?', { history: { details: [{ kind: 'appointment', value: 'Mon 3 Mar, 8-12' }] } }),
  C('asks-known-detail', true, 'AirCare', '@AirCare bag lost', 'Please DM us your booking reference.', { thread: [{ author: 'sam', text: '@AirCare booking ref XK7Q2P, flight to Rome' }] }),
  // asks-known-detail: does not fire
  C('asks-known-detail', false, 'BankCare', '@BankCare account number 12345678 frozen for no reason', 'Thanks, we can see account 12345678 and have unfrozen it.'),
  C('asks-known-detail', false, 'ShopHelp', '@ShopHelp order #98765432 arrived broken', 'So sorry! Could you DM us a photo of the damage?'),

  // repeats-earlier-reply: fires
  C('repeats-earlier-reply', true, 'TelcoHelp', '@TelcoHelp still no internet', 'Sorry for the trouble! Please try restarting the router and let us know if it helps.', {
    history: { replies: [{ text: 'Sorry for the trouble! Please try restarting your router and let us know if that helps.' }] },
  }),
  C('repeats-earlier-reply', true, 'PostHelp', '@PostHelp that is what you said yesterday', 'Apologies for the delay, your parcel is with our local depot and should reach you within 2 working days.', {
    thread: [
      { author: 'kim', text: '@PostHelp where is my parcel' },
      { author: 'PostHelp', text: 'Apologies for the delay! Your parcel is at the local depot and should reach you in 2 working days.' },
    ],
  }),
  // repeats-earlier-reply: does not fire
  C('repeats-earlier-reply', false, 'ShopHelp', '@ShopHelp now the refund', 'Please DM us your order number and we will check the delivery status.', {
    history: { replies: [{ text: 'Please DM us your account number and we will check the refund.' }] },
  }),
  C('repeats-earlier-reply', false, 'ShopHelp', '@ShopHelp ok', 'Thanks, you too!', { history: { replies: [{ text: 'Thanks, you too!' }] } }),

  // ignores-details: fires (generic replies that fit any tweet)
  C('ignores-details', true, 'AirCare', '@AirCare flight to Madrid delayed 4 hours and no food vouchers at gate 22', "Thanks for reaching out! We're here to help. Please DM us."),
  C('ignores-details', true, 'PowerCo', '@PowerCo estimated bill of £340 when the meter says we used half that', "We're sorry for any inconvenience caused."),
  // ignores-details: does not fire
  C('ignores-details', false, 'AirCare', '@AirCare flight to Madrid delayed 4 hours and no food vouchers at gate 22', 'So sorry about the wait in Madrid. Vouchers are being handed out at the desk by gate 22 now.'),
  C('ignores-details', false, 'PowerCo', '@PowerCo estimated bill of £340 when the meter says we used half that', 'Sorry about that! Could you DM us a photo of the meter so we can correct the estimate?'),
  C('ignores-details', false, 'StreamHelp', '@StreamHelp the new season of Night Ward is stuck on episode 3 loading screen', 'Which platform are you streaming Night Ward on?'),

  // reply-to-joke: fires
  C('reply-to-joke', true, 'TelcoHelp', 'love how my phone battery dies right when the movie gets good 🙃', 'Sorry to hear that! Please DM us your account details.', { inReplyTo: null }),
  C('reply-to-joke', true, 'AirCare', "@dave nothing like a 5am alarm to start the holiday lol", 'We are sorry for the inconvenience. Please DM us your booking reference.', { inReplyTo: 'dave' }),
  C('reply-to-joke', true, 'PostHelp', '@mike the pigeon outside my window gets more likes than me 😂', 'Sorry about that! Please DM us your tracking number.', { inReplyTo: 'mike' }),
  // reply-to-joke: does not fire
  C('reply-to-joke', false, 'StreamHelp', '@StreamHelp oh great, charged twice for the same month again. Love that for me 🙄', 'Sorry about the double charge! DM us your account email and we will refund it.', { inReplyTo: 'StreamHelp' }),
  C('reply-to-joke', false, 'BankCare', '@BankCare my card was declined at the pharmacy, can you check?', 'Sorry about that! Can you DM us the time of the payment?', { inReplyTo: 'BankCare' }),
  C('reply-to-joke', false, 'TelcoHelp', 'anyone else with no signal in Bristol today? @TelcoHelp', 'Hi, yes, there is an outage in Bristol, engineers are on it.', { inReplyTo: null }),
];

describe('paraphrased cases across industries', () => {
  it.each(cases.map((c) => [`${c.rule} ${c.fires ? 'fires' : 'quiet'}: ${c.draft.slice(0, 50)}`, c] as const))('%s', (_n, c) => {
    const req: LintRequest = {
      brand: [c.brand ?? 'brand'],
      tweet: { author: 'sam', text: c.tweet, inReplyTo: c.inReplyTo === undefined ? (c.brand ?? 'brand') : c.inReplyTo },
      thread: c.thread,
      history: c.history,
      draft: c.draft,
    };
    const found = linter.lint(req).filter((f) => f.rule === c.rule);
    if (!c.fires) {
      expect(found.map((f) => f.message)).toEqual([]);
      return;
    }
    expect(found.length).toBeGreaterThan(0);
    if (c.covers) {
      const at = c.draft.indexOf(c.covers);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(found.some((f) => f.start <= at && f.end >= at + c.covers!.length)).toBe(true);
    }
  });
});
