/**
 * The one switch for what only the end-to-end tests need on x.com: open shadow roots (Playwright's locators stop
 * at closed ones), `<html data-caselint="ready">` and `data-caselint-tweets`, host markers and User Timing marks.
 * Off in normal use, where every in-page host has a closed shadow root and X's document carries no marker.
 *
 * It is read from the extension's own storage (`TEST_HOOKS_KEY` in storage.local), which x.com's scripts can
 * neither read nor write; the harness (tests/e2e/harness.ts) sets it through the service worker before any x.com
 * page opens, so the e2e tests drive the production build. tests/e2e/attacks.e2e.ts runs with it off.
 */
import { browser } from 'wxt/browser';

export const TEST_HOOKS_KEY = 'caselint:e2e-hooks';

let on = false;
let untrustedOk = false;

export function testHooks(): boolean {
  return on;
}

/** jsdom has no trusted events at all: component tests in it accept synthetic ones. Never true in a browser. */
export function acceptsUntrusted(): boolean {
  return untrustedOk;
}

/** For unit tests in jsdom only (tests/setup.ts): open roots and markers, synthetic events accepted. */
export function setJsdomTestHooks(value: { hooks: boolean; untrusted: boolean }): void {
  on = value.hooks;
  untrustedOk = value.untrusted;
}

/** Called once when the content script starts, before anything is mounted. */
export async function loadTestHooks(): Promise<void> {
  try {
    on = (await browser.storage.local.get(TEST_HOOKS_KEY))[TEST_HOOKS_KEY] === true;
  } catch {
    on = false;
  }
}
