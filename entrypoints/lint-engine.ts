/**
 * The lint engine, injected by the background into an x.com tab's isolated world on a composer's first focus
 * (entrypoints/background/lint-engine.ts). Not listed in the manifest and not web-accessible.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { registerLintEngine } from './content/lint/engine';

export default defineUnlistedScript({
  // No global variable for the bundle: the engine registers itself under a symbol (LINT_ENGINE_KEY).
  globalName: false,
  main() {
    registerLintEngine();
  },
});
