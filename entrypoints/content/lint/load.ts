/**
 * The content script's side of the lazily loaded lint engine (./engine.ts). Imports no engine code, only its types:
 * the content script x.com loads on every page stays small, and the engine is asked for on a composer's first focus.
 */
import { messenger } from '../../../lib/messaging/messenger';
import type { CardTools } from '../../../components/inpage/card-tools';
import type { Settings } from '../../../lib/settings';
import type { LinterSource } from './linter-source';

export interface LintEngine {
  createLinterSource(settings: Settings, signal: AbortSignal): LinterSource;
  /** The case card's phone formatting and detail finder (libphonenumber, the linter's analysis). */
  cardTools: CardTools;
  /** False once the extension that injected it was reloaded or removed (its browser APIs are gone). */
  alive(): boolean;
}

/**
 * The global the engine registers itself on. Content scripts of one extension share one isolated world per frame,
 * which x.com's scripts cannot see (their world has its own globals); a symbol keeps it off every name lookup.
 */
export const LINT_ENGINE_KEY: unique symbol = Symbol.for('caselint.lintEngine') as never;

type EngineGlobal = typeof globalThis & { [LINT_ENGINE_KEY]?: LintEngine };

export function registeredLintEngine(): LintEngine | undefined {
  return (globalThis as EngineGlobal)[LINT_ENGINE_KEY];
}

let pending: Promise<LintEngine> | null = null;

/**
 * The lint engine, loaded once per page: the background injects /lint-engine.js into this frame and answers when it
 * has run (executeScript resolves after the file's evaluation), so the engine is registered by then. Asks while
 * one is on its way (several composers, the card) share it; once registered, the engine answers at once; a failed
 * load is retried on the next ask.
 */
export function lintEngine(): Promise<LintEngine> {
  const ready = registeredLintEngine();
  if (ready?.alive()) return Promise.resolve(ready);
  pending ??= messenger.sendMessage('loadLinter', []).then(
    () => {
      pending = null;
      const engine = registeredLintEngine();
      if (!engine?.alive()) throw new Error('the lint engine was injected but did not register itself');
      return engine;
    },
    (e: unknown) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}
