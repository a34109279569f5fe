/**
 * Caselint in Firefox: the built Firefox add-on (.output/firefox-mv2) in Firefox ESR over WebDriver BiDi
 * (tests/e2e/firefox-harness.ts), on the same offline x.com fixtures as the Chromium specs.
 * Run `npm run build:firefox` first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIDE_PANEL_HOW } from '../../components/inpage/CaseCard';
import { HOME, unstackCells } from './harness';
import { fixtureAuthors } from './fixture-dom';
import { launchFirefox, pierce, pollFor, waitForContentScriptFx, type FirefoxHarness } from './firefox-harness';

const STATUS_02 = 'https://x.com/arscontexta/status/2013045749580259680';

let h: FirefoxHarness;
let tmp: string;

beforeAll(async () => {
  h = await launchFirefox();
  tmp = mkdtempSync(join(tmpdir(), 'caselint-ff-'));
}, 120_000);
afterAll(async () => {
  await h?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await h.call('clearAll');
  h.errors.length = 0;
});

/** For each tweet on the page, in order: how many "Case history" chips it carries. */
const chipsPerTweet = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('article[data-testid="tweet"]')].map(
      (a) => [...a.querySelectorAll('caselint-chip')].filter((host) => host.shadowRoot?.querySelector('button[aria-label^="Case history: @"]')).length,
    ),
  );

/** The n-th tweet's chip, clicked through the DOM: the static fixture's cells overlap (X's layout script is not run). */
async function openCard(page: Page, tweetIndex: number) {
  // Caselint acts only on real input: a click through BiDi's input actions, on the chip of that tweet, after the
  // fixture's overlapping cells are let flow (X's layout script does not run offline).
  await unstackCells(page);
  const button = await page.evaluateHandle((i) => {
    const host = [...document.querySelectorAll('article[data-testid="tweet"]')][i]?.querySelector('caselint-chip');
    const b = host?.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-label^="Case history: @"]');
    if (!b) throw new Error(`tweet ${i} has no chip`);
    b.scrollIntoView({ block: 'center' });
    return b;
  }, tweetIndex);
  await (button as unknown as ElementHandle<HTMLButtonElement>).click();
  return pierce(page, '[role="dialog"]');
}

/** Text of every open card on the page (cards render in shadow roots). */
const cardText = (page: Page) =>
  page.evaluate(() => {
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('role') === 'dialog') texts.push(el.textContent ?? '');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return texts.join('\n');
  });

const mostFrequentAuthor = (authors: string[]) => {
  const counts = new Map<string, number>();
  for (const a of authors) counts.set(a.toLowerCase(), (counts.get(a.toLowerCase()) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
};

describe(`Caselint in Firefox`, () => {
  it('runs in the Firefox ESR that CI installs, at least the manifest’s strict_min_version', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync(join(process.cwd(), '.output/firefox-mv2/manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { strict_min_version: string } };
    };
    const major = (v: string) => Number(/(\d+)\./.exec(v)?.[1]);
    expect(major(h.version)).toBeGreaterThanOrEqual(major(manifest.browser_specific_settings.gecko.strict_min_version));
  });

  it('annotates the home timeline: chips on exactly the seeded author’s tweets, live after seeding', async () => {
    const authors = fixtureAuthors();
    expect(authors).toHaveLength(20);
    const [target] = mostFrequentAuthor(authors);
    const page = await h.openX(HOME);
    await waitForContentScriptFx(page);
    await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20', { timeout: 15_000 });
    expect(await chipsPerTweet(page)).toEqual(authors.map(() => 0));

    await h.call('addNote', { handle: target!, text: 'Waiting for a refund since Monday' });
    await h.call('addPromise', { handle: target!, text: 'DM the refund reference', due: Date.now() - 3_600_000 });
    await pollFor('chips per tweet', () => chipsPerTweet(page), authors.map((a) => (a.toLowerCase() === target ? 1 : 0)));
    const readLabel = () =>
      page.evaluate(() => document.querySelector('caselint-chip')?.shadowRoot?.querySelector('button[aria-label^="Case history: @"]')?.getAttribute('aria-label') ?? '');
    // The chip appears with the note; the promise written just after updates it a moment later.
    let label = await readLabel();
    for (const until = Date.now() + 10_000; !/1 overdue \(promise\)/.test(label) && Date.now() < until; label = await readLabel()) await new Promise((r) => setTimeout(r, 100));
    expect(label).toMatch(new RegExp(`^Case history: @${target}: no open case, 1 overdue \\(promise\\), \\(last contact\\) `, 'i'));
    expect(h.errors).toEqual([]);
    await page.close();
  });

  it('lints the reply typed into the composer and lists the finding in the panel', async () => {
    const page = await h.openX(STATUS_02);
    await waitForContentScriptFx(page);
    const editor = await page.waitForSelector('[data-testid="tweetTextarea_0"]');
    await editor!.click();
    await page.keyboard.type('Sorry about that! Please call our support team at 1-800-555-0199 and they will sort it out.');
    const finding = await pierce(page, 'section[aria-label="Caselint reply check"] a');
    await pollFor(
      'findings in the panel',
      () => page.evaluate(() => [...(document.querySelector('caselint-lint-panel')?.shadowRoot?.querySelectorAll('a') ?? [])].map((a) => a.textContent).includes('deflect-to-phone')),
      true,
    );
    expect(finding).toBeTruthy();
    // Highlights are drawn in an overlay, never inside the editor.
    expect(await page.evaluate(() => document.querySelector('[data-testid="tweetTextarea_0"]')!.querySelectorAll('caselint-highlights, [class^="cl-"]').length)).toBe(0);
    expect(h.errors).toEqual([]);
    await page.close();
  });

  it('imports a CSV through the options page, and x.com shows chips on those authors’ tweets only', async () => {
    const authors = fixtureAuthors();
    const ranked = mostFrequentAuthor(authors);
    const picked = [ranked[0]!, ranked[ranked.length - 1]!];
    const original = (key: string) => authors.find((a) => a.toLowerCase() === key)!;
    const file = join(tmp, 'helpdesk.csv');
    writeFileSync(
      file,
      [
        'Twitter Handle,Name,Subject,Status,Order Number',
        `@${original(picked[0]!)},First Customer,Roaming bill too high,open,A-1001`,
        `${original(picked[1]!)},Second Customer,"Router drops, every night",waiting,A-1002`,
        'not_on_this_page,Third Customer,Late delivery,open,A-1003',
      ].join('\n'),
    );
    const options = await h.openExtensionPage('options.html#/data');
    const input = await options.waitForSelector('input[type="file"][accept*="csv"], input[type="file"]');
    await (input as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(file);
    const importButton = await options.waitForSelector('::-p-text(Import 3 rows)', { timeout: 10_000 });
    await importButton!.click();
    await pollFor(
      'import status',
      () => options.evaluate(() => [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent?.includes('Imported 3 cases (3 new customers)'))),
      true,
    );
    const summaries = await h.call('summaries', [...picked, 'not_on_this_page']);
    expect(Object.keys(summaries).sort()).toEqual([...picked, 'not_on_this_page'].sort());

    const page = await h.openX(HOME);
    await waitForContentScriptFx(page);
    await pollFor('chips per tweet', () => chipsPerTweet(page), authors.map((a) => (picked.includes(a.toLowerCase()) ? 1 : 0)));
    expect(h.errors).toEqual([]);
    await Promise.all([page.close(), options.close()]);
  });

  it('adds a note from the card in one tab and the other tab shows it without reload', async () => {
    const authors = fixtureAuthors();
    const target = authors[0]!;
    await h.call('addNote', { handle: target, text: 'First contact about a billing error' });
    const tab1 = await h.openX(HOME);
    const tab2 = await h.openX(HOME);
    for (const p of [tab1, tab2]) await waitForContentScriptFx(p);
    await pollFor('chip on the first tweet', async () => (await chipsPerTweet(tab2))[0], 1);
    await openCard(tab2, 0);
    await pollFor('card in tab 2 shows the first note', async () => (await cardText(tab2)).includes('First contact about a billing error'), true);

    await pollFor('chip on the first tweet', async () => (await chipsPerTweet(tab1))[0], 1);
    const card1 = await openCard(tab1, 0);
    const addNote = await card1.waitForSelector('::-p-text(Add note)');
    await addNote!.click();
    const box = await pierce(tab1, 'textarea');
    await box.type('Refund issued, reference R-2291');
    const save = await card1.waitForSelector('::-p-text(Save note)');
    await save!.click();
    await pollFor('card in tab 1 shows the new note', async () => (await cardText(tab1)).includes('Refund issued, reference R-2291'), true);

    // The other tab's open card follows live.
    await pollFor('card in tab 2 shows the new note', async () => (await cardText(tab2)).includes('Refund issued, reference R-2291'), true);
    expect(h.errors).toEqual([]);
    await Promise.all([tab1.close(), tab2.close()]);
  });

  it('"Open in side panel" on the card: Firefox refuses from a content-script message, and the card says how to open it', async () => {
    const authors = fixtureAuthors();
    await h.call('addNote', { handle: authors[0]!, text: 'Sidebar check' });
    const page = await h.openX(HOME);
    await waitForContentScriptFx(page);
    await pollFor('chip on the first tweet', async () => (await chipsPerTweet(page))[0], 1);
    const card = await openCard(page, 0);
    const open = await card.waitForSelector('::-p-text(Open in side panel)');
    // A real click (BiDi input actions), as the agent would.
    await open!.click();
    const deadline = Date.now() + 10_000;
    let text = '';
    while (!(text = await cardText(page)).includes(SIDE_PANEL_HOW) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(text).toContain(SIDE_PANEL_HOW);
    expect(h.errors).toEqual([]);
    await page.close();
  });
});
