/**
 * What the composer needs that no other feature does, kept out of the content script x.com loads on every page:
 * the linter with its rules, the pack engine (YAML, re2js) and what the rules use (twitter-text, libphonenumber),
 * and the case card's phone formatting and detail finder, which use the same libraries.
 * Built as its own file (entrypoints/lint-engine.ts, an unlisted script) and injected by the background on a
 * composer's first focus. The content script waits for it through ./load.ts, which imports only the types.
 */
import { browser } from 'wxt/browser';
import { FULL_CARD_TOOLS } from '../../../components/inpage/card-tools-full';
import { LinterSource } from './linter-source';
import { LINT_ENGINE_KEY, registeredLintEngine, type LintEngine } from './load';

/**
 * Registers the engine once: a second injection (two asks racing, a repeated ask) keeps the first and evaluates
 * nothing more. The one exception is an engine left by a previous load of the extension (reloaded or updated while
 * the tab stayed open): its browser APIs are dead, so the new one takes its place.
 */
export function registerLintEngine(): LintEngine {
  const existing = registeredLintEngine();
  if (existing?.alive()) return existing;
  const engine: LintEngine = {
    createLinterSource: (settings, signal) => new LinterSource(settings, signal),
    cardTools: FULL_CARD_TOOLS,
    alive: () => {
      try {
        return Boolean(browser.runtime?.id);
      } catch {
        return false;
      }
    },
  };
  Object.defineProperty(globalThis, LINT_ENGINE_KEY, { value: engine, configurable: true, enumerable: false, writable: false });
  return engine;
}
