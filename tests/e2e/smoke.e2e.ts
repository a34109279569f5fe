import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME, launch, seedDemoCases, waitForContentScript, type Harness } from './harness';

let h: Harness;
let launchError: unknown = null;

// A missing browser or build fails every test with the reason (never a skip).
beforeAll(async () => {
  try {
    h = await launch();
  } catch (err) {
    launchError = err;
  }
});
beforeEach(() => {
  if (launchError) throw launchError;
});

afterAll(async () => {
  await h?.close();
});

describe('the built extension in Chromium', () => {
  it('the background answers CaseApi calls from an extension page through the real messaging', async () => {
    await h.call('clearAll');
    const note = await h.call('addNote', { handle: '@kevinafischer', text: 'Asked for a callback on Friday' });
    expect(note).toMatchObject({ customerKey: 'kevinafischer', text: 'Asked for a callback on Friday' });
    const summaries = await h.call('summaries', ['kevinafischer', 'nobody_here']);
    expect(Object.keys(summaries)).toEqual(['kevinafischer']);
    expect(summaries.kevinafischer?.notes).toBe(1);
  });

  it('rejects an invalid payload with an error naming the field, and writes nothing', async () => {
    await expect(h.call('addNote', { handle: 'kevinafischer', text: '   ' })).rejects.toThrow(/invalid "addNote" message: text: text must not be empty/);
    expect((await h.call('history', 'kevinafischer'))?.notes).toHaveLength(1);
  });

  it('loads the sample case history through importBackup', async () => {
    const report = await seedDemoCases(h);
    expect(report.customers).toBe(5);
    const summaries = await h.call('summaries', ['kevinafischer', 'hasufl', 'nic__carter', 'badlogicgames', 'arscontexta']);
    expect(Object.keys(summaries).sort()).toEqual(['arscontexta', 'badlogicgames', 'hasufl', 'kevinafischer', 'nic__carter']);
  });

  it('the content script runs on the home timeline fixture and finds its 20 tweets', async () => {
    const page = await h.openX(HOME);
    await waitForContentScript(page);
    await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20', undefined, { timeout: 10_000 });
    expect(await page.locator('article[data-testid="tweet"]').count()).toBe(20);
  });

  it('shows case chips for seeded authors on the home timeline', async () => {
    const page = await h.openX(HOME);
    await waitForContentScript(page);
    // hasufl (two tweets on the page) carries the "roaming bill" story: one open case.
    const chips = page.getByRole('button', { name: /^Case history: @hasufl: 1 open case/ });
    await expect.poll(() => chips.count(), { timeout: 10_000 }).toBe(2);
    // An author with no history gets nothing until the pointer is over the tweet, then the quiet "add note".
    const addNote = page.getByRole('button', { name: 'Add case note: @cmsholdings' });
    expect(await addNote.count()).toBe(0);
    await page.locator('article[data-testid="tweet"]', { hasText: '@cmsholdings' }).first().hover();
    await expect.poll(() => addNote.count(), { timeout: 10_000 }).toBe(1);
    await page.close();
  });

  it('updates chips in every open x.com tab when data changes elsewhere, without reload', async () => {
    const [home, profile] = [await h.openX(HOME), await h.openX('https://x.com/badlogicgames')];
    await waitForContentScript(home);
    await waitForContentScript(profile);
    const cmsChip = home.getByRole('button', { name: /^Case history: @cmsholdings: 1 open case/ });
    await home.locator('article[data-testid="tweet"]', { hasText: '@cmsholdings' }).first().hover();
    await expect.poll(() => home.getByRole('button', { name: 'Add case note: @cmsholdings' }).count(), { timeout: 10_000 }).toBe(1);
    const before = await profile.getByRole('button', { name: /^Case history: @badlogicgames: 1 open case/ }).count();
    expect(before).toBeGreaterThan(0);

    // As the options page would: two writes through the background.
    await h.call('createCase', { handle: 'cmsholdings', title: 'Order arrived damaged', priority: 'high' });
    await h.call('createCase', { handle: 'badlogicgames', title: 'Second card blocked' });

    await expect.poll(() => cmsChip.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => profile.getByRole('button', { name: /^Case history: @badlogicgames: 2 open cases/ }).count(), { timeout: 10_000 })
      .toBe(before);
    await home.close();
    await profile.close();
  });

  it('raised no console errors in pages or the service worker', () => {
    expect(h.errors).toEqual([]);
  });
});
