/**
 * Presence between two browser profiles (issue 12): the team server in this process on 127.0.0.1 (embedded
 * database, temporary directory) and two Chromium profiles with the built extension, signed in as two agents of
 * one team. Agent A puts the focus in the reply composer under a customer's tweet; timed until agent B's chip for
 * that customer says "@agent_a replying", then A leaves the (empty) composer, timed until B's chip no longer does.
 * The same path an agent's presence takes: content script → background → awareness → server → B's background →
 * B's content script → chip.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../server/app';
import * as roster from '../../server/roster';
import { findComposers } from '../../lib/x/composer';
import { launch, unstackCells, waitForContentScript } from '../../tests/e2e/harness';
import { fixtureDoc } from '../../tests/e2e/fixture-dom';
import { dist, round } from './stats';

const STATUS = 'https://x.com/arscontexta/status/2013045749580259680';

export async function benchPresence(extensionDir: string, quick: boolean, log: (s: string) => void): Promise<Record<string, number>> {
  const samples = quick ? 5 : 20;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caselint-bench-presence-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, tokenTtlMs: 86_400_000, quiet: true, debounce: 200, maxDebounce: 1000 });
  const teamId = (await roster.createTeam(server.db, 'Bench care')).id;
  const allowOrigins = [server.url];
  const [A, B] = await Promise.all([launch({ extensionDir, allowOrigins }), launch({ extensionDir, allowOrigins })]);
  try {
    for (const [h, handle] of [[A, 'agent_a'], [B, 'agent_b']] as const) {
      const { code } = await roster.createInvite(server.db, { email: `${handle}@bench.test`, teamId, handle });
      await h.send('teamJoin', [{ server: server.url, code }]);
    }
    const customer = findComposers(fixtureDoc(STATUS), { pageUrl: STATUS }).find((c) => c.replyTo)!.replyTo!.author.handle;
    // Each browser connects while one of its x.com tabs is open.
    const [pageA, pageB] = await Promise.all([A.openX(STATUS), B.openX(STATUS)]);
    await Promise.all([waitForContentScript(pageA), waitForContentScript(pageB)]);
    await unstackCells(pageA);
    await A.call('addNote', { handle: customer, text: 'Presence bench' });
    const chipB = pageB.getByRole('button', { name: new RegExp(`^Case history: @${customer}`, 'i') }).first();
    await chipB.waitFor({ timeout: 30_000 });
    const editor = pageA.locator('[data-testid="tweetTextarea_0"]');
    const shows = () => chipB.evaluate((el) => (el.textContent ?? '').includes('@agent_a replying'));
    const until = async (want: boolean, t0: number) => {
      while ((await shows()) !== want) {
        if (performance.now() - t0 > 15_000) throw new Error(`presence: B's chip did not ${want ? 'show' : 'drop'} "@agent_a replying" within 15 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now() - t0;
    };
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < samples; i++) {
      let t0 = performance.now();
      await editor.click();
      on.push(await until(true, t0));
      t0 = performance.now();
      await pageA.locator('[data-testid="primaryColumn"]').first().click({ position: { x: 5, y: 5 } });
      off.push(await until(false, t0));
    }
    const a = dist(on);
    const b = dist(off);
    log(`presence: A replying shown on B's chip p50 ${a.p50.toFixed(0)} ms, p95 ${a.p95.toFixed(0)} ms; cleared p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms (${samples} samples, two Chromium profiles)`);
    return {
      presence_samples: samples,
      presence_replying_p50_ms: round(a.p50, 1),
      presence_replying_p95_ms: round(a.p95, 1),
      presence_cleared_p50_ms: round(b.p50, 1),
      presence_cleared_p95_ms: round(b.p95, 1),
    };
  } finally {
    await Promise.all([A.close(), B.close()]);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
