/**
 * A team in the built extension: the team server (server/, embedded database) on 127.0.0.1 and three Chromium
 * profiles, agents A and B of team "Acme care" and C of another team. A signs in from the options page; A's note
 * and promise added from the card on the home-timeline fixture show on B's chip and card without a reload; with the
 * server stopped B keeps writing, and A receives it once the server is back; C sees nothing of Acme's customers; a
 * service worker stopped through CDP catches up when it wakes.
 * Run `npx wxt build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app';
import * as roster from '../../server/roster';
import { findComposers } from '../../lib/x/composer';
import { HOME, launch, unstackCells, waitForContentScript, type Harness } from './harness';
import { fixtureAuthors, fixtureDoc } from './fixture-dom';

const TWEET = 'article[data-testid="tweet"]';
const STATUS_02 = 'https://x.com/arscontexta/status/2013045749580259680';
/** A tweet of the home fixture that no other cell overlaps (the static page has no X layout script). */
const NTH = 3;
const CHIP = /^Case history: @/;

let dataDir: string;
let server: RunningServer;
let port = 0;
let acme: string;
let other: string;
let A: Harness, B: Harness, C: Harness;

async function start(): Promise<RunningServer> {
  server = await startServer({ host: '127.0.0.1', port, dataDir, tokenTtlMs: 30 * 86_400_000, quiet: true, debounce: 50, maxDebounce: 200, indexFlushMs: 50 });
  port = server.port;
  return server;
}

async function invite(teamId: string, email: string, handle: string): Promise<string> {
  return (await roster.createInvite(server.db, { email, teamId, role: 'agent', handle })).code;
}

type Status = { joined: boolean; team?: { teamName: string }; sync?: { state: string; pending: number } };
const status = (h: Harness) => h.send('teamStatus', []) as Promise<Status>;
const synced = async (h: Harness) => {
  const s = await status(h);
  return s.sync?.state === 'connected' && s.sync.pending === 0;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caselint-e2e-team-'));
  await start();
  acme = (await roster.createTeam(server.db, 'Acme care')).id;
  other = (await roster.createTeam(server.db, 'Other brand')).id;
  const allowOrigins = [server.url];
  [A, B, C] = await Promise.all([launch({ allowOrigins }), launch({ allowOrigins }), launch({ allowOrigins })]);
}, 90_000);

afterAll(async () => {
  await Promise.all([A, B, C].map((h) => h?.close()));
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('team case history between two browsers', () => {
  it('agent A signs in from the options page: the preview, the team, the connection', async () => {
    const code = await invite(acme, 'a@acme.test', 'agent_a');
    const options = await A.openOptions();
    await options.goto(A.extensionUrl('options.html#/team'));
    await options.getByLabel('Team server address').fill(server.url);
    await options.getByLabel('Invite code').fill(code);
    await options.getByRole('button', { name: 'Join team…' }).click();
    await expect.poll(() => options.getByRole('alertdialog').textContent()).toContain('This browser has no case history yet');
    await options.getByRole('button', { name: 'Join team', exact: true }).click();
    await expect.poll(() => options.getByRole('main').textContent(), { timeout: 10_000 }).toContain('Acme care');
    expect(await options.getByRole('main').textContent()).toContain('@agent_a');
    await expect.poll(() => options.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Connected · everything is synced');
    await options.close();

    await B.send('teamJoin', [{ server: server.url, code: await invite(acme, 'b@acme.test', 'agent_b') }]);
    await C.send('teamJoin', [{ server: server.url, code: await invite(other, 'c@other.test', 'agent_c') }]);
    expect(await status(B)).toMatchObject({ joined: true, team: { teamName: 'Acme care' } });
    expect(await status(C)).toMatchObject({ joined: true, team: { teamName: 'Other brand' } });
    // Nobody signed in may clear the team's history from one browser.
    await expect(A.call('clearAll')).rejects.toThrow(/in the team “Acme care”: clearing would delete the team’s customers/);
  }, 60_000);

  it('A’s note and promise from the card show on B’s chip and card without a reload; C sees nothing', async () => {
    const target = fixtureAuthors()[NTH]!;
    const [pageA, pageB, pageC] = await Promise.all([A.openX(HOME), B.openX(HOME), C.openX(HOME)]);
    await Promise.all([pageA, pageB, pageC].map((p) => waitForContentScript(p)));
    // Real clicks (Caselint ignores events the page dispatches): let the fixture's overlapping cells flow first.
    for (const p of [pageA, pageB]) await unstackCells(p);
    await expect.poll(() => synced(B), { timeout: 10_000 }).toBe(true);
    expect(await pageB.getByRole('button', { name: CHIP }).count()).toBe(0);

    // A: the quiet "add note" on the first tweet, then a promise from the card.
    const tweetA = pageA.locator(TWEET).nth(NTH);
    await tweetA.hover();
    await tweetA.getByRole('button', { name: `Add case note: @${target}` }).click();
    const cardA = pageA.getByRole('dialog', { name: new RegExp(`Case history: @${target}`, 'i') });
    await cardA.getByRole('button', { name: 'Add note' }).click();
    await cardA.getByLabel('Note').fill('Billing promised a callback about the $6,000 bill');
    await cardA.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => cardA.getByText('Billing promised a callback about the $6,000 bill').count()).toBe(1);
    await cardA.getByRole('button', { name: 'Add promise' }).click();
    await cardA.getByLabel('Promise').fill('Call back with the refund reference');
    await cardA.getByRole('button', { name: 'Save promise' }).click();
    // Pinned at the top of the card and in the timeline.
    await expect.poll(() => cardA.getByRole('list', { name: 'Open promises' }).textContent()).toContain('Call back with the refund reference');

    // B: the chip appears on the same author's tweets, live, and the card says who wrote what.
    const chipB = pageB.locator(TWEET).nth(NTH).getByRole('button', { name: CHIP });
    await expect.poll(() => chipB.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await chipB.getAttribute('aria-label')) ?? '', { timeout: 10_000 }).toMatch(/1 note/);
    await chipB.click();
    const cardB = pageB.getByRole('dialog', { name: new RegExp(`Case history: @${target}`, 'i') });
    await expect.poll(() => cardB.getByRole('list', { name: 'Open promises' }).textContent(), { timeout: 10_000 }).toContain('Call back with the refund reference');
    const noteB = cardB.locator('li', { hasText: 'Billing promised a callback' });
    expect(await noteB.textContent()).toContain('Note by @agent_a');

    // C, of another team, sees none of it.
    await expect.poll(() => synced(C), { timeout: 10_000 }).toBe(true);
    expect(await C.call('history', target)).toBeNull();
    expect(await pageC.getByRole('button', { name: CHIP }).count()).toBe(0);
    for (const h of [A, B, C]) expect(h.errors).toEqual([]);
  }, 90_000);

  it('presence: A replying shows on B’s chip within 2 s; B’s reply makes A’s Post ask first; A’s closed tab clears it', async () => {
    const composer = findComposers(fixtureDoc(STATUS_02), { pageUrl: STATUS_02 }).find((c) => c.replyTo);
    const customer = composer!.replyTo!.author.handle;
    await A.call('addNote', { handle: customer, text: 'Asked about the article paywall' });
    await expect.poll(() => synced(A), { timeout: 10_000 }).toBe(true);
    const pageB = await B.openX(STATUS_02);
    await waitForContentScript(pageB);
    const chipB = pageB.getByRole('button', { name: new RegExp(`^Case history: @${customer}`, 'i') }).first();
    await expect.poll(() => chipB.count(), { timeout: 10_000 }).toBe(1);

    const pageA = await A.openX(STATUS_02);
    await waitForContentScript(pageA);
    const editor = pageA.locator('[data-testid="tweetTextarea_0"]');
    await editor.click();
    await pageA.keyboard.type('Thanks for flagging this, ');
    const t0 = Date.now();
    await expect.poll(() => chipB.textContent(), { timeout: 2000, interval: 50 }).toContain('@agent_a replying');
    const seenAfter = Date.now() - t0;
    expect(seenAfter).toBeLessThan(2000);

    // B replies (recorded as Caselint records a posted reply) while A is typing: A's Post asks first and quotes it.
    await B.call('recordReply', { handle: customer, author: 'AcmeCares', text: 'Hi! We have fixed the paywall for you.', tweetId: '1999999999999999999' });
    await expect
      .poll(async () => (await A.call('history', customer))?.interactions.some((i) => i.by === 'agent_b') ?? false, { timeout: 10_000 })
      .toBe(true);
    const button = pageA.locator('[data-testid="tweetButtonInline"]');
    await button.evaluate((b) => {
      b.removeAttribute('disabled');
      (window as unknown as { xClicks: number }).xClicks = 0;
      b.addEventListener('click', () => (window as unknown as { xClicks: number }).xClicks++);
    });
    const confirm = pageA.getByRole('alertdialog', { name: 'Another agent is on this customer: post anyway?' });
    await expect
      .poll(async () => {
        if ((await confirm.count()) === 0) await button.dispatchEvent('click');
        return confirm.textContent();
      }, { timeout: 10_000 })
      .toContain('@agent_b replied');
    expect(await confirm.textContent()).toContain('Hi! We have fixed the paywall for you.');
    expect(await pageA.evaluate(() => (window as unknown as { xClicks: number }).xClicks)).toBe(0);
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    expect(await confirm.count()).toBe(0);

    // A closes the tab: B's indicator goes within 10 s.
    await pageA.close();
    await expect.poll(() => chipB.textContent(), { timeout: 10_000, interval: 200 }).not.toContain('@agent_a replying');
    for (const h of [A, B]) expect(h.errors).toEqual([]);
  }, 90_000);

  it('an assignment made by A shows on B’s chip', async () => {
    const composer = findComposers(fixtureDoc(STATUS_02), { pageUrl: STATUS_02 }).find((c) => c.replyTo);
    const customer = composer!.replyTo!.author.handle;
    const kase = await A.call('createCase', { handle: customer, title: 'Paywall on the article' });
    await A.call('assignCase', { id: kase.id, assignee: 'agent_a' });
    const pageB = B.context.pages().find((p) => p.url() === STATUS_02) ?? (await B.openX(STATUS_02));
    const chipB = pageB.getByRole('button', { name: new RegExp(`^Case history: @${customer}`, 'i') }).first();
    await expect.poll(() => chipB.textContent(), { timeout: 10_000 }).toContain('→ @agent_a');
  }, 60_000);

  it('with the server down B keeps writing (marked not synced); A receives it when the server is back', async () => {
    const target = fixtureAuthors()[NTH]!;
    await server.stop();
    await expect.poll(async () => (await status(B)).sync?.state, { timeout: 15_000 }).toMatch(/offline|connecting/);
    await B.call('addNote', { handle: target, text: 'Written while the server was down' });
    expect((await B.call('history', target))!.unsynced).toBe(true);

    await start();
    await expect.poll(() => synced(B), { timeout: 30_000 }).toBe(true);
    expect((await B.call('history', target))!.unsynced).toBe(false);
    await expect
      .poll(async () => (await A.call('history', target))?.notes.map((n) => n.text) ?? [], { timeout: 30_000 })
      .toContain('Written while the server was down');
  }, 90_000);

  it('a service worker stopped through CDP catches up when it wakes', async () => {
    const target = fixtureAuthors()[NTH]!;
    const page = B.context.pages().find((p) => p.url().startsWith('https://x.com/')) ?? (await B.openX(HOME));
    const cdp = await B.context.newCDPSession(page);
    let running = '';
    const stopped = new Promise<void>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
        for (const v of e.versions) if (v.scriptURL.startsWith(B.extensionUrl('/'))) running = v.runningStatus;
        if (running === 'stopped') resolve();
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await A.call('addNote', { handle: target, text: 'Written while B’s worker slept' });
    await expect.poll(() => synced(A), { timeout: 15_000 }).toBe(true);
    // Any message wakes B's worker; its x.com tab is open, so it reconnects and pulls what changed.
    await expect
      .poll(async () => (await B.call('history', target))?.notes.map((n) => n.text) ?? [], { timeout: 30_000, interval: 500 })
      .toContain('Written while B’s worker slept');
  }, 90_000);
});
