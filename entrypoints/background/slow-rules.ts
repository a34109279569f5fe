/**
 * Pack rules the per-keystroke budget turned off in a tab, kept for the browser session (storage.session, so a
 * stopped service worker keeps them) and read by the options page's Rules section. Only ids of rules of packs
 * installed here are kept: a tab cannot fill the list with names of its own.
 */
import { storage } from 'wxt/utils/storage';
import { PACK_BUDGET_MS } from '../../lib/lint/engine';
import { PackStorage } from '../../lib/packs';
import { SlowRuleLog, type SlowRuleEntry } from '../../lib/packs/slow-rules';
import { browser } from 'wxt/browser';

const item = storage.defineItem<unknown>('session:slowPackRules', { fallback: [] });

let log: Promise<SlowRuleLog> | null = null;
const current = () => (log ??= item.getValue().then((saved) => new SlowRuleLog(PACK_BUDGET_MS, saved)));

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

async function installedPackRule(rule: string): Promise<boolean> {
  const slash = rule.indexOf('/');
  if (slash <= 0) return false;
  const packs = await new PackStorage({
    get: async (k) => (await browser.storage.local.get(k))[k],
    set: async (k, v) => browser.storage.local.set({ [k]: v }),
  }).list();
  const pack = packs.find((p) => p.id === rule.slice(0, slash));
  return !!pack && pack.enabled;
}

export const slowRules = {
  report(tabId: number, rule: string, ms: number): Promise<void> {
    return serial(async () => {
      if (!(await installedPackRule(rule))) return;
      const l = await current();
      if (l.report(tabId, rule, ms, Date.now())) await item.setValue(l.toJSON());
    });
  },
  async list(): Promise<SlowRuleEntry[]> {
    return (await current()).list();
  },
};
