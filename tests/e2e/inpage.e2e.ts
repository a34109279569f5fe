import { mkdirSync } from 'node:fs';
/**
 * What Caselint shows inside x.com, in the built extension on the offline fixture pages:
 * chips on the right tweets once history exists (live, no reload), the card adding a note seen in a second tab,
 * and the reply linter's panel in the composer.
 * Run `npx wxt build` first.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findComposers } from '../../lib/x/composer';
import { findTweetArticles, parseTweet } from '../../lib/x/parse';
import { FIXTURE_PAGES, HOME, launch, unstackCells, waitForContentScript, type Harness } from './harness';
import { fixtureAuthors, fixtureDoc } from './fixture-dom';

const STATUS_02 = 'https://x.com/arscontexta/status/2013045749580259680';
const STATUS_03 = 'https://x.com/badlogicgames/status/1991612272289161300';
const TWEET = 'article[data-testid="tweet"]';
const CHIP = /^Case history: @/;

let h: Harness;


/** A fixture page's primary column (what X swaps in on a client-side route change) and its tweets' authors. */
function primaryColumn(url: keyof typeof FIXTURE_PAGES): { html: string; authors: string[] } {
  const col = fixtureDoc(url).querySelector('[data-testid="primaryColumn"]');
  if (!col) throw new Error(`fixture of ${url} has no primary column`);
  return { html: col.innerHTML, authors: findTweetArticles(col).map((a) => parseTweet(a, { pageUrl: url })?.author.handle ?? '') };
}

beforeAll(async () => {
  h = await launch();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await h.call('clearAll');
});

describe('in-page UI on x.com', () => {
  it('shows case chips only on tweets whose author has history, live after seeding', async () => {
    const authors = fixtureAuthors();
    expect(authors).toHaveLength(20);
    // The author with the most tweets on the page, and nobody else.
    const counts = new Map<string, number>();
    for (const a of authors) counts.set(a.toLowerCase(), (counts.get(a.toLowerCase()) ?? 0) + 1);
    const [target] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;

    const page = await h.openX(HOME);
    await waitForContentScript(page);
    await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20');
    // Unknown authors: nothing on the page (no host, no chip) until a tweet is hovered; then its quiet "add note".
    const articles0 = page.locator(TWEET);
    await articles0.nth(3).hover();
    await expect.poll(() => page.getByRole('button', { name: /^Add case note: @/ }).count()).toBe(1);
    expect(await articles0.nth(3).getByRole('button', { name: `Add case note: @${authors[3]}` }).count()).toBe(1);
    expect(await page.locator('caselint-chip').count()).toBe(1);
    expect(await page.getByRole('button', { name: CHIP }).count()).toBe(0);

    await h.call('addNote', { handle: target, text: 'Waiting for a refund since Monday' });
    await h.call('addPromise', { handle: target, text: 'DM the refund reference', due: Date.now() - 3_600_000 });

    const expected = authors.map((a) => a.toLowerCase() === target);
    await expect.poll(() => page.getByRole('button', { name: CHIP }).count(), { timeout: 5000 }).toBe(expected.filter(Boolean).length);
    const articles = page.locator(TWEET);
    for (let i = 0; i < expected.length; i++) {
      const chip = articles.nth(i).getByRole('button', { name: CHIP });
      expect(await chip.count(), `tweet ${i} by @${authors[i]}`).toBe(expected[i] ? 1 : 0);
    }
    const first = articles.nth(expected.indexOf(true)).getByRole('button', { name: CHIP });
    expect(await first.getAttribute('aria-label')).toMatch(new RegExp(`^Case history: @${target}: no open case, 1 overdue \\(promise\\), \\(last contact\\) `, 'i'));
    expect(h.errors).toEqual([]);
  });

  it('adds a note from the card and a second tab shows it without reload', async () => {
    const authors = fixtureAuthors();
    const target = authors[0]!;
    await h.call('addNote', { handle: target, text: 'First contact about a billing error' });

    const tab1 = await h.openX(HOME);
    const tab2 = await h.openX(HOME);
    for (const p of [tab1, tab2]) await waitForContentScript(p);
    const chip1 = tab1.locator(TWEET).first().getByRole('button', { name: CHIP });
    const chip2 = tab2.locator(TWEET).first().getByRole('button', { name: CHIP });
    // Real clicks (Caselint ignores dispatched events); the fixture's overlapping cells are unstacked first.
    for (const p of [tab1, tab2]) await unstackCells(p);
    await chip2.click();
    const card2 = tab2.getByRole('dialog', { name: new RegExp(`Case history: @${target}`, 'i') });
    await expect.poll(() => card2.getByText('First contact about a billing error').count()).toBe(1);

    await chip1.click();
    const card1 = tab1.getByRole('dialog', { name: new RegExp(`Case history: @${target}`, 'i') });
    await card1.getByRole('button', { name: 'Add note' }).click();
    await card1.getByLabel('Note').fill('Refund issued, reference R-2291');
    await card1.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => card1.getByText('Refund issued, reference R-2291').count()).toBe(1);

    // The other tab's open card and chip update live.
    await expect.poll(() => card2.getByText('Refund issued, reference R-2291').count(), { timeout: 5000 }).toBe(1);
    await expect.poll(async () => (await chip2.getAttribute('aria-label')) ?? '').toMatch(/2 notes/);

    // Escape closes the card and gives focus back to the chip.
    await card1.getByRole('button', { name: 'Add note' }).focus();
    await tab1.keyboard.press('Escape');
    expect(await card1.count()).toBe(0);
    expect(await chip1.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(h.errors).toEqual([]);
  });

  it('the card opens above a chip near the bottom of the window and stays inside it', async () => {
    const authors = fixtureAuthors();
    const target = authors[authors.length - 1]!;
    await h.call('addNote', { handle: target, text: 'Bottom of the screen' });
    const page = await h.openX(HOME);
    await page.setViewportSize({ width: 1280, height: 700 });
    await waitForContentScript(page);
    // Let the fixture's cells flow (X's layout script does not run offline), so the last tweet can sit low on screen.
    await unstackCells(page);
    const chip = page.locator(TWEET).last().getByRole('button', { name: CHIP });
    await expect.poll(() => chip.count(), { timeout: 5000 }).toBe(1);
    await chip.evaluate((el) => {
      const r = el.getBoundingClientRect();
      window.scrollBy(0, r.top - (window.innerHeight - 60));
    });
    await chip.click();
    const card = page.getByRole('dialog', { name: new RegExp(`Case history: @${target}`, 'i') });
    await expect.poll(() => card.count()).toBe(1);
    const box = (await card.boundingBox())!;
    const chipBox = (await chip.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(chipBox.y);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await page.close();
  });

  it('lints the reply typed into the composer and lists the finding in the panel', async () => {
    const page = await h.openX(STATUS_02);
    await waitForContentScript(page);
    const editor = page.locator('[data-testid="tweetTextarea_0"]');
    await editor.click();
    await page.keyboard.type('Sorry about that! Please call our support team at 1-800-555-0199 and they will sort it out.');
    const panel = page.getByRole('region', { name: 'Caselint reply check' });
    await expect.poll(() => panel.count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => panel.getByRole('link', { name: 'deflect-to-phone' }).count()).toBe(1);
    // Highlights are drawn in an overlay, never inside the editor.
    expect(await editor.locator('caselint-highlights, [class^="cl-"]').count()).toBe(0);
    await expect.poll(() => page.locator('caselint-highlights .cl-hl').count()).toBeGreaterThan(0);

    // "Ignore here" hides that finding for this draft.
    const ignore = panel.getByRole('button', { name: /^Ignore here/ });
    const before = await ignore.count();
    await ignore.first().click();
    await expect.poll(() => (before > 1 ? ignore.count() : panel.count())).toBe(before > 1 ? before - 1 : 0);
    expect(h.errors).toEqual([]);
  });
  it.each([
    [1280, 'light', 'white'],
    [500, 'light', 'white'],
    [1280, 'dark', 'black'],
    [500, 'dark', 'black'],
  ])('at %i px (%s) the panel stays inside the window, groups by rule, and "Replace with" inserts the suggestion through the editor', async (width, theme, bg) => {
    const page = await h.openX(STATUS_02);
    await page.setViewportSize({ width, height: 900 });
    await waitForContentScript(page);
    if (theme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate((b) => (document.body.style.backgroundColor = b), bg);
    const editor = page.locator('[data-testid="tweetTextarea_0"]');
    await editor.click();
    const draft = 'Sorry about that! Please call our support team at 1-800-555-0199 and they will sort it out.';
    await page.keyboard.type(draft);
    const panel = page.getByRole('region', { name: 'Caselint reply check' });
    const group = panel.getByRole('listitem', { name: /^deflect-to-phone: 1 finding/ });
    await expect.poll(() => group.count(), { timeout: 5000 }).toBe(1);
    const box = (await panel.boundingBox())!;
    const vw = await page.evaluate(() => document.documentElement.clientWidth);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(vw + 0.5);
    mkdirSync('/tmp/lint-panel2-shots', { recursive: true });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/lint-panel2-shots/panel-${width}-${theme}.png` });

    await group.getByRole('button', { name: /^Replace with/ }).click();
    await expect.poll(() => editor.innerText()).not.toContain('1-800-555-0199');
    const text = (await editor.innerText()).replace(/\s+/g, ' ').trim();
    expect(text).toContain('tell us more here and we will look into it');
    expect(text.startsWith('Sorry about that!')).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Replaced with' }).count()).toBe(1);
    await expect.poll(() => group.count()).toBe(0);
    expect(h.errors).toEqual([]);
    await page.close();
  });

  it("follows X's client-side route change: the old page's chips, card and panel go, the new page is annotated", async () => {
    const home = fixtureAuthors();
    const next = primaryColumn(STATUS_03);
    expect(next.authors.length).toBeGreaterThan(0);
    const lower = (a: string) => a.toLowerCase();
    const oldTarget = home.find((a) => !next.authors.map(lower).includes(lower(a)))!;
    const newTarget = next.authors.find((a) => !home.map(lower).includes(lower(a)))!;
    expect(oldTarget && newTarget).toBeTruthy();
    await h.call('addNote', { handle: oldTarget, text: 'Old page customer' });
    await h.call('addNote', { handle: newTarget, text: 'New page customer' });

    const page = await h.openX(HOME);
    await waitForContentScript(page);
    await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20');
    const oldChip = page.getByRole('button', { name: new RegExp(`^Case history: @${oldTarget}\\b`, 'i') });
    await expect.poll(() => oldChip.count()).toBe(home.filter((a) => lower(a) === lower(oldTarget)).length);
    // An open card and a lint panel on the old page.
    await unstackCells(page);
    await oldChip.first().click();
    const oldCard = page.getByRole('dialog', { name: new RegExp(`Case history: @${oldTarget}`, 'i') });
    await expect.poll(() => oldCard.count()).toBe(1);
    await page.locator('[data-testid="tweetTextarea_0"]').click();
    await page.keyboard.type('Please call our support team at 1-800-555-0199.');
    const panel = page.getByRole('region', { name: 'Caselint reply check' });
    await expect.poll(() => panel.count(), { timeout: 5000 }).toBe(1);

    // What X does: push the new URL and swap the primary column's content (no page load).
    await page.evaluate(
      ({ path, html }) => {
        history.pushState({}, '', path);
        const col = document.querySelector('[data-testid="primaryColumn"]')!;
        const t = document.createElement('template');
        t.innerHTML = html;
        col.replaceChildren(t.content);
      },
      { path: new URL(STATUS_03).pathname, html: next.html },
    );

    await expect.poll(() => oldCard.count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.caselintTweets)).toBe(String(next.authors.length));
    const newChips = next.authors.filter((a) => lower(a) === lower(newTarget)).length;
    const newChip = page.getByRole('button', { name: new RegExp(`^Case history: @${newTarget}\\b`, 'i') });
    await expect.poll(() => newChip.count(), { timeout: 5000 }).toBe(newChips);
    expect(await oldChip.count()).toBe(0);
    // One chip host per tweet of the new page whose author has history, none left over from the old one.
    expect(await page.locator('caselint-chip').count()).toBe(newChips);
    expect(h.errors).toEqual([]);
  });

  it('asks before posting a reply with an error (too long): cancel records nothing, confirm records the reply', async () => {
    const composer = findComposers(fixtureDoc(STATUS_02), { pageUrl: STATUS_02 }).find((c) => c.replyTo);
    const customer = composer?.replyTo?.author.handle;
    expect(customer).toBeTruthy();
    const page = await h.openX(STATUS_02);
    await waitForContentScript(page);
    const editor = page.locator('[data-testid="tweetTextarea_0"]');
    await editor.click();
    const draft = 'Thanks for waiting, we are checking the status of your order with the warehouse team right now. '.repeat(3).trim();
    expect(draft.length).toBeGreaterThan(280);
    await page.keyboard.type(draft);
    const panel = page.getByRole('region', { name: 'Caselint reply check' });
    await expect.poll(() => panel.getByRole('link', { name: 'too-long' }).count(), { timeout: 5000 }).toBe(1);

    // X enables its Reply button once there is text (its script does not run offline); count the clicks X gets.
    const button = page.locator('[data-testid="tweetButtonInline"]');
    await button.evaluate((b) => {
      b.removeAttribute('disabled');
      b.setAttribute('aria-disabled', 'false');
      (window as unknown as { xClicks: number }).xClicks = 0;
      b.addEventListener('click', () => (window as unknown as { xClicks: number }).xClicks++);
    });
    const xClicks = () => page.evaluate(() => (window as unknown as { xClicks: number }).xClicks);
    const confirm = page.getByRole('alertdialog', { name: 'Post this reply anyway?' });
    const replies = async () =>
      ((await h.call('history', customer!))?.interactions ?? []).filter((i) => i.kind === 'agent-reply').map((i) => i.text);

    await button.dispatchEvent('click');
    await expect.poll(() => confirm.count()).toBe(1);
    expect(await confirm.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await xClicks()).toBe(0);

    // Cancel: back to editing, X never saw the click, nothing recorded.
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await xClicks()).toBe(0);
    expect(await editor.innerText()).toContain('warehouse team');
    await page.waitForTimeout(1000);
    expect(await replies()).toEqual([]);

    // Confirm: the click goes through to X; when X has posted (the composer empties) the reply is recorded.
    await button.dispatchEvent('click');
    await expect.poll(() => confirm.count()).toBe(1);
    await confirm.getByRole('button', { name: 'Post anyway' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await xClicks()).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await expect.poll(replies, { timeout: 5000 }).toEqual([draft]);
    expect(h.errors).toEqual([]);
  });
});
