/**
 * Sample case history from the five stories in /work/shared/seeds/, for the demo and e2e tests.
 *
 * `SEED_STORIES` is the raw data: times are relative to "now" (DAY/HOUR offsets) so overdue promises stay
 * overdue whenever the demo runs; `{handle}` in texts is replaced by the customer's handle. Handles are fictional
 * defaults: pass `handles` (story id -> handle on the fixture page) to put a story on another author.
 *
 * Seeding goes through `importBackup` (merge by id) with stable ids ("seed-<story>-<n>"), so it is one
 * transaction and seeding twice does not duplicate anything.
 *
 * Story 004 (the joker who was answered with phone numbers) deliberately has NO history: the linter should see
 * an author we know nothing about. Only the customer who really complained in that story is seeded.
 */
import type { BackupReport, CaseApi } from './api';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupData } from './backup';
import type { Case, CaseStatus, Customer, Detail, DetailKind, DetailSource, Interaction, Note, Priority, PromiseItem } from './types';
import { handleKey } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export type SeedId = 'att-dropped-calls' | 'att-roaming-bill' | 'bank-voip' | 'cable-appointment' | 'isp-frustrated';

export interface SeedStory {
  id: SeedId;
  /** Source file in /work/shared/seeds/. */
  source: string;
  handle: string;
  displayName: string;
  tags: string[];
  cases: Array<{ title: string; status: CaseStatus; priority: Priority; tags: string[]; ago: number }>;
  /** `caseIndex` refers to `cases`. `ago`: how long before now. */
  notes: Array<{ text: string; ago: number; caseIndex?: number }>;
  details: Array<{ kind: DetailKind; value: string; source: DetailSource; ago: number; caseIndex?: number }>;
  interactions: Array<{ kind: Interaction['kind']; author: string; text: string; ago: number; caseIndex?: number }>;
  /** `dueIn`: due time relative to now (negative = in the past), null = open-ended. */
  promises: Array<{ text: string; dueIn: number | null; done: boolean; ago: number; caseIndex?: number }>;
}

/** Handles that appear in the stories but must have no history (story 004's joker). */
export const NO_HISTORY_HANDLES = ['telegraph_joker'];

export const SEED_STORIES: SeedStory[] = [
  {
    id: 'att-dropped-calls',
    source: '000_8c70c38a78cfb1e7.txt',
    handle: 'dropped_calls_jen',
    displayName: 'Jen',
    tags: ['iphone'],
    cases: [{ title: 'Dropped calls on iPhone', status: 'open', priority: 'high', tags: ['network'], ago: 8 * DAY }],
    interactions: [
      { kind: 'customer-tweet', author: '{handle}', ago: 8 * DAY, caseIndex: 0, text: "Dear AT&T, it's not that I don't appreciate all of your late Xmas gifts of dropping EVERY call I make because I do. Really." },
      { kind: 'agent-reply', author: 'ATTCustomerCare', ago: 8 * DAY - 2 * MIN, caseIndex: 0, text: '@{handle} So sorry about the dropped calls! Please DM us your email address so we can help fix this.' },
      { kind: 'agent-reply', author: 'ATTCustomerCare', ago: 8 * DAY - 7 * MIN, caseIndex: 0, text: '@{handle} Thanks for the email! Could you DM us your phone number so we can get this all figured out?' },
    ],
    details: [
      { kind: 'email', value: 'jen.dropped@example.com', source: 'tweet', ago: 8 * DAY - 3 * MIN, caseIndex: 0 },
      { kind: 'phone', value: '+12015550123', source: 'tweet', ago: 8 * DAY - 8 * MIN, caseIndex: 0 },
      { kind: 'device', value: 'iPhone', source: 'tweet', ago: 8 * DAY, caseIndex: 0 },
      { kind: 'location', value: 'New Jersey', source: 'note', ago: 7 * DAY, caseIndex: 0 },
    ],
    notes: [
      { ago: 8 * DAY - 10 * MIN, caseIndex: 0, text: 'Gave her email to the first agent by DM, then her phone number to a second agent. Do not ask for either again.' },
      { ago: 7 * DAY, caseIndex: 0, text: 'Phone call: tech listed 5 possible reasons and told her to buy a new iPhone. She asked us to check reception in her area; that was never done. Customer no longer happy.' },
    ],
    promises: [{ text: 'Check network reception in her area and report back', dueIn: 2 * DAY, done: false, ago: 7 * DAY, caseIndex: 0 }],
  },
  {
    id: 'att-roaming-bill',
    source: '001_d893702d8fb3cf24.txt',
    handle: 'adam_roams',
    displayName: 'Adam (consultant)',
    tags: ['long-time customer', 'retention risk'],
    cases: [
      { title: '$6,000 bill after a 2-day trip to Toronto (roaming + broadband card)', status: 'solved', priority: 'high', tags: ['billing', 'roaming'], ago: 70 * DAY },
      { title: 'Service suspended after the bill dispute was closed', status: 'open', priority: 'urgent', tags: ['billing'], ago: 3 * DAY },
    ],
    interactions: [
      { kind: 'agent-reply', author: 'ATTNatasha', ago: 69 * DAY, caseIndex: 0, text: "@{handle} I'm on it. I'll work with billing and keep you posted here." },
      { kind: 'agent-reply', author: 'ATTJason', ago: 50 * DAY, caseIndex: 0, text: '@{handle} Natasha is out of the office today, I am following up on your request for her.' },
      { kind: 'customer-tweet', author: '{handle}', ago: 3 * DAY, caseIndex: 1, text: '@ATT you suspended my phone two weeks after we agreed the bill dispute was closed. I paid in full just to get service back.' },
    ],
    details: [
      { kind: 'account', value: '4410-2231-9981', source: 'typed', ago: 69 * DAY, caseIndex: 0 },
      { kind: 'device', value: 'BlackBerry + USB broadband card', source: 'note', ago: 69 * DAY, caseIndex: 0 },
      { kind: 'location', value: 'Toronto, Canada (2-day conference trip)', source: 'note', ago: 69 * DAY, caseIndex: 0 },
    ],
    notes: [
      { ago: 69 * DAY, caseIndex: 0, text: 'Called before the trip to change voice, BlackBerry data and broadband plans; the changes are on the account. Usual bill is about $250/month.' },
      { ago: 40 * DAY, caseIndex: 0, text: 'Natasha got several credits approved; supervisors capped them. $1,300 of data and roaming still invoiced. Customer cancelled broadband.' },
      { ago: 28 * DAY, caseIndex: 0, text: 'Agreed to disagree on the amount; both sides considered the matter closed.' },
      { ago: 3 * DAY, caseIndex: 1, text: 'Billing suspended the phone line two weeks after the dispute was closed; reactivated only after payment in full. He is shopping for another carrier.' },
    ],
    promises: [{ text: 'Keep him posted on the credit review', dueIn: -45 * DAY, done: true, ago: 69 * DAY, caseIndex: 0 }],
  },
  {
    id: 'bank-voip',
    source: '002_026381fb64787e6f.txt',
    handle: 'bank_voip_lead',
    displayName: 'Community bank (VOIP project)',
    tags: ['business'],
    cases: [{ title: 'Bank VOIP installation delayed 3+ months (with telecom consultant)', status: 'open', priority: 'high', tags: ['business', 'voip'], ago: 4 * DAY }],
    interactions: [
      { kind: 'customer-tweet', author: '{handle}', ago: 4 * DAY, caseIndex: 0, text: "Anyone at AT&T who can help close out our bank's VOIP project? Months of delays and we can't get support." },
      { kind: 'agent-reply', author: 'ATTJohnathon', ago: 4 * DAY - 20 * MIN, caseIndex: 0, text: '@{handle} I can help with that. Please follow us and DM me the project details.' },
    ],
    details: [
      { kind: 'account', value: 'BUS-778120', source: 'tweet', ago: 4 * DAY - HOUR, caseIndex: 0 },
      { kind: 'order', value: 'VOIP-PRJ-5521', source: 'tweet', ago: 4 * DAY - HOUR, caseIndex: 0 },
    ],
    notes: [
      { ago: 4 * DAY - HOUR, caseIndex: 0, text: 'Project details received by DM. Project team kicked into gear within the hour; install plans being scheduled.' },
    ],
    promises: [{ text: 'Project team to confirm the go-live date for the VOIP system', dueIn: 3 * DAY, done: false, ago: 4 * DAY, caseIndex: 0 }],
  },
  {
    id: 'cable-appointment',
    source: '003_d362960d541063f0.txt',
    handle: 'router_wait_con',
    displayName: 'Con (home broadband)',
    tags: [],
    cases: [{ title: 'Router stopped working: wants an earlier technician visit', status: 'open', priority: 'high', tags: ['appointment', 'router'], ago: 6 * DAY }],
    interactions: [
      { kind: 'customer-tweet', author: '{handle}', ago: 6 * DAY, caseIndex: 0, text: 'My router died. 3.5 hours on your 1-800 line and the earliest technician visit is a week away. Can someone help me get an earlier appointment?' },
      { kind: 'customer-tweet', author: '{handle}', ago: 5 * DAY - 4 * HOUR, caseIndex: 0, text: 'Still waiting for anyone to answer. Is this account even monitored?' },
      { kind: 'agent-reply', author: 'CableCoCares', ago: 5 * DAY, caseIndex: 0, text: '@{handle} Please DM us your telephone number so we can review your situation.' },
      { kind: 'agent-reply', author: 'CableCoCares', ago: 4 * DAY, caseIndex: 0, text: "@{handle} Since you already have an appointment, you're all set! Thanks for contacting us." },
      { kind: 'agent-reply', author: 'CableCoCares', ago: 3 * DAY, caseIndex: 0, text: '@{handle} I can help: I have earlier slots, the first one tomorrow 9-11am. Want it?' },
    ],
    details: [
      { kind: 'phone', value: '+16175550148', source: 'tweet', ago: 5 * DAY, caseIndex: 0 },
      { kind: 'appointment', value: 'Technician visit booked by phone, 7 days out (original slot)', source: 'note', ago: 6 * DAY, caseIndex: 0 },
      { kind: 'device', value: 'Provider-supplied router', source: 'tweet', ago: 6 * DAY, caseIndex: 0 },
    ],
    notes: [
      { ago: 5 * DAY, caseIndex: 0, text: 'Gave phone number by DM and asked for an EARLIER appointment.' },
      { ago: 4 * DAY, caseIndex: 0, text: 'First agent answered "you already have an appointment, all good". That is not what he asked for.' },
      { ago: 3 * DAY, caseIndex: 0, text: 'Accepted the next-day 9-11am slot by DM. Nobody came. The next agent did not know about the earlier DMs and said nothing could be done.' },
      { ago: DAY, caseIndex: 0, text: 'Executive office left a voicemail: apologised, could not help, promised to call back next week.' },
    ],
    promises: [
      { text: 'Technician visit in the earlier slot (next day, 9-11am)', dueIn: -2 * DAY, done: false, ago: 3 * DAY, caseIndex: 0 },
      { text: 'Executive office to call back', dueIn: 5 * DAY, done: false, ago: DAY, caseIndex: 0 },
    ],
  },
  {
    id: 'isp-frustrated',
    source: '004_a9c0e50f71e6d18c.txt',
    handle: 'frontier_frustrated',
    displayName: 'Frustrated ISP customer',
    tags: [],
    cases: [{ title: 'Frustrated with customer service calls about the internet connection', status: 'open', priority: 'normal', tags: ['internet'], ago: DAY }],
    interactions: [
      { kind: 'customer-tweet', author: '{handle}', ago: DAY, caseIndex: 0, text: "I don't get angry on Customer Service calls. I've never yelled. But I'm so frustrated with \"Frontier Communications\" I could smack someone." },
    ],
    details: [],
    notes: [],
    promises: [],
  },
];

/** Builds the seed data as backup records. `handles` maps story ids to handles (e.g. authors on fixture pages). */
export function seedData(options: { now?: number; handles?: Partial<Record<SeedId, string>> } = {}): BackupData {
  const now = options.now ?? Date.now();
  const data: BackupData = { customers: [], cases: [], notes: [], details: [], interactions: [], promises: [] };
  for (const s of SEED_STORIES) {
    const handle = (options.handles?.[s.id] ?? s.handle).replace(/^@/, '');
    const key = handleKey(handle);
    const fill = (t: string) => t.replaceAll('{handle}', handle);
    const id = (kind: string, i: number) => `seed-${s.id}-${kind}-${i}`;
    const caseId = (i: number | undefined) => (i === undefined ? null : id('case', i));
    const first = Math.max(...s.cases.map((c) => c.ago), ...s.interactions.map((i) => i.ago), 0);
    const customer: Customer = { key, handle, displayName: s.displayName, tags: s.tags, mergedInto: null, aliases: [], createdAt: now - first, updatedAt: now };
    data.customers.push(customer);
    s.cases.forEach((c, i) =>
      data.cases.push({ id: id('case', i), customerKey: key, title: c.title, status: c.status, priority: c.priority, tags: c.tags, createdAt: now - c.ago, updatedAt: now - c.ago } satisfies Case),
    );
    s.notes.forEach((n, i) =>
      data.notes.push({ id: id('note', i), customerKey: key, caseId: caseId(n.caseIndex), text: fill(n.text), createdAt: now - n.ago } satisfies Note),
    );
    s.details.forEach((d, i) =>
      data.details.push({ id: id('detail', i), customerKey: key, caseId: caseId(d.caseIndex), kind: d.kind, value: d.value, source: d.source, sourceRef: null, createdAt: now - d.ago } satisfies Detail),
    );
    s.interactions.forEach((x, i) =>
      data.interactions.push({
        id: id('interaction', i),
        customerKey: key,
        caseId: caseId(x.caseIndex),
        kind: x.kind,
        tweetId: null,
        author: fill(x.author),
        text: fill(x.text),
        url: null,
        at: now - x.ago,
      } satisfies Interaction),
    );
    s.promises.forEach((p, i) =>
      data.promises.push({
        id: id('promise', i),
        customerKey: key,
        caseId: caseId(p.caseIndex),
        text: p.text,
        due: p.dueIn === null ? null : now + p.dueIn,
        done: p.done,
        notifiedAt: null,
        createdAt: now - p.ago,
      } satisfies PromiseItem),
    );
  }
  return data;
}

/** Writes the seed customers into the store (merge by id: re-seeding refreshes them, nothing else is touched). */
export async function seedCustomers(
  store: Pick<CaseApi, 'importBackup'>,
  options: { now?: number; handles?: Partial<Record<SeedId, string>> } = {},
): Promise<BackupReport> {
  const data = seedData(options);
  const json = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date(options.now ?? Date.now()).toISOString(), data });
  return store.importBackup({ json, mode: 'merge' });
}
