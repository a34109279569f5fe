/**
 * `npm run icons`: the extension's PNG icons (16, 32, 48, 128 px) from public/icon/caselint.svg, rendered by
 * Debian's Chromium (playwright-core; no image library needed). The PNGs are committed; run this after changing the SVG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, requireChromium } from '../tests/e2e/harness';

const SIZES = [16, 32, 48, 128] as const;
const svg = readFileSync(join(ROOT, 'public/icon/caselint.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.screenshot({ path: join(ROOT, `public/icon/${size}.png`), omitBackground: true });
    await page.close();
    console.log(`public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
