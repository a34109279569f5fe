/**
 * `npm run demo`: Caselint without an X account or network. Starts Chromium with the built extension
 * (.output/chrome-mv3) on the offline x.com fixture pages, with sample case history loaded
 * (lib/cases/seed.ts mapped onto fixture authors, scripts/demo-data/handles.ts).
 *
 * With a display (DISPLAY or WAYLAND_DISPLAY set) it opens a window and waits until you close it; without
 * one it writes screenshots to demo-screenshots/ and prints their paths. `--headless` forces screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURE_PAGES, HOME, ROOT, findChromium, launch, requireBuild, seedDemoCases, waitForContentScript, type Harness } from '../tests/e2e/harness';

const OUT = join(ROOT, 'demo-screenshots');
const REPLY_PAGE = 'https://x.com/arscontexta/status/2013045749580259680';
/** A reply draft with the classic mistakes from the seed stories: asking for private details in public. */
const DRAFT = 'Hi! Sorry for the trouble. Please reply with your account number and phone number so we can check. ';

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
  const chips = await page
    .waitForFunction(() => document.querySelectorAll('[data-caselint="caselint-chip"]').length > 0, undefined, { timeout: 4_000 })
    .then(() => page.locator('[data-caselint="caselint-chip"]').count())
    .catch(() => 0);
  await page.waitForTimeout(300);
  const tweets = await page.evaluate(() => document.documentElement.dataset.caselintTweets ?? '?');
  return `${tweets} tweets seen, ${chips} chips`;
}

async function screenshots(h: Harness): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const written: string[] = [];
  const shoot = async (page: Page, name: string, note: string) => {
    const file = join(OUT, `${String(written.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    written.push(file);
    console.log(`  ${relative(process.cwd(), file)}  (${note})`);
  };

  console.log('Writing screenshots:');
  const pages: Array<[string, string]> = [
    [HOME, 'home-timeline'],
    ['https://x.com/badlogicgames/status/1991612272289161300', 'status-logged-out'],
    ['https://x.com/badlogicgames', 'profile'],
    [REPLY_PAGE, 'status-reply'],
  ];
  for (const [url, name] of pages) {
    const page = await h.openX(url);
    await shoot(page, name, `${url}: ${await settle(page)}`);
    if (url === REPLY_PAGE) {
      // Type a reply in X's composer, as an agent would; the linter draws its findings over it.
      const composer = page.locator('[data-testid="tweetTextarea_0"]').first();
      if (await composer.count()) {
        await composer.click();
        await page.keyboard.type(DRAFT, { delay: 5 });
        await page.waitForTimeout(1_000);
        const findings = await page.locator('[data-caselint]').count();
        await shoot(page, 'composer-lint', `reply typed into the composer; ${findings} Caselint elements on the page`);
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
  console.log(`\n${written.length} screenshots in ${relative(process.cwd(), OUT) || OUT}/`);
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
      return;
    }
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
