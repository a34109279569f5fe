/**
 * What x.com's own scripts can do to Caselint, tried from the page's main world (page.evaluate runs there) on the
 * production build with the test hooks off (tests/e2e/harness.ts `testHooks: false`): closed shadow roots, no
 * markers on X's document, synthetic events ignored, User Timing marks not switchable by the page. Playwright's
 * locators stop at closed roots, so this file looks inside through the DevTools protocol (DOM.getDocument with
 * pierce), which the page has no access to. Run `npx wxt build` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, launch, unstackCells, type Harness } from './harness';
import { fixtureAuthors } from './fixture-dom';

let h: Harness;

beforeAll(async () => {
  h = await launch({ testHooks: false });
});

afterAll(async () => {
  await h?.close();
});

interface CdpNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  nodeValue?: string;
}

/**
 * Every element and text inside the page, shadow roots (closed ones too) included, read over CDP; `clickChip`
 * clicks the first chip's button where it is drawn, with a real input event.
 */
async function pierced(page: Page, clickChip = false): Promise<{ dialogs: number; text: string }> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  let dialogs = 0;
  let text = '';
  let chipButton: number | null = null;
  const walk = (n: CdpNode) => {
    const attrs = n.attributes ?? [];
    for (let i = 0; i < attrs.length; i += 2) {
      if (attrs[i] === 'role' && attrs[i + 1] === 'dialog') dialogs++;
      if (attrs[i] === 'aria-label' && attrs[i + 1]!.startsWith('Case history: @') && n.nodeName === 'BUTTON') chipButton ??= n.nodeId;
    }
    if (n.nodeName === '#text') text += `${n.nodeValue ?? ''} `;
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
  };
  walk(root);
  if (clickChip) {
    if (chipButton === null) throw new Error('no chip button on the page');
    await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId: chipButton });
    const { quads } = (await cdp.send('DOM.getContentQuads', { nodeId: chipButton })) as { quads: number[][] };
    const [x1, y1, , , x3, y3] = quads[0]!;
    await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
  }
  await cdp.detach();
  return { dialogs, text };
}

describe("x.com's scripts against the in-page UI", () => {
  it('cannot read case data, spot markers, open a card or switch on marks; the agent still can', async () => {
    const target = fixtureAuthors()[0]!;
    await h.call('clearAll');
    await h.call('addNote', { handle: target, text: 'Secret: refund reference RF-99812' });
    await h.call('addDetail', { handle: target, kind: 'phone', value: '+1 415 555 0199', source: 'typed' });

    const page = await h.context.newPage();
    // The page asks for performance marks the way the test hooks would.
    await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => document.documentElement.setAttribute('data-caselint-marks', '')));
    await page.goto(HOME);
    await page.waitForFunction(() => document.querySelectorAll('caselint-chip').length > 0, undefined, { timeout: 10_000 });

    const seen = await page.evaluate(() => {
      const hosts = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('caselint-'));
      return {
        hosts: hosts.length,
        openRoots: hosts.filter((e) => e.shadowRoot !== null).length,
        markers: [...document.documentElement.attributes].map((a) => a.name).filter((n) => n.startsWith('data-caselint') && n !== 'data-caselint-marks'),
        hostAttrs: hosts.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('data-caselint') || n.startsWith('aria-')),
        text: document.body.innerText + document.body.textContent,
        marks: performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('caselint')),
      };
    });
    expect(seen.hosts).toBeGreaterThan(0);
    expect(seen.openRoots).toBe(0);
    expect(seen.markers).toEqual([]);
    expect(seen.hostAttrs).toEqual([]);
    expect(seen.text).not.toMatch(/RF-99812|555 0199|Case history/);
    expect(seen.marks).toEqual([]);
    // The chip is there all the same (what the agent sees): read through CDP, which only tests have.
    expect((await pierced(page)).text).toMatch(new RegExp(`@${target}`));

    // Synthetic events from the page: click(), dispatched clicks and Enter on every host. No card opens.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('caselint-chip')) {
        (el as HTMLElement).click();
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      }
    });
    await page.waitForTimeout(500);
    expect((await pierced(page)).dialogs).toBe(0);

    // A real click by the agent on the same chip opens its card.
    await unstackCells(page);
    await pierced(page, true);
    await expect.poll(async () => (await pierced(page)).dialogs, { timeout: 5000 }).toBe(1);
    const inside = await pierced(page);
    expect(inside.text).toMatch(/RF-99812/);
    // ...and the open card is as invisible to the page as the chip.
    const after = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('*')].filter((e) => e.shadowRoot).length);
    expect(after).not.toMatch(/RF-99812/);
    expect(after.endsWith('0')).toBe(true);
    expect(h.errors).toEqual([]);
  });
});
