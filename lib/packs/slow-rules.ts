/**
 * Pack rules the per-keystroke time budget turned off in some tab, as the background keeps them for this
 * browser session (the Rules page lists them with the reason). Pure: the background persists `toJSON()` in
 * storage.session and answers `list()`.
 *
 * A tab reports only a rule id and how long the rule took; the reason shown is written here, so a content
 * script cannot put text of its own on the Rules page. Bounded: at most MAX_RULES rules, MAX_TABS tabs each.
 */
export interface SlowRuleEntry {
  /** Namespaced pack rule id, `pack/rule`. */
  rule: string;
  /** The slowest time reported for it, in ms. */
  ms: number;
  /** When it was last reported (epoch ms). */
  at: number;
  /** How many tabs turned it off. */
  tabs: number;
  reason: string;
}

interface Stored {
  rule: string;
  ms: number;
  at: number;
  tabs: number[];
}

export const MAX_SLOW_RULES = 500;
const MAX_TABS = 100;

export function slowRuleReason(ms: number, budgetMs: number, tabs: number): string {
  return `turned off in ${tabs === 1 ? 'a tab' : `${tabs} tabs`} this session: it took ${Math.round(ms)} ms on one draft; all pack rules together may take ${budgetMs} ms per keystroke`;
}

export class SlowRuleLog {
  private readonly byRule = new Map<string, Stored>();
  constructor(
    private readonly budgetMs: number,
    saved?: unknown,
  ) {
    if (Array.isArray(saved)) {
      for (const s of saved.slice(0, MAX_SLOW_RULES)) {
        if (s && typeof s.rule === 'string' && Number.isFinite(s.ms) && Number.isFinite(s.at) && Array.isArray(s.tabs)) {
          this.byRule.set(s.rule, { rule: s.rule, ms: s.ms, at: s.at, tabs: s.tabs.filter((t: unknown) => Number.isInteger(t)).slice(0, MAX_TABS) });
        }
      }
    }
  }

  /** Records a report; returns false when it was dropped (the log is full). */
  report(tabId: number, rule: string, ms: number, now: number): boolean {
    let s = this.byRule.get(rule);
    if (!s) {
      if (this.byRule.size >= MAX_SLOW_RULES) return false;
      s = { rule, ms: 0, at: now, tabs: [] };
      this.byRule.set(rule, s);
    }
    s.ms = Math.max(s.ms, ms);
    s.at = now;
    if (!s.tabs.includes(tabId) && s.tabs.length < MAX_TABS) s.tabs.push(tabId);
    return true;
  }

  /** Newest first. */
  list(): SlowRuleEntry[] {
    return [...this.byRule.values()]
      .sort((a, b) => b.at - a.at)
      .map((s) => ({ rule: s.rule, ms: s.ms, at: s.at, tabs: s.tabs.length, reason: slowRuleReason(s.ms, this.budgetMs, s.tabs.length) }));
  }

  get size(): number {
    return this.byRule.size;
  }

  toJSON(): Stored[] {
    return [...this.byRule.values()];
  }
}
