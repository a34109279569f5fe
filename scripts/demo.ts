/**
 * `npm run demo`: Caselint without an X account or network. Starts Chromium with the built extension
 * (.output/chrome-mv3) on the offline x.com fixture pages, with sample case history loaded
 * (lib/cases/seed.ts mapped onto fixture authors, scripts/demo-data/handles.ts).
 *
 * With a display (DISPLAY or WAYLAND_DISPLAY set) it opens a window and waits until you close it; without
 * one it writes screenshots to demo-screenshots/ and prints their paths. `--headless` forces screenshots.
 * Then the team demo (scripts/demo-team.ts): a local team server and two agents' browsers, A's note on B's chip.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { teamDemo } from './demo-team';
import { UNSTACK_CELLS, FIXTURE_PAGES, HOME, ROOT, findChromium, launch, requireBuild, seedDemoCases, waitForContentScript, type Harness } from '../tests/e2e/harness';

const OUT = join(ROOT, 'demo-screenshots');
const REPLY_PAGE = 'https://x.com/arscontexta/status/2013045749580259680';
/** A reply draft with the classic mistakes from the seed stories: asking for private details in public. */
const DRAFT = 'Sorry about that! Please call our support team at 1-800-555-0199 and they will sort it out.';
/**
 * X positions timeline cells absolutely from heights measured by its own scripts, which the offline pages do not
 * run (and their images do not load), so cells overlap. For readable screenshots, let them flow instead.
 */

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** Give the content script a moment to annotate: wait for its marker, then for chips if any appear. */
async function settle(page: Page): Promise<string> {
  try {
    await waitForContentScript(page, 8_000);
  } catch {
    return 'content script did not start';
  }
  await page
    .waitForFunction(() => document.querySelectorAll('[data-caselint="caselint-chip"]').length > 0, undefined, { timeout: 4_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
  const chips = await page.getByRole('button', { name: /^Case history: @/ }).count();
  const tweets = await page.evaluate(() => document.documentElement.dataset.caselintTweets ?? '?');
  return `${tweets} tweets seen, ${chips} with case history`;
}

const written: string[] = [];
async function shoot(page: Page, name: string, note: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${String(written.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  written.push(file);
  console.log(`  ${relative(process.cwd(), file)}  (${note})`);
}

async function screenshots(h: Harness): Promise<void> {

  console.log('Writing screenshots:');
  const pages: Array<[string, string]> = [
    [HOME, 'home-timeline'],
    ['https://x.com/badlogicgames/status/1991612272289161300', 'status-logged-out'],
    ['https://x.com/badlogicgames', 'profile'],
    [REPLY_PAGE, 'status-reply'],
  ];
  for (const [url, name] of pages) {
    const page = await h.openX(url);
    await page.addStyleTag({ content: UNSTACK_CELLS });
    await shoot(page, name, `${url}: ${await settle(page)}`);
    if (url === REPLY_PAGE) {
      // Type a reply in X's composer, as an agent would; the linter draws its findings over it.
      const composer = page.locator('[data-testid="tweetTextarea_0"]').first();
      if (await composer.count()) {
        await composer.click();
        await page.keyboard.type(DRAFT, { delay: 5 });
        const panel = page.getByRole('region', { name: 'Caselint reply check' });
        const shown = await panel
          .waitFor({ timeout: 5_000 })
          .then(async () => {
            await panel.scrollIntoViewIfNeeded();
            return `${await panel.getByRole('listitem').count()} findings in the lint panel`;
          })
          .catch(() => 'no lint panel appeared');
        await page.waitForTimeout(300);
        await shoot(page, 'composer-lint', `reply typed into the composer: ${shown}`);
      } else {
        console.log('  (no composer found on the reply page)');
      }
    }
  }
  const options = await h.openOptions();
  await options.waitForTimeout(1_000);
  await shoot(options, 'options', 'options page');
  const panel = await h.openSidePanel();
  await panel.waitForTimeout(1_000);
  await shoot(panel, 'side-panel', 'side panel (opened as a tab)');

  if (h.errors.length) {
    console.log(`\nConsole errors seen (${h.errors.length}):`);
    for (const e of h.errors.slice(0, 10)) console.log(`  [${e.where}] ${e.text}`);
  }
}

async function main(): Promise<void> {
  if (!findChromium()) {
    fail(
      'Caselint demo: no Chromium or Chrome found.\n' +
        'Install it with:  sudo apt-get install -y chromium\n' +
        'or point CHROME_PATH at a Chromium/Chrome binary:  CHROME_PATH=/path/to/chrome npm run demo',
    );
  }
  try {
    requireBuild();
  } catch (err) {
    fail((err as Error).message);
  }
  const headed = !process.argv.includes('--headless') && Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const h = await launch({ headless: !headed, viewport: headed ? null : { width: 1280, height: 900 } });
  try {
    const report = await seedDemoCases(h);
    console.log(
      `Sample case history loaded: ${report.customers} customers, ${report.cases} cases, ${report.notes} notes, ${report.promises} promises.`,
    );
    if (!headed) {
      await screenshots(h);
      await h.close();
      const team = await teamDemo({ headed, shoot });
      await team.stop();
      console.log(`\n${written.length} screenshots in ${relative(process.cwd(), OUT) || OUT}/`);
      return;
    }
    const team = await teamDemo({ headed, shoot: async () => undefined });
    h.context.on('close', () => void team.stop());
    for (const url of Object.keys(FIXTURE_PAGES)) if (url !== HOME) await h.openX(url);
    await h.openOptions();
    const home = await h.openX(HOME);
    await home.bringToFront();
    console.log(
      'Chromium is open on offline copies of x.com (home timeline, two conversations, a profile) with Caselint.\n' +
        `Try the reply composer on ${REPLY_PAGE}. Close the browser window to end the demo.`,
    );
    await new Promise<void>((done) => h.context.on('close', () => done()));
  } finally {
    await h.close().catch(() => undefined);
  }
}

main().catch((err: unknown) => fail(`Caselint demo failed: ${err instanceof Error ? err.message : String(err)}`));
