/**
 * The options page and the side panel in the built extension: import a CSV through the options page's file input,
 * then the x.com home fixture shows case chips on exactly the tweets of the imported authors.
 * Run `npx wxt build` first.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME, launch, unstackCells, waitForContentScript, type Harness } from './harness';
import { fixtureAuthors } from './fixture-dom';


const TWEET = 'article[data-testid="tweet"]';
const CHIP = /^Case history: @/;

let h: Harness;

beforeAll(async () => {
  h = await launch();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.call('clearAll');
});

describe('options page and side panel', () => {
  it('imports a CSV through the options page, and the x.com page shows chips on those authors’ tweets only', async () => {
    const authors = fixtureAuthors();
    expect(authors).toHaveLength(20);
    const counts = new Map<string, number>();
    for (const a of authors) counts.set(a.toLowerCase(), (counts.get(a.toLowerCase()) ?? 0) + 1);
    // Two authors from the page (the most frequent and the last distinct one) and one who is not on it.
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const picked = [ranked[0]!, ranked[ranked.length - 1]!];
    const original = (key: string) => authors.find((a) => a.toLowerCase() === key)!;

    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/data'));
    const csv = [
      'Twitter Handle,Name,Subject,Status,Order Number',
      `@${original(picked[0]!)},First Customer,Roaming bill too high,open,A-1001`,
      `${original(picked[1]!)},Second Customer,"Router drops, every night",waiting,A-1002`,
      'not_on_this_page,Third Customer,Late delivery,open,A-1003',
    ].join('\n');
    await options.getByLabel('Import cases (CSV)').setInputFiles({ name: 'helpdesk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => options.getByLabel('Handle (required)').inputValue()).toBe('Twitter Handle');
    expect(await options.getByRole('table', { name: /Preview: first 3 of 3 rows/ }).getByRole('row').count()).toBe(4);
    await options.getByRole('button', { name: 'Import 3 rows' }).click();
    await expect.poll(() => options.getByRole('status').textContent()).toContain('Imported 3 cases (3 new customers)');

    // The import went to the background's database.
    const summaries = await h.call('summaries', [...picked, 'not_on_this_page']);
    expect(Object.keys(summaries).sort()).toEqual([...picked, 'not_on_this_page'].sort());

    const page = await h.openX(HOME);
    await waitForContentScript(page);
    await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20');
    const expected = authors.map((a) => picked.includes(a.toLowerCase()));
    await expect.poll(() => page.getByRole('button', { name: CHIP }).count(), { timeout: 10_000 }).toBe(expected.filter(Boolean).length);
    const articles = page.locator(TWEET);
    for (let i = 0; i < expected.length; i++) {
      const chip = articles.nth(i).getByRole('button', { name: CHIP });
      expect(await chip.count(), `tweet ${i} by @${authors[i]}`).toBe(expected[i] ? 1 : 0);
      if (expected[i]) expect(await chip.getAttribute('aria-label')).toMatch(new RegExp(`^Case history: @${authors[i]}\\b`, 'i'));
    }
    await page.close();
    await options.close();
    expect(h.errors).toEqual([]);
  });

  it('a CSV with bad rows lists them by line and column and imports nothing', async () => {
    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/data'));
    const csv = ['handle,title,status', 'good_one,Fine,open', 'bad handle!,Broken,open', 'good_two,Odd status,sideways'].join('\n');
    await options.getByLabel('Import cases (CSV)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const rows = options.getByRole('table', { name: 'Rows to fix' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toMatch(/^3handle/);
    expect(await rows.nth(2).textContent()).toMatch(/^4status/);
    expect(await options.getByRole('button', { name: 'Import 3 rows' }).isDisabled()).toBe(true);
    expect(await h.call('searchCustomers', '')).toEqual([]);
    await options.close();
  });

  it('the customer view edits a case through the background, and the side panel search opens it', async () => {
    await h.call('createCase', { handle: 'jane_doe', displayName: 'Jane Doe', title: 'Router keeps rebooting' });
    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/customers'));
    await options.getByRole('searchbox', { name: 'Search customers' }).fill('jane');
    await options.getByRole('list', { name: 'Customers' }).getByRole('button', { name: /^@jane_doe/ }).click();
    await options.getByLabel('Status of Router keeps rebooting').selectOption('solved');
    await expect.poll(async () => (await h.call('history', 'jane_doe'))?.cases[0]?.status).toBe('solved');

    const panel = await h.openSidePanel();
    await panel.getByRole('searchbox', { name: 'Search customers' }).fill('jane');
    await panel.getByRole('list', { name: 'Customers' }).getByRole('button', { name: /^@jane_doe/ }).click();
    await panel.getByLabel('New note').fill('Prefers DMs');
    await panel.getByRole('button', { name: 'Add note' }).click();
    // Live: the options page shows the note added in the side panel without reloading.
    await expect.poll(() => options.getByText('Prefers DMs').count(), { timeout: 10_000 }).toBe(1);
    await panel.close();
    await options.close();
    expect(h.errors).toEqual([]);
  });

  it('the side panel follows the tweet selected on x.com and shows its author’s case', async () => {
    const authors = fixtureAuthors();
    const target = authors[0]!;
    await h.call('createCase', { handle: target, title: 'Refund still missing' });
    const panel = await h.openSidePanel();
    await panel.getByText(/Reply to a tweet on x\.com/).waitFor();

    const page = await h.openX(HOME);
    await waitForContentScript(page);
    const chip = page.locator(TWEET).first().getByRole('button', { name: CHIP });
    await expect.poll(() => chip.count(), { timeout: 10_000 }).toBe(1);
    // A real click (Caselint ignores dispatched events), on cells that no longer overlap.
    await unstackCells(page);
    await chip.click();

    const heading = panel.getByRole('heading', { level: 2, name: new RegExp(`^@${target}`, 'i') });
    await expect.poll(() => heading.count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByRole('region', { name: 'Focused tweet' }).textContent()).toMatch(new RegExp(`Selected @${target}`, 'i'));
    expect(await panel.getByLabel('Status of Refund still missing').inputValue()).toBe('open');
    await panel.getByLabel('Status of Refund still missing').selectOption('waiting');
    await expect.poll(async () => (await h.call('history', target))?.cases[0]?.status).toBe('waiting');
    await page.close();
    await panel.close();
    expect(h.errors).toEqual([]);
  });

  it('a big CSV import shows its progress in the options page, and Cancel leaves the store as it was', async () => {
    await h.call('addNote', { handle: 'kept_before', text: 'stored before the import' });
    const before = await h.call('exportBackup');
    // 20,000 rows (~120,000 records, one transaction in slices of 5,000): long enough to see the bar and cancel.
    const lines = ['handle,name,title,note,email'];
    for (let i = 0; i < 20_000; i++) lines.push(`bulk_${i},Bulk ${i},Case ${i},note ${i},b${i}@example.com`);
    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/data'));
    await options.getByLabel('Import cases (CSV)').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await options.getByRole('button', { name: 'Import 20000 rows' }).click();
    const bar = options.getByRole('progressbar', { name: 'Importing big.csv' });
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await bar.getAttribute('max')).toBe('20000');
    expect(await options.locator('.import-progress-text').textContent()).toMatch(/^[\d,]+ of 20,000 rows( · .* left)?$/);
    await options.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => options.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Import cancelled: nothing was imported, the data is as before.');
    expect(await bar.count()).toBe(0);
    // Exactly as before: same backup (apart from its time stamp), no imported customer.
    const strip = (json: string) => ({ ...JSON.parse(json), exportedAt: null });
    expect(strip(await h.call('exportBackup'))).toEqual(strip(before));
    expect(await h.call('summaries', ['bulk_0', 'bulk_19999'])).toEqual({});
    await options.close();
  });

  it('exports a backup as a JSON download that imports back', async () => {
    await h.call('createCase', { handle: 'backup_me', title: 'Keep this' });
    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/data'));
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^caselint-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const json = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(json)).toMatchObject({ format: 'caselint-backup' });

    await h.call('clearAll');
    await options.getByLabel('Import backup (JSON)').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => options.getByRole('status').textContent()).toMatch(/^Imported b\.json: 1 customers, 1 cases/);
    expect((await h.call('history', 'backup_me'))?.cases[0]?.title).toBe('Keep this');
    await options.close();
    expect(h.errors).toEqual([]);
  });
});
