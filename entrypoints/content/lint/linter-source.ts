/**
 * The linter the composer uses: built-in rules + installed packs (browser.storage.local, PACKS_KEY) resolved
 * with the agent's settings (`resolveConfig`). Rebuilt when settings or packs change; broken packs are skipped
 * with a console warning naming them (the options page shows the details). Pack rules share a time budget per
 * keystroke (PACK_BUDGET_MS); a rule over it is turned off until the tab reloads, and the composer's panel says
 * which one and why; the background hears of it too, for the options page's Rules section.
 */
import { browser } from 'wxt/browser';
import { createLinter, type Linter } from '../../../lib/lint';
import { PACK_BUDGET_MS } from '../../../lib/lint/engine';
import { loadPack, PackStorage, PACKS_KEY, resolveConfig, type ResolvablePack } from '../../../lib/packs';
import type { Settings } from '../../../lib/settings';
import { messenger } from '../../../lib/messaging/messenger';

export class LinterSource {
  private linter: Linter;
  private packs: ResolvablePack[] = [];
  private settings: Settings;
  /** Pack rules the time budget turned off in this tab, with the reason (shown in the composer's panel). */
  readonly slowRules = new Map<string, string>();

  constructor(settings: Settings, signal: AbortSignal) {
    this.settings = settings;
    this.linter = this.build();
    void this.loadPacks();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && PACKS_KEY in changes) void this.loadPacks();
    };
    try {
      browser.storage.onChanged.addListener(onChanged);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onChanged), { once: true });
    } catch {
      // No storage (tests): built-ins only.
    }
  }

  current(): Linter {
    return this.linter;
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.linter = this.build();
  }

  private build(): Linter {
    const resolved = resolveConfig(this.packs, this.settings.rules);
    return createLinter({
      extraRules: resolved.extraRules,
      settings: resolved.settings,
      onRuleError: (e, id) => console.warn(`[caselint] rule ${id} failed and was skipped`, e),
      budget: {
        ms: PACK_BUDGET_MS,
        disabled: this.slowRules,
        // The options page's Rules section lists it too (the background keeps the list for the session).
        onDisable: (rule, _reason, ms) => {
          messenger.sendMessage('reportSlowRule', [{ rule, ms: Math.min(Math.round(ms), 600_000) }]).catch(() => undefined);
        },
      },
    });
  }

  private async loadPacks(): Promise<void> {
    try {
      const storage = new PackStorage({
        get: async (k) => (await browser.storage.local.get(k))[k],
        set: async () => {
          throw new Error('the content script never writes packs');
        },
      });
      const packs: ResolvablePack[] = [];
      for (const p of await storage.list()) {
        if (!p.enabled) continue;
        const loaded = loadPack(p.text, { filename: p.id });
        if (loaded.ok) packs.push({ pack: loaded.pack, compiled: loaded.compiled, enabled: true });
        else console.warn(`[caselint] pack "${p.id}" is broken and was skipped (see the options page)`);
      }
      this.packs = packs;
      this.linter = this.build();
    } catch (e) {
      console.warn('[caselint] could not load rule packs; using built-in rules only', e);
    }
  }
}
