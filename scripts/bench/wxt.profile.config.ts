// Unminified build of the extension for profiling only (readable function names in CPU profiles):
//   npx wxt build -c scripts/bench/wxt.profile.config.ts     -> /tmp/caselint-profile-build/chrome-mv3
// then `npm run bench -- --only=annotate --ext=/tmp/caselint-profile-build/chrome-mv3`.
import base from '../../wxt.config';
import { defineConfig } from 'wxt';

export default defineConfig({
  ...base,
  root: new URL('../..', import.meta.url).pathname,
  outDir: '/tmp/caselint-profile-build',
  vite: () => ({ build: { minify: false } }),
});
