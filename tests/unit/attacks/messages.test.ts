/**
 * A compromised content script (or X's page steering one) asking the background for what it should not get:
 * messages sent with a content-script sender (an x.com tab), as Chrome delivers them.
 */
import { describe, expect, it, vi } from 'vitest';
import { CaselintDB } from '../../../lib/cases/db';
import { CaseStore } from '../../../lib/cases/store';
import { CONTENT_LIMITS, CONTENT_METHODS, CONTENT_SUMMARY_DETAILS, ContentRateLimiter } from '../../../lib/messaging/limits';
import { acceptSummaryPort, SUMMARY_PORT } from '../../../lib/messaging/port';
import { CASE_METHODS, type SenderLike } from '../../../lib/messaging/protocol';
import { handleMessage, type ServerDeps } from '../../../lib/messaging/server';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const xTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 7 } };
const otherTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 8 } };
const options: SenderLike = { id: 'our-id', url: 'chrome-extension://our-id/options.html', tab: { id: 2 } };

let n = 0;
function setup(clock = { t: 0 }) {
  const store = new CaseStore(new CaselintDB(`attack-messages-${++n}`));
  const deps: ServerDeps = {
    api: store,
    self,
    limiter: new ContentRateLimiter(() => clock.t),
    broadcastCasesChanged: () => undefined,
    setFocus: async () => null,
    getFocus: async () => null,
    openSidePanel: vi.fn(async () => ({ opened: true })),
  };
  return { store, deps, clock };
}

describe('least privilege for content scripts', () => {
  it('cannot enumerate, edit, delete, merge or silence customers: only the in-page features\' messages pass', async () => {
    const { store, deps } = setup();
    for (let i = 0; i < 30; i++) await store.addNote({ handle: `cust_${i}`, text: `secret ${i}` });
    await store.addPromise({ handle: 'cust_1', text: 'call back', due: 1 });
    const refused = CASE_METHODS.filter((m) => !CONTENT_METHODS.has(m));
    expect(refused).toEqual(expect.arrayContaining(['searchCustomers', 'deleteCustomer', 'mergeCustomers', 'renameCustomer', 'updateNote', 'deleteNote', 'deleteDetail', 'duePromises', 'exportBackup', 'importCsv', 'clearAll']));
    const attempts: Array<[string, unknown[]]> = [
      ['searchCustomers', ['c', 500]],
      ['deleteCustomer', [{ handle: 'cust_2' }]],
      ['mergeCustomers', [{ from: 'cust_3', into: 'cust_4' }]],
      ['duePromises', [{ now: Date.now(), markNotified: true }]],
      ['exportBackup', []],
      ['clearAll', []],
    ];
    for (const [method, args] of attempts) {
      await expect(handleMessage(deps, method as never, args, xTab), method).rejects.toThrow(/only the extension's own pages may call it, not a content script on https:\/\/x\.com/);
    }
    expect((await store.searchCustomers('cust', 100)).length).toBe(30);
    expect((await store.duePromises({ now: Date.now() })).length).toBe(1); // still due: its alarm will fire
    // The options page may do all of it.
    expect((await handleMessage(deps, 'searchCustomers', ['cust_1'], options)) as unknown[]).not.toHaveLength(0);
  });

  it('writes are rate-limited per tab: the 61st in a minute is refused with a clear reason, another tab and the next minute are not', async () => {
    const { store, deps, clock } = setup();
    for (let i = 0; i < CONTENT_LIMITS.write; i++) await handleMessage(deps, 'addNote', [{ handle: 'spam_target', text: `n${i}` }], xTab);
    await expect(handleMessage(deps, 'addNote', [{ handle: 'spam_target', text: 'one more' }], xTab)).rejects.toThrow(
      /this tab sent too many write requests \(at most 60 a minute\)/,
    );
    await handleMessage(deps, 'addNote', [{ handle: 'spam_target', text: 'other tab' }], otherTab);
    clock.t += 60_000;
    await handleMessage(deps, 'addNote', [{ handle: 'spam_target', text: 'next minute' }], xTab);
    expect((await store.history('spam_target'))?.notes).toHaveLength(62);
  });

  it('guessing handles is bounded: at most 1,000 per lookup and 20,000 a minute per tab', async () => {
    const { deps } = setup();
    const guesses = (k: number) => Array.from({ length: 1000 }, (_, i) => `g${k}_${i}`);
    await expect(handleMessage(deps, 'summaries', [[...guesses(0), 'one_more']], xTab)).rejects.toThrow(/at most 1000 handles per lookup/);
    for (let k = 0; k < 20; k++) await handleMessage(deps, 'summaries', [guesses(k)], xTab);
    await expect(handleMessage(deps, 'summaries', [['g_last']], xTab)).rejects.toThrow(/too many handle lookups \(at most 20000 a minute\)/);
  });
});

describe('what a lookup tells a tab', () => {
  /** A customer with a detail of eight kinds. */
  async function richCustomer(store: CaseStore, handle: string) {
    const values = { phone: '+16175550148', email: 'jo@example.com', account: 'AC-99812', order: 'A-1001', address: '12 High St', location: 'Leeds', device: 'iPhone 15', appointment: 'Tue 9am' } as const;
    for (const [kind, value] of Object.entries(values)) await store.addDetail({ handle, kind: kind as never, value, source: 'typed' });
    return values;
  }

  it('guessed handles get the chip\'s summary (two details), over messages and the port; the card\'s history has the rest, at 300 a minute', async () => {
    const { store, deps } = setup();
    const values = await richCustomer(store, 'rich_customer');
    const guesses = ['rich_customer', ...Array.from({ length: 999 }, (_, i) => `guess_${i}`)];
    const fromTab = (await handleMessage(deps, 'summaries', [guesses], xTab)) as Record<string, { topDetails: Array<{ value: string }> }>;
    expect(Object.keys(fromTab)).toEqual(['rich_customer']);
    expect(fromTab.rich_customer!.topDetails).toHaveLength(CONTENT_SUMMARY_DETAILS);
    const leaked = JSON.stringify(fromTab);
    const secret = Object.values(values).filter((v) => !leaked.includes(v));
    expect(secret).toHaveLength(Object.keys(values).length - CONTENT_SUMMARY_DETAILS);

    // The same through the long-lived port the content script really uses.
    const replies: unknown[] = [];
    const port = {
      name: SUMMARY_PORT,
      sender: xTab,
      onMessage: { listeners: [] as Array<(m: unknown) => void>, addListener(l: (m: unknown) => void) { this.listeners.push(l); }, removeListener() {} },
      onDisconnect: { addListener() {}, removeListener() {} },
      postMessage: (m: unknown) => replies.push(m),
      disconnect: () => undefined,
    };
    acceptSummaryPort(port as never, { api: store, self, limiter: new ContentRateLimiter(() => 0), warn: () => {} });
    port.onMessage.listeners.forEach((l) => l({ id: 1, handles: ['rich_customer'] }));
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    const viaPort = (replies[0] as { result: Record<string, { topDetails: unknown[] }> }).result;
    expect(viaPort.rich_customer!.topDetails).toHaveLength(CONTENT_SUMMARY_DETAILS);

    // The extension's own pages see every detail; the card (history) too, but bounded per tab.
    const forPage = (await handleMessage(deps, 'summaries', [['rich_customer']], options)) as Record<string, { topDetails: unknown[] }>;
    expect(forPage.rich_customer!.topDetails).toHaveLength(Object.keys(values).length);
    for (let i = 0; i < CONTENT_LIMITS.history; i++) await handleMessage(deps, 'history', ['rich_customer'], xTab);
    await expect(handleMessage(deps, 'history', ['rich_customer'], xTab)).rejects.toThrow(/too many history requests \(at most 300 a minute\)/);
  });
});

describe('summaries', () => {
  it('a customer whose handle is __proto__ (a valid X handle) is in the answer like any other', async () => {
    const { store, deps } = setup();
    await store.addNote({ handle: '__proto__', text: 'real customer' });
    await store.addNote({ handle: 'constructor', text: 'another' });
    const out = (await handleMessage(deps, 'summaries', [['__proto__', 'constructor', 'nobody']], xTab)) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'constructor']);
    // What the content script receives went through JSON: still there.
    expect(Object.keys(JSON.parse(JSON.stringify(out))).sort()).toEqual(['__proto__', 'constructor']);
  });
});
