/**
 * The lint engine (linter, rule packs, YAML, re2js, twitter-text, libphonenumber: ~700 KB) is not part of the
 * content script x.com loads on every page. On a composer's first focus the content script asks for it
 * (`loadLinter`), and the background injects /lint-engine.js into that tab's frame, in the isolated world the
 * content scripts share (entrypoints/lint-engine.ts registers it there). The file is not web-accessible: x.com's
 * page can neither fetch it nor tell that the extension is installed from it.
 */
import { browser } from 'wxt/browser';

/** The unlisted script WXT builds from entrypoints/lint-engine.ts. */
export const LINT_ENGINE_FILE = '/lint-engine.js';

export async function injectLinter(target: { tabId: number; frameId: number }): Promise<void> {
  // Chrome MV3: scripting (permission in wxt.config.ts). Firefox's MV2 build: tabs.executeScript, which runs the
  // file in the same content-script sandbox as the manifest's scripts (host permission for x.com suffices).
  if (browser.scripting?.executeScript) {
    await browser.scripting.executeScript({ target: { tabId: target.tabId, frameIds: [target.frameId] }, files: [LINT_ENGINE_FILE], world: 'ISOLATED' });
    return;
  }
  await browser.tabs.executeScript(target.tabId, { file: LINT_ENGINE_FILE, frameId: target.frameId });
}
