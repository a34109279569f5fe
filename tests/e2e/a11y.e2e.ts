/**
 * Accessibility and fit of what Caselint draws, in the built extension on the offline fixture pages:
 * - the chip never makes X shrink the author's name or handle (1280 px and 500 px wide); where the row is short
 *   of space it shows a shorter face;
 * - axe-core (npm `axe-core`) finds no critical or serious violation on the options page, the side panel and the
 *   in-page UI (chips, the open card, the lint panel open with findings), inside their shadow roots (open through
 *   the test hooks),
 *   with `label-content-name-mismatch` switched on (axe ships it off).
 * Run `npx wxt build` first.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, launch, seedDemoCases, unstackCells, waitForContentScript, type Harness } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHIP = /^Case history: @/;
const STATUS = 'https://x.com/arscontexta/status/2013045749580259680';

let h: Harness;
beforeAll(async () => {
  h = await launch();
  await seedDemoCases(h);
});
afterAll(async () => {
  await h?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** axe on `include` (shadow-piercing selector lists; the whole page when empty): serious or worse only. */
async function axe(page: Page, include: string[][] = []): Promise<string[]> {
  // evaluate, not a <script> tag: extension pages' CSP refuses inline scripts.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async (inc) => {
    const a = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const r = await a.run(inc.length ? { include: inc } : document, { rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] });
    return r.violations;
  }, include)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
}

async function homeAt(width: number, background?: string): Promise<Page> {
  const page = await h.openX(HOME);
  await page.setViewportSize({ width, height: 900 });
  await unstackCells(page);
  await waitForContentScript(page);
  if (background) await page.evaluate((bg) => (document.body.style.backgroundColor = bg), background);
  await expect.poll(() => page.getByRole('button', { name: CHIP }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(200);
  return page;
}

describe('the chip beside the author', () => {
  it.each([1280, 500])('never shrinks the name or the handle at %i px, and shows a face that fits', async (width) => {
    const page = await homeAt(width);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-caselint="caselint-chip"]')].map((host) => {
        const row = host.parentElement!;
        const widths = () => [...row.children].filter((c) => c !== host).map((c) => c.getBoundingClientRect().width);
        const withChip = widths();
        host.style.display = 'none';
        const without = widths();
        host.style.display = '';
        const b = host.shadowRoot!.querySelector('button')!;
        const shown = b.classList.contains('cl-chip--compact') ? 'compact' : b.classList.contains('cl-chip--short') ? 'short' : 'full';
        const face = b.querySelector<HTMLElement>(`.cl-chip__${shown}`);
        return { withChip, without, shown, faceWidth: face?.offsetWidth ?? 0, hostWidth: host.getBoundingClientRect().width };
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      r.withChip.forEach((w, i) => expect(w).toBeCloseTo(r.without[i]!, 0));
      // The face shown is never cut off by its host.
      expect(r.faceWidth).toBeLessThanOrEqual(r.hostWidth + 0.5);
    }
    // At 500 px the home timeline's rows are short of space: some chip shows a shorter face there.
    if (width === 500) expect(rows.some((r) => r.shown !== 'full')).toBe(true);
    await page.close();
  });
});

describe('axe-core: no serious or critical violation', () => {
  it.each([
    ['light', 'white'],
    ['dim', 'rgb(21, 32, 43)'],
    ['dark', 'black'],
  ])('chips and the open card on the home timeline (%s)', async (_theme, bg) => {
    const page = await homeAt(1280, bg);
    expect(await axe(page, [['caselint-chip']])).toEqual([]);
    await page.getByRole('button', { name: CHIP }).first().click();
    await page.getByRole('dialog', { name: CHIP }).waitFor();
    expect(await axe(page, [['caselint-cards']])).toEqual([]);
    await page.close();
  });

  it.each([
    ['light', 'white'],
    ['dark', 'black'],
  ])('the lint panel open with findings in the reply composer (%s)', async (_theme, bg) => {
    const page = await h.openX(STATUS);
    await waitForContentScript(page);
    await page.evaluate((b) => (document.body.style.backgroundColor = b), bg);
    await page.locator('[data-testid="tweetTextarea_0"]').click();
    await page.keyboard.type('Sorry about that! Please call our support team at 1-800-555-0199 and they will sort it out.');
    const panel = page.getByRole('region', { name: 'Caselint reply check' });
    await expect.poll(() => panel.getByRole('button', { name: /^Turn this rule off/ }).count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await axe(page, [['caselint-lint-panel']])).toEqual([]);
    await page.close();
  });

  it('compact chips at 500 px', async () => {
    const page = await homeAt(500, 'white');
    expect(await axe(page, [['caselint-chip']])).toEqual([]);
    await page.close();
  });

  it('the options page and the side panel', async () => {
    const options = await h.openOptions();
    await options.getByRole('heading').first().waitFor();
    expect(await axe(options)).toEqual([]);
    const panel = await h.openSidePanel();
    await panel.waitForLoadState('networkidle');
    await panel.waitForTimeout(500);
    expect(await axe(panel)).toEqual([]);
    await options.close();
    await panel.close();
  });
});

describe('keyboard', () => {
  it('the manifest declares the shortcuts, and "open card" from the background opens the card of the tweet X\'s j/k selected; Tab past its last control returns to the tweet', async () => {
    const commands = (await h.serviceWorker.evaluate(() =>
      (globalThis as unknown as { chrome: { commands: { getAll(): Promise<Array<{ name: string; shortcut: string }>> } } }).chrome.commands.getAll(),
    )) as Array<{ name: string; shortcut: string }>;
    expect(commands.map((c) => c.name).sort()).toEqual(['_execute_action', 'open-card']);
    // The suggested keys (Chromium assigns them on a real install; the agent can rebind them).
    const declared = (await h.serviceWorker.evaluate(
      () => (globalThis as unknown as { chrome: { runtime: { getManifest(): { commands: Record<string, { suggested_key: { default: string } }> } } } }).chrome.runtime.getManifest().commands,
    )) as Record<string, { suggested_key: { default: string } }>;
    expect(declared['open-card']!.suggested_key.default).toBe('Alt+Shift+C');
    expect(declared._execute_action!.suggested_key.default).toBe('Alt+Shift+S');

    const page = await homeAt(1280);
    const chip = page.getByRole('button', { name: CHIP }).first();
    // X's j/k moves the focus to the tweet's article (its own scripts do not run offline: focus it as they would).
    await chip.evaluate((b) => ((b.getRootNode() as ShadowRoot).host.closest('article') as HTMLElement).focus());
    // What the background does when the browser reports the shortcut (a browser command cannot be pressed from a test).
    await h.serviceWorker.evaluate(async (url) => {
      const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>>; sendMessage(id: number, m: unknown): Promise<unknown> } } }).chrome;
      const [tab] = await c.tabs.query({ url });
      await c.tabs.sendMessage(tab!.id, { caselint: 'command', name: 'open-card' }).catch(() => undefined);
    }, HOME);
    const card = page.getByRole('dialog', { name: CHIP });
    await card.waitFor();
    expect(await chip.getAttribute('aria-expanded')).toBe('true');
    await card.getByRole('list', { name: /^Timeline of/ }).waitFor();
    await card.getByRole('button').last().focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => chip.evaluate((b) => (b.getRootNode() as ShadowRoot).activeElement === b)).toBe(true);
    await page.close();
  });
});
