/**
 * The team part of `npm run demo`: a team server on 127.0.0.1 with the embedded database (a temporary data
 * directory), team "Acme care" with two agents, and two Chromium profiles with the built extension. Agent A signs
 * in from the options page and adds a note and a promise from the case card on the home-timeline fixture; agent B's
 * chip and card show them, live. Headless: screenshots; with a display: two windows that stay open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startServer } from '../server/app';
import * as roster from '../server/roster';
import { fixtureAuthors } from '../tests/e2e/fixture-dom';
import { HOME, UNSTACK_CELLS, launch, waitForContentScript, type Harness } from '../tests/e2e/harness';

const TWEET = 'article[data-testid="tweet"]';
const NTH = 3;

export interface TeamDemo {
  agents: Harness[];
  stop(): Promise<void>;
}

export async function teamDemo(opts: { headed: boolean; shoot(page: Page, name: string, note: string): Promise<void> }): Promise<TeamDemo> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caselint-demo-team-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, tokenTtlMs: 86_400_000, quiet: true, debounce: 200, maxDebounce: 1000 });
  const teamId = (await roster.createTeam(server.db, 'Acme care')).id;
  const codeA = (await roster.createInvite(server.db, { email: 'a@acme.test', teamId, handle: 'agent_a' })).code;
  const codeB = (await roster.createInvite(server.db, { email: 'b@acme.test', teamId, handle: 'agent_b' })).code;
  console.log(`\nTeam demo: server ${server.url} (embedded database in ${dataDir}), team “Acme care”, agents @agent_a and @agent_b.`);

  const viewport = opts.headed ? null : { width: 1280, height: 900 };
  const [A, B] = await Promise.all([
    launch({ headless: !opts.headed, viewport, allowOrigins: [server.url] }),
    launch({ headless: !opts.headed, viewport, allowOrigins: [server.url] }),
  ]);
  const stop = async () => {
    await Promise.all([A.close().catch(() => undefined), B.close().catch(() => undefined)]);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // A signs in the way an agent does: the options page's Team section.
    const options = await A.openOptions();
    await options.goto(A.extensionUrl('options.html#/team'));
    await options.getByLabel('Team server address').fill(server.url);
    await options.getByLabel('Invite code').fill(codeA);
    await options.getByRole('button', { name: 'Join team…' }).click();
    await options.getByRole('button', { name: 'Join team', exact: true }).click();
    await options.getByText('Connected · everything is synced').waitFor({ timeout: 15_000 });
    await opts.shoot(options, 'team-a-options', 'agent A signed in to “Acme care” from the options page');
    await B.send('teamJoin', [{ server: server.url, code: codeB }]);

    const [pageA, pageB] = await Promise.all([A.openX(HOME), B.openX(HOME)]);
    for (const p of [pageA, pageB]) {
      await p.addStyleTag({ content: UNSTACK_CELLS });
      await waitForContentScript(p);
    }
    const tweetA = pageA.locator(TWEET).nth(NTH);
    const target = fixtureAuthors()[NTH]!;
    await tweetA.hover();
    await tweetA.getByRole('button', { name: /^Add case note: @/ }).click();
    const cardA = pageA.getByRole('dialog', { name: /^Case history: @/ });
    await cardA.getByRole('button', { name: 'Add note' }).click();
    await cardA.getByLabel('Note').fill('Billing promised a callback about the $6,000 bill: do not start over.');
    await cardA.getByRole('button', { name: 'Save note' }).click();
    await cardA.getByRole('button', { name: 'Add promise' }).click();
    await cardA.getByLabel('Promise').fill('Call back with the refund reference by Friday');
    await cardA.getByRole('button', { name: 'Save promise' }).click();
    await cardA.getByText('Call back with the refund reference by Friday').first().waitFor();
    await opts.shoot(pageA, 'team-a-card', `agent A's card on @${target}: a note and a promise`);

    const chipB = pageB.locator(TWEET).nth(NTH).getByRole('button', { name: /^Case history: @/ });
    await chipB.waitFor({ timeout: 15_000 });
    await chipB.click();
    const cardB = pageB.getByRole('dialog', { name: /^Case history: @/ });
    await cardB.getByText('Call back with the refund reference by Friday').first().waitFor({ timeout: 15_000 });
    await opts.shoot(pageB, 'team-b-card', `agent B, another browser: the chip appeared on @${target} and the card says “by @agent_a”`);
    if (opts.headed) {
      console.log('Two more windows: agent A and agent B of “Acme care”. Add a note in one, watch the other. Close them to end.');
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { agents: [A, B], stop };
}
