/**
 * Firefox end-to-end harness: the built Firefox extension (.output/firefox-mv2) installed as a temporary add-on into
 * Debian's Firefox ESR (FIREFOX_PATH or /usr/bin/firefox-esr; never a downloaded browser), driven by puppeteer-core
 * over WebDriver BiDi (`browser.installExtension`, i.e. BiDi `webExtension.install`). Like the Chromium harness,
 * x.com and twitter.com documents are answered from the committed fixtures (tests/fixtures/x-dom), other x.com
 * requests get a 404 and every other http(s) request is aborted, by request interception on every tab.
 *
 * Two Firefox specifics: the add-on's moz-extension:// UUID is pinned through the `extensions.webextensions.uuids`
 * pref so its pages have a known URL, and BiDi refuses to navigate a tab to a moz-extension:// URL unless Firefox
 * runs with `--remote-allow-system-access` (test-only flag; the extension itself gets no extra rights from it).
 */
import { TEST_HOOKS_KEY } from '../../entrypoints/content/test-hooks';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type HTTPRequest, type Page } from 'puppeteer-core';
import type { CaseApi } from '../../lib/cases/api';
import { FIXTURE_DIR, ROOT, fixtureFor } from './harness';

export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output/firefox-mv2');
const ADDON_ID = 'caselint@caselint.dev';
const ADDON_UUID = '0c4e1a5e-7e57-4000-8000-00000000ca5e';
const INSTALL_HINT = 'Install it with: sudo apt-get install -y firefox-esr   (or set FIREFOX_PATH to a Firefox binary)';

/** Firefox on this machine: FIREFOX_PATH, then Debian's ESR and the usual names; an Error saying what to install. */
export function requireFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`Caselint Firefox e2e: FIREFOX_PATH=${fromEnv} does not exist. ${INSTALL_HINT}`);
  }
  for (const c of ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr']) if (existsSync(c)) return c;
  throw new Error(`Caselint Firefox e2e: no Firefox found. ${INSTALL_HINT}`);
}

export interface FirefoxHarness {
  browser: Browser;
  /** Firefox's version string, e.g. "firefox/153.8.0". */
  version: string;
  /** Uncaught exceptions and console errors from every tab (fixture resource noise excluded). */
  errors: { where: string; text: string }[];
  extensionUrl(path: string): string;
  openX(url: string): Promise<Page>;
  /** An extension page (options.html, sidepanel.html…) in a new tab, loaded. */
  openExtensionPage(path: string): Promise<Page>;
  call<M extends keyof CaseApi>(method: M, ...args: Parameters<CaseApi[M]>): Promise<Awaited<ReturnType<CaseApi[M]>>>;
  close(): Promise<void>;
}

const NOISE = [/Failed to load resource/, /Cross-Origin Request Blocked: .*\(Reason: CORS request did not succeed\)/, /NS_ERROR/, /downloadable font/, /Content-Security-Policy/, /unexpected operator/];

export async function launchFirefox(opts: { headless?: boolean } = {}): Promise<FirefoxHarness> {
  const executablePath = requireFirefox();
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`Caselint Firefox e2e: no built extension in ${FIREFOX_EXTENSION_DIR}. Run \`npm run build:firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: opts.headless ?? true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // No first-run pages, telemetry or update checks: the only traffic is what the tests route.
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'app.update.enabled': false,
    },
  });
  const version = await browser.version();
  const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  if (installed !== ADDON_ID) throw new Error(`Caselint Firefox e2e: installed add-on id is ${installed}, expected ${ADDON_ID}`);

  const errors: FirefoxHarness['errors'] = [];
  const fixtureCache = new Map<string, string>();
  const extensionUrl = (path: string) => `moz-extension://${ADDON_UUID}/${path.replace(/^\//, '')}`;

  const route = (req: HTTPRequest) => {
    const url = req.url();
    if (!/^https?:/.test(url)) return void req.continue();
    if (/^https:\/\/(x|twitter)\.com\//.test(url)) {
      const file = req.isNavigationRequest() ? fixtureFor(url) : null;
      if (!file) return void req.respond({ status: 404, contentType: 'text/plain', body: `not in the Caselint fixtures: ${url}` });
      let body = fixtureCache.get(file);
      if (body === undefined) fixtureCache.set(file, (body = readFileSync(join(FIXTURE_DIR, file), 'utf8')));
      return void req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
    }
    return void req.abort('blockedbyclient');
  };

  const watch = (page: Page) => {
    page.on('pageerror', (err) => {
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (!NOISE.some((re) => re.test(text))) errors.push({ where: page.url(), text });
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !NOISE.some((re) => re.test(msg.text()))) errors.push({ where: page.url(), text: msg.text() });
    });
  };

  const openExtensionPage = async (path: string) => {
    const page = await browser.newPage();
    watch(page);
    const url = extensionUrl(path);
    // BiDi reports no load for the switch into the extension's process: navigate, then wait for the document.
    void page.goto(url).catch(() => {});
    const deadline = Date.now() + 15_000;
    for (;;) {
      const state = await page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
      if (state === `${url} complete`) return page;
      if (Date.now() > deadline) throw new Error(`Caselint Firefox e2e: ${url} did not load (last state: "${state}")`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  let caller: Page | null = null;
  const harness: FirefoxHarness = {
    browser,
    version,
    errors,
    extensionUrl,
    async openX(url) {
      const page = await browser.newPage();
      watch(page);
      await page.setRequestInterception(true);
      page.on('request', route);
      await page.goto(url);
      return page;
    },
    openExtensionPage,
    async call(method, ...args) {
      if (!caller || caller.isClosed()) caller = await openExtensionPage('options.html');
      // The wire format of @webext-core/messaging: { id, type, data, timestamp } -> { res } | { err }.
      const reply = (await caller.evaluate(
        (type, data) =>
          (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({
            id: Date.now(),
            type,
            data,
            timestamp: Date.now(),
          }),
        method,
        args as unknown,
      )) as { res?: unknown; err?: { message?: string } } | undefined;
      if (!reply) throw new Error(`no answer from the background to "${method}"`);
      if (reply.err) throw new Error(reply.err.message ?? JSON.stringify(reply.err));
      return reply.res as never;
    },
    async close() {
      await browser.close();
    },
  };
  // The content script's test hooks (entrypoints/content/test-hooks.ts: open roots, the markers the tests wait
  // for), switched on in the extension's own storage before any x.com page opens, as the Chromium harness does.
  caller = await openExtensionPage('options.html');
  await caller.evaluate(
    (key) => (globalThis as unknown as { browser: { storage: { local: { set(v: object): Promise<void> } } } }).browser.storage.local.set({ [key]: true }),
    TEST_HOOKS_KEY,
  );
  return harness;
}

/** Wait until the content script has marked <html> (data-caselint="ready"). */
export async function waitForContentScriptFx(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.caselint === 'ready', { timeout });
}

/** Poll `fn` until it returns `want` (deep-equal by JSON), or fail with the last value. */
export async function pollFor<T>(what: string, fn: () => Promise<T>, want: T, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (JSON.stringify(last) === JSON.stringify(want)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: expected ${JSON.stringify(want)}, last was ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An element inside the page's (open) shadow roots, by CSS selector: puppeteer's `pierce/` handler. */
export async function pierce(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(`pierce/${selector}`, { timeout: 10_000 });
  if (!el) throw new Error(`no element ${selector} on ${page.url()}`);
  return el;
}
