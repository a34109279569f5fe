/**
 * End-to-end harness: the built extension (.output/chrome-mv3) in Chromium via playwright-core, with x.com and
 * twitter.com served from the committed fixture pages (tests/fixtures/x-dom) and every other http(s) request
 * aborted. Used by the e2e specs and by scripts/demo.ts.
 *
 * Only x.com/twitter.com and "everything else http(s)" are routed, never `**\/*`: routing all requests would
 * also catch chrome-extension:// pages and the shadow-root CSS of the in-page UI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium, type BrowserContext, type ConsoleMessage, type Page, type Worker } from 'playwright-core';
import type { CaseApi } from '../../lib/cases/api';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const FIXTURE_DIR = join(ROOT, 'tests/fixtures/x-dom');

/** Page URL -> fixture file (URLs from each page's canonical link / the fixtures README). */
export const FIXTURE_PAGES = {
  'https://x.com/home': '01_home-timeline_logged-in_composer_2025-11-20.html',
  'https://x.com/arscontexta/status/2013045749580259680': '02_status-page_x-article_logged-in_inline-reply-composer_2026-02-13.html',
  'https://x.com/badlogicgames/status/1991612272289161300': '03_status-page_logged-out_2025-11-20.html',
  'https://x.com/badlogicgames': '04_profile-timeline_logged-out_2025-11.html',
  /** A bare timeline cell with a quote tweet; the URL is ours, the page had none. */
  'https://x.com/i/caselint-fixture/quote-tweet': '05_fragment_cellInnerDiv_quote-tweet_2025-10-28.html',
} as const;
export type FixtureUrl = keyof typeof FIXTURE_PAGES;

export const HOME = 'https://x.com/home' satisfies FixtureUrl;

const INSTALL_HINT = 'Install it with: sudo apt-get install -y chromium   (or set CHROME_PATH to a Chromium/Chrome binary)';

/** Chromium or Chrome on this machine: CHROME_PATH, then the usual names. Null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
  for (const c of candidates) if (existsSync(c)) return c;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return null;
}

/** The browser path, or an Error that says what to install (a missing browser is a failure, never a skip). */
export function requireChromium(): string {
  const path = findChromium();
  if (path) return path;
  const where = process.env.CHROME_PATH ? `CHROME_PATH=${process.env.CHROME_PATH} does not exist` : 'no Chromium or Chrome found';
  throw new Error(`Caselint e2e: ${where}. ${INSTALL_HINT}`);
}

export function requireBuild(dir = EXTENSION_DIR): string {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`Caselint e2e: no built extension in ${dir}. Run \`npm run build:chrome\` first.`);
  }
  return dir;
}

/** x.com and twitter.com URLs of the fixtures; query and hash ignored, twitter.com treated as x.com. */
export function fixtureFor(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const key = `https://x.com${u.pathname.replace(/\/+$/, '') || '/'}`;
  return (FIXTURE_PAGES as Record<string, string>)[key] ?? null;
}

export interface ConsoleEntry {
  where: string;
  text: string;
}

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Console errors and uncaught exceptions from pages and the service worker (resource-load noise excluded). */
  errors: ConsoleEntry[];
  /** Every x.com request that had no fixture (answered 404) and every other request that was aborted. */
  blocked: string[];
  extensionUrl(path: string): string;
  /** Open a fixture URL (e.g. HOME) in a new tab. */
  openX(url: FixtureUrl | string): Promise<Page>;
  openOptions(): Promise<Page>;
  /** The side panel page, opened as a tab (Playwright cannot drive the real side panel). */
  openSidePanel(): Promise<Page>;
  /** Call a CaseApi method through the real messaging, from an extension page (as the options page would). */
  call<M extends keyof CaseApi>(method: M, ...args: Parameters<CaseApi[M]>): Promise<Awaited<ReturnType<CaseApi[M]>>>;
  /** Send any message of the protocol (lib/messaging/protocol.ts) from an extension page: `data` is the argument list. */
  send(type: string, data: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  extensionDir?: string;
  viewport?: { width: number; height: number } | null;
  /** Browser profile directory, kept after close (default: a fresh temporary profile). The store bench reuses one. */
  userDataDir?: string;
  /** How long to wait for the extension's service worker to start (default 15 s). */
  serviceWorkerTimeoutMs?: number;
  /** Origins let through to the network (the team sync server on 127.0.0.1); every other http(s) request is aborted. */
  allowOrigins?: string[];
  /**
   * The content script's test hooks (entrypoints/content/test-hooks.ts): open shadow roots, so locators reach the
   * in-page UI, and the `data-caselint*` markers the tests wait for. Set in the extension's own storage before
   * any x.com page opens; the build is the production build either way. Default true; attacks.e2e.ts uses false.
   */
  testHooks?: boolean;
}

/** Errors that are expected offline: fixture images and stylesheets that do not resolve, aborted requests. */
const NOISE = [/Failed to load resource/, /Manifest fetch from https:\/\/(x|twitter)\.com\/manifest\.json failed/, /net::ERR_FAILED/, /net::ERR_ABORTED/, /unexpected operator/];

export async function launch(opts: LaunchOptions = {}): Promise<Harness> {
  const executablePath = requireChromium();
  const dir = requireBuild(opts.extensionDir ?? EXTENSION_DIR);
  const context = await chromium.launchPersistentContext(opts.userDataDir ?? '', {
    executablePath,
    headless: opts.headless ?? true,
    viewport: opts.viewport === undefined ? { width: 1280, height: 900 } : opts.viewport,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  const errors: ConsoleEntry[] = [];
  const blocked: string[] = [];
  const fixtureCache = new Map<string, string>();

  await context.route(/^https:\/\/(x|twitter)\.com\//, async (route) => {
    const url = route.request().url();
    const file = route.request().resourceType() === 'document' ? fixtureFor(url) : null;
    if (!file) {
      blocked.push(url);
      await route.fulfill({ status: 404, contentType: 'text/plain', body: `not in the Caselint fixtures: ${url}` });
      return;
    }
    let body = fixtureCache.get(file);
    if (body === undefined) {
      body = readFileSync(join(FIXTURE_DIR, file), 'utf8');
      fixtureCache.set(file, body);
    }
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  const allowed = (opts.allowOrigins ?? []).map((o) => new URL(o).origin);
  await context.route(/^https?:\/\/(?!(x|twitter)\.com\/)/, async (route) => {
    if (allowed.includes(new URL(route.request().url()).origin)) {
      await route.continue();
      return;
    }
    blocked.push(route.request().url());
    await route.abort('blockedbyclient');
  });

  const watch = (where: () => string) => (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (!NOISE.some((re) => re.test(text))) errors.push({ where: where(), text });
  };
  const watchPage = (page: Page) => {
    page.on('console', watch(() => page.url()));
    page.on('pageerror', (err) => errors.push({ where: page.url(), text: `${err.name}: ${err.message}` }));
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);

  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: opts.serviceWorkerTimeoutMs ?? 15_000 }));
  serviceWorker.on('console', watch(() => 'service worker'));
  if (opts.testHooks !== false) {
    await serviceWorker.evaluate(
      // An extension without the storage permission (the bench's floor extension) has no hooks to turn on.
      (key) => (globalThis as unknown as { chrome: { storage?: { local: { set(v: object): Promise<void> } } } }).chrome.storage?.local.set({ [key]: true }),
      'caselint:e2e-hooks',
    );
  }
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;

  // One extension page kept for calls into the background (the options page is an allowed sender).
  let caller: Page | null = null;
  const callerPage = async () => {
    if (!caller || caller.isClosed()) {
      caller = await context.newPage();
      await caller.goto(extensionUrl('options.html'));
    }
    return caller;
  };

  const harness: Harness = {
    context,
    extensionId,
    serviceWorker,
    errors,
    blocked,
    extensionUrl,
    async openX(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async openOptions() {
      const page = await context.newPage();
      await page.goto(extensionUrl('options.html'));
      return page;
    },
    async openSidePanel() {
      const page = await context.newPage();
      await page.goto(extensionUrl('sidepanel.html'));
      return page;
    },
    async call(method, ...args) {
      return harness.send(method, args) as never;
    },
    async send(method, args) {
      const page = await callerPage();
      // The wire format of @webext-core/messaging: { id, type, data, timestamp } -> { res } | { err }.
      return page.evaluate(
        ([type, data]) =>
          new Promise((resolvePromise, reject) => {
            type Reply = { res?: unknown; err?: { message?: string } } | undefined;
            const runtime = (
              globalThis as unknown as {
                chrome: { runtime: { lastError?: { message?: string }; sendMessage(m: unknown, cb: (r: Reply) => void): void } };
              }
            ).chrome.runtime;
            runtime.sendMessage({ id: Date.now(), type, data, timestamp: Date.now() }, (reply: Reply) => {
              if (runtime.lastError) reject(new Error(runtime.lastError.message));
              else if (!reply) reject(new Error(`no answer from the background to "${type}"`));
              else if (reply.err) reject(new Error(reply.err.message ?? JSON.stringify(reply.err)));
              else resolvePromise(reply.res);
            });
          }),
        [method, args] as const,
      ) as never;
    },
    async close() {
      await context.close();
    },
  };
  return harness;
}

/**
 * The static fixtures' timeline cells overlap (X's own layout script does not run offline): let them flow, so
 * a real click lands on what it aims at. Caselint acts only on real (trusted) input, never on dispatched events.
 */
export const UNSTACK_CELLS = '[data-testid="cellInnerDiv"] { position: relative !important; transform: none !important; }';

export async function unstackCells(page: { addStyleTag(o: { content: string }): Promise<unknown> }): Promise<void> {
  await page.addStyleTag({ content: UNSTACK_CELLS });
}

/** Wait until the content script has marked <html> (it sets data-caselint="ready" when it starts). */
export async function waitForContentScript(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.caselint === 'ready', undefined, { timeout });
}

/** Load the sample case history (lib/cases/seed.ts) onto fixture authors, through the real messaging. */
export async function seedDemoCases(h: Harness, now = Date.now()) {
  const { seedCustomers } = await import('../../lib/cases/seed');
  const { DEMO_HANDLES } = await import('../../scripts/demo-data/handles');
  return seedCustomers({ importBackup: (input) => h.call('importBackup', input) }, { now, handles: DEMO_HANDLES });
}
