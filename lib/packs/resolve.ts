/**
 * resolveConfig: several packs + the agent's own settings -> the input of `createLinter`.
 *
 * Precedence (docs/packs.md, "Precedence"), decided field by field (enabled, severity, each option key):
 *   1. the agent's own settings (source "settings"),
 *   2. packs in the order the agent arranged them: the pack higher in the list (earlier) wins,
 *   3. the rule's own defaults (source "builtin" or the pack that defines the rule).
 * Every decision records who made it, so the options page can show "severity: error (from telecom-care)".
 */
import type { RuleSetting, Severity } from '../lint/types';
import type { RuleSource } from '../lint/engine';
import type { CompiledPack } from './compile';
import type { Pack } from './schema';

/** Keys come from packs and settings: null-prototype objects, so "constructor" or "__proto__" are plain keys. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export const USER_SOURCE = 'settings';

export interface ResolvablePack {
  pack: Pack;
  compiled: CompiledPack;
  /** Disabled packs contribute neither rules nor settings. Default true. */
  enabled?: boolean;
}

export interface RuleDecision {
  enabled?: { value: boolean; source: string };
  severity?: { value: Severity; source: string };
  options?: Record<string, { value: unknown; source: string }>;
  /** Lower-precedence values that were overridden, for "also set by ..." hints. */
  overridden: Array<{ field: string; value: unknown; source: string }>;
}

export interface ResolvedConfig {
  extraRules: RuleSource[];
  settings: Record<string, RuleSetting & { source?: string }>;
  decisions: Record<string, RuleDecision>;
  /** Things the agent should know: duplicate packs, settings for rules nobody defines. */
  problems: string[];
}

export function resolveConfig(
  installedPacks: ResolvablePack[],
  userSettings: Record<string, RuleSetting> = {},
  opts: { knownRuleIds?: Iterable<string> } = {},
): ResolvedConfig {
  const problems: string[] = [];
  const extraRules: RuleSource[] = [];
  const active: ResolvablePack[] = [];
  const seenNames = new Set<string>();
  for (const p of installedPacks) {
    if (p.enabled === false) continue;
    if (seenNames.has(p.pack.name)) {
      problems.push(`pack "${p.pack.name}" is installed twice; only the first one (higher in the list) is used`);
      continue;
    }
    seenNames.add(p.pack.name);
    active.push(p);
    for (const r of p.compiled.rules) extraRules.push({ rule: r.rule, source: r.source });
  }

  // Highest precedence first; the first source to set a field decides it.
  const layers: Array<{ source: string; settings: Record<string, RuleSetting> }> = [
    { source: USER_SOURCE, settings: userSettings },
    ...active.map((p) => ({ source: p.pack.name, settings: p.pack.settings })),
  ];
  const decisions = dict<RuleDecision>();
  for (const layer of layers) {
    for (const [ruleId, s] of Object.entries(layer.settings)) {
      const d = (decisions[ruleId] ??= { overridden: [] });
      if (s.enabled !== undefined) {
        if (d.enabled) d.overridden.push({ field: 'enabled', value: s.enabled, source: layer.source });
        else d.enabled = { value: s.enabled, source: layer.source };
      }
      if (s.severity !== undefined) {
        if (d.severity) d.overridden.push({ field: 'severity', value: s.severity, source: layer.source });
        else d.severity = { value: s.severity, source: layer.source };
      }
      for (const [key, value] of Object.entries(s.options ?? {})) {
        const o = (d.options ??= dict());
        if (o[key]) d.overridden.push({ field: `options.${key}`, value, source: layer.source });
        else o[key] = { value, source: layer.source };
      }
    }
  }

  const settings: ResolvedConfig['settings'] = dict();
  for (const [ruleId, d] of Object.entries(decisions)) {
    const out: RuleSetting & { source?: string } = {};
    const sources: string[] = [];
    if (d.enabled) {
      out.enabled = d.enabled.value;
      sources.push(d.enabled.source);
    }
    if (d.severity) {
      out.severity = d.severity.value;
      sources.push(d.severity.source);
    }
    if (d.options) {
      out.options = Object.assign(dict(), Object.fromEntries(Object.entries(d.options).map(([k, v]) => [k, v.value])));
      sources.push(...Object.values(d.options).map((v) => v.source));
    }
    // The engine takes one source per rule: the highest-precedence one that set anything.
    const rank = (s: string): number => layers.findIndex((l) => l.source === s);
    sources.sort((a, b) => rank(a) - rank(b));
    if (sources[0]) out.source = sources[0];
    settings[ruleId] = out;
  }

  if (opts.knownRuleIds) {
    const known = new Set(opts.knownRuleIds);
    for (const r of extraRules) known.add(r.rule.meta.id);
    for (const layer of layers.slice(1)) {
      for (const id of Object.keys(layer.settings)) {
        if (!known.has(id)) problems.push(`pack "${layer.source}" configures rule "${id}", which no built-in rule or installed pack defines`);
      }
    }
  }
  return { extraRules, settings, decisions, problems };
}
