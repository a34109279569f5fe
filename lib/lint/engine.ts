/**
 * The lint engine: runs built-in rules plus rules supplied by packs, applying per-rule settings.
 * Pure: no DOM, no browser APIs.
 */
import { Analysis } from './analysis';
import { normaliseRequest } from './request';
import type { Finding, LintRequest, Rule, RuleContext, RuleMeta, RuleSetting, Severity } from './types';
import { builtinRules } from './rules';
import { BudgetExceeded, setDeadline } from './budget';

export interface RuleSource {
  rule: Rule;
  /** Pack name, or "builtin". */
  source: string;
}

export interface LinterOptions {
  /** Rules from packs. A rule with the id of an earlier one replaces it. */
  extraRules?: RuleSource[];
  /** Per-rule settings by id; `source` names who configured it (a pack, "settings"). */
  settings?: Record<string, RuleSetting & { source?: string }>;
  /** Called once per rule id the first time that rule throws; the lint carries on without it. */
  onRuleError?: (error: unknown, ruleId: string) => void;
  /** Include the built-in rules (default true). */
  builtins?: boolean;
  /**
   * A hard time budget for all rules not built in (packs) in one lint. Pack matchers check the deadline between
   * matches; the rule that was running when it passed (or the slowest one of that lint) is turned off: it goes
   * into `disabled` with its reason and is skipped from then on. Share one `disabled` map between linters
   * rebuilt in one session. Without a budget (the CLI, tests) pack rules run to the end.
   */
  budget?: PackBudget;
}

export interface PackBudget {
  /** Milliseconds for all pack rules of one lint together (the composer uses PACK_BUDGET_MS). */
  ms: number;
  /** Rule id -> why it was turned off; shared by the linters of one session. */
  disabled: Map<string, string>;
  now?: () => number;
  /** Called once per rule turned off, with how long it took on the draft that turned it off. */
  onDisable?: (ruleId: string, reason: string, ms: number) => void;
}

/** The composer's budget for pack rules per keystroke. */
export const PACK_BUDGET_MS = 30;

export interface RuleInfo {
  meta: RuleMeta;
  source: string;
  enabled: boolean;
  severity: Severity;
  /** Who decided `enabled`/`severity`: the setting's source ("settings", a pack name) or the rule's own source. */
  decidedBy: string;
  /** Set when the time budget turned this pack rule off for the session. */
  disabledReason?: string;
}

export interface Linter {
  lint(request: LintRequest): Finding[];
  rules(): RuleInfo[];
}

interface Active {
  rule: Rule;
  severityFixed: boolean;
  info: RuleInfo;
  options: Record<string, unknown>;
}

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info']);

export function createLinter(opts: LinterOptions = {}): Linter {
  const byId = new Map<string, RuleSource>();
  if (opts.builtins !== false) for (const rule of builtinRules) byId.set(rule.meta.id, { rule, source: 'builtin' });
  for (const r of opts.extraRules ?? []) byId.set(r.rule.meta.id, r);

  const all: Active[] = [];
  for (const [id, { rule, source }] of byId) {
    const setting = opts.settings && Object.prototype.hasOwnProperty.call(opts.settings, id) ? opts.settings[id] : undefined;
    const severity =
      setting?.severity && SEVERITIES.has(setting.severity) ? setting.severity : rule.meta.severity;
    const enabled = setting?.enabled ?? true;
    const decidedBy = setting && (setting.enabled !== undefined || setting.severity !== undefined || setting.options)
      ? (setting.source ?? 'settings')
      : source;
    all.push({ rule, severityFixed: severity !== rule.meta.severity || !!setting?.severity, options: setting?.options ?? {}, info: { meta: rule.meta, source, enabled, severity, decidedBy } });
  }
  const active = all.filter((a) => a.info.enabled);
  const reported = new Set<string>();
  const budget = opts.budget;

  return {
    rules: () =>
      all.map((a) => {
        const why = budget?.disabled.get(a.info.meta.id);
        return why ? { ...a.info, enabled: false, disabledReason: why } : { ...a.info };
      }),
    lint(request: LintRequest): Finding[] {
      const req = normaliseRequest(request);
      const ctx: RuleContext = { request: req, analysis: new Analysis(req) };
      const len = req.draft.length;
      const out: Finding[] = [];
      const now = budget?.now ?? (() => performance.now());
      const began = budget ? now() : 0;
      const deadline = budget ? began + budget.ms : Infinity;
      let slowest: { id: string; ms: number } | null = null;
      let over = false;
      for (const a of active) {
        const id = a.info.meta.id;
        const timed = budget !== undefined && a.info.source !== 'builtin';
        if (timed && (over || budget.disabled.has(id))) continue;
        let reports;
        const t0 = timed ? now() : 0;
        const outer = timed ? setDeadline(deadline, now) : Infinity;
        try {
          reports = a.rule.check(ctx, a.options);
        } catch (err) {
          if (err instanceof BudgetExceeded) over = true;
          else if (!reported.has(a.info.meta.id)) {
            reported.add(a.info.meta.id);
            opts.onRuleError?.(err, a.info.meta.id);
          }
          continue;
        } finally {
          if (timed) {
            setDeadline(outer);
            const ms = now() - t0;
            if (!slowest || ms > slowest.ms) slowest = { id, ms };
            if (now() > deadline) over = true;
          }
        }

        if (!Array.isArray(reports)) continue;
        for (const r of reports) {
          if (!r || typeof r.message !== 'string') continue;
          let start = Number.isFinite(r.start) ? Math.max(0, Math.min(len, Math.trunc(r.start))) : 0;
          let end = Number.isFinite(r.end) ? Math.max(0, Math.min(len, Math.trunc(r.end))) : len;
          if (end < start) [start, end] = [end, start];
          const f: Finding = {
            rule: a.info.meta.id,
            // a severity from settings wins; otherwise a rule may pick per finding
            severity: a.severityFixed || !r.severity || !SEVERITIES.has(r.severity) ? a.info.severity : r.severity,
            message: r.message,
            start,
            end,
            source: a.info.decidedBy,
          };
          const sugg = r.suggestions?.filter((s) => s.start >= 0 && s.end <= len && s.start <= s.end);
          if (sugg && sugg.length) f.suggestions = sugg;
          out.push(f);
        }
      }
      if (over && budget && slowest) {
        const reason = `it took ${Math.round(slowest.ms)} ms on one draft; all pack rules together may take ${budget.ms} ms per keystroke`;
        budget.disabled.set(slowest.id, reason);
        budget.onDisable?.(slowest.id, reason, slowest.ms);
      }
      out.sort((x, y) => x.start - y.start || x.end - y.end || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0));
      return out;
    },
  };
}
