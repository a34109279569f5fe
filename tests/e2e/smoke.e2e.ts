import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, launch, seedDemoCases, waitForContentScript, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await launch();
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

  it('raised no console errors in pages or the service worker', () => {
    expect(h.errors).toEqual([]);
  });
});
