/**
 * The pack editor on the options page, in the built extension: CodeMirror with line numbers and the lint gutter,
 * a mistake marked once at the line where it starts, a JSON pack read as JSON. Typing goes through the real
 * keyboard (CDP input), as an agent's would. Run `npx wxt build` first.
 * Screenshots (light, dark; 1280 and 500 px) go to $CASELINT_SHOTS when set, to look at by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOW_DRAFT, slowPackLarge } from '../unit/attacks/pack-fixtures';
import { launch, waitForContentScript, type Harness } from './harness';

const tone = readFileSync('packs/tone.yaml', 'utf8');
const bank = readFileSync('packs/bank-safety.json', 'utf8');
const SHOTS = process.env.CASELINT_SHOTS;
const STATUS_02 = 'https://x.com/arscontexta/status/2013045749580259680';

let h: Harness;
beforeAll(async () => {
  h = await launch();
});
afterAll(async () => {
  await h?.close();
});

async function replaceText(page: Page, text: string) {
  await page.getByLabel('Pack (YAML or JSON)', { exact: true }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Line numbers of the rows that carry an error marker in the lint gutter, read from where they are drawn. */
async function markedLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const numbers = [...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')].filter((e) => /^\d+$/.test(e.textContent ?? ''));
    return [...document.querySelectorAll<HTMLElement>('.cm-gutter-lint .cm-lint-marker-error')].map((m) => {
      const y = m.getBoundingClientRect().top + m.getBoundingClientRect().height / 2;
      const row = numbers.find((n) => {
        const r = n.getBoundingClientRect();
        return y >= r.top && y < r.bottom;
      });
      return row ? Number(row.textContent) : -1;
    });
  });
}

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 500]) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole('region', { name: /^Edit pack/ }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${width}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('pack editor', () => {
  it('marks one mistake once, in the gutter at its line, and reads JSON packs as JSON', async () => {
    const page = await h.openOptions();
    await page.goto(h.extensionUrl('options.html#/packs'));
    await page.getByLabel('Import pack (YAML or JSON)').setInputFiles({ name: 'tone.yaml', mimeType: 'application/yaml', buffer: Buffer.from(tone) });
    await page.getByRole('button', { name: 'Edit tone' }).click();
    const editor = page.getByRole('region', { name: 'Edit pack tone' });
    await expect.poll(() => editor.getByText(/^Valid: tone 1\.0\.0/).count()).toBe(1);
    // Line numbers are drawn, and the pack's own text is in the editor.
    await expect.poll(() => page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^12$/ }).count()).toBe(1);
    expect(await page.locator('.cm-content').textContent()).toContain('name: tone');
    expect(await markedLines(page)).toEqual([]);

    // One tab used as indentation: one problem, marked on that line (the YAML parser alone reports twelve).
    const lines = tone.split('\n');
    const n = lines.findIndex((l) => l.includes('type: existence')) + 1;
    await replaceText(page, lines.map((l, i) => (i === n - 1 ? l.replace('    type', '\ttype') : l)).join('\n'));
    await expect.poll(() => editor.getByRole('list', { name: 'Pack problems' }).getByRole('listitem').count()).toBe(1);
    expect(await editor.getByRole('list', { name: 'Pack problems' }).textContent()).toContain(`${n}:1 (pack): YAML syntax: Tabs are not allowed`);
    await expect.poll(() => markedLines(page)).toEqual([n]);
    expect(await editor.getByRole('button', { name: 'Save pack' }).isDisabled()).toBe(true);

    // An unclosed quote: marked where it opens.
    const q = lines.findIndex((l) => l.includes('description: Never tell')) + 1;
    await replaceText(page, lines.map((l, i) => (i === q - 1 ? l.replace('description: ', 'description: "') : l)).join('\n'));
    await expect.poll(() => markedLines(page)).toEqual([q]);
    await page.locator('.cm-gutter-lint .cm-lint-marker-error').hover();
    await expect.poll(() => page.locator('.cm-tooltip').textContent()).toContain('quote opened here is never closed');
    await shoot(page, 'pack-editor-yaml-error');

    // A JSON pack is highlighted and parsed as JSON; an unfinished string points at its opening quote.
    await replaceText(page, bank.replace(/"version": "([^"]*)"/, '"version": "$1'));
    await expect.poll(() => editor.getByText('Pack (JSON)').count()).toBe(1);
    const v = bank.split('\n').findIndex((l) => l.includes('"version"')) + 1;
    await expect.poll(() => markedLines(page)).toEqual([v]);
    expect(await editor.getByRole('list', { name: 'Pack problems' }).textContent()).toContain('JSON syntax');
    await replaceText(page, bank);
    await expect.poll(() => editor.getByText(/^Valid: bank-safety/).count()).toBe(1);
    expect(await markedLines(page)).toEqual([]);
    await shoot(page, 'pack-editor-json-valid');
    await page.close();
  });

  it('a pack rule the time budget turns off in a tab is listed on the Rules page with the reason', async () => {
    const options = await h.openOptions();
    await options.goto(h.extensionUrl('options.html#/packs'));
    const hostile = slowPackLarge();
    await options.getByLabel('Import pack (YAML or JSON)').setInputFiles({ name: 'slow-large.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
    await expect.poll(() => options.getByText('Installed pack “slow-large” 1.0.0.').count(), { timeout: 10_000 }).toBe(1);

    const page = await h.openX(STATUS_02);
    await waitForContentScript(page);
    await page.locator('[data-testid="tweetTextarea_0"]').click();
    await page.keyboard.insertText(SLOW_DRAFT);
    const off = page.getByRole('region', { name: 'Caselint: pack rules turned off' });
    await expect.poll(() => off.count(), { timeout: 10_000 }).toBe(1);
    const inTab = (await off.textContent()) ?? '';
    const rule = /Pack rule (slow-large\/[\w-]+) is off/.exec(inTab)?.[1];
    expect(rule).toBeTruthy();

    await options.goto(h.extensionUrl('options.html#/rules'));
    const box = options.getByRole('region', { name: 'Pack rules turned off by the time budget' });
    await expect.poll(() => box.count(), { timeout: 10_000 }).toBe(1);
    expect(await box.getByRole('link', { name: rule! }).count()).toBe(1);
    expect(await box.textContent()).toMatch(/turned off in a tab this session: it took \d+ ms on one draft; all pack rules together may take 30 ms per keystroke/);
    if (SHOTS) {
      for (const scheme of ['light', 'dark'] as const) {
        await options.emulateMedia({ colorScheme: scheme });
        for (const width of [1280, 500]) {
          await options.setViewportSize({ width, height: 900 });
          await options.screenshot({ path: join(SHOTS, `rules-slow-${scheme}-${width}.png`) });
        }
      }
    }
    await page.close();
    await options.close();
  });
});
