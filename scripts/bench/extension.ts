/** A private copy of the built extension so another engineer's rebuild cannot swap files mid-run. */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function snapshotExtension(root: string, build: boolean, log: (s: string) => void, from?: string): { dir: string; cleanup(): void } {
  const out = from ?? join(root, '.output/chrome-mv3');
  if (from && !existsSync(join(from, 'manifest.json'))) throw new Error(`no built extension in ${from}`);
  if ((!from && build) || !existsSync(join(out, 'manifest.json'))) {
    log('building the extension (npx wxt build)...');
    execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dir = mkdtempSync(join(tmpdir(), 'caselint-bench-ext-'));
  cpSync(out, dir, { recursive: true });
  // A blank extension page for the store bench (the build has no popup; the manifest is not changed).
  if (!existsSync(join(dir, 'popup.html'))) writeFileSync(join(dir, 'popup.html'), '<!doctype html><title>Caselint bench</title>\n');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
